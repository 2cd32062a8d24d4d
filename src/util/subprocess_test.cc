#include "util/subprocess.h"

#include <gtest/gtest.h>

namespace sls {
namespace {

TEST(Subprocess, RunsInParallelAndKeepsOrderAndOutput) {
  std::vector<std::vector<std::string>> commands;
  for (int i = 0; i < 5; ++i)
    commands.push_back({"/bin/sh", "-c", "echo out" + std::to_string(i) + "; echo err >&2; exit " + std::to_string(i)});
  commands.push_back({"/nonexistent/program"});
  auto results = run_processes(commands, "/tmp", 2);
  ASSERT_EQ(results.size(), 6u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(results[i].exit_code, i);
    EXPECT_EQ(results[i].output, "out" + std::to_string(i) + "\nerr\n");
  }
  EXPECT_NE(results[5].exit_code, 0);
}

TEST(Subprocess, FindsExecutablesOnAFolderList) {
  EXPECT_EQ(find_program_in("sh", "/nonexistent:/bin"), std::filesystem::path("/bin/sh"));
  EXPECT_FALSE(find_program_in("passwd", "/etc").has_value());  // exists, not executable
  EXPECT_FALSE(find_program_in("sh", "/nonexistent").has_value());
  EXPECT_EQ(find_program_in("/any/path", "/bin"), std::filesystem::path("/any/path"));
}

}  // namespace
}  // namespace sls
