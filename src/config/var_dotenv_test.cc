#include "config/var_dotenv.h"

#include <gtest/gtest.h>

#include <fstream>
#include <unistd.h>

namespace sls::config::vars {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(VarDotenv, ParsesDotenvSyntax) {
  EXPECT_EQ(parse_dotenv("A=1\r\n# c\n\n  export B = two  # note\nC='x # y'\nD=\"a\\nb\"\nE\nF=\nA=3\n"),
            (Pairs{{"A", "3"}, {"B", "two"}, {"C", "x # y"}, {"D", "a\nb"}, {"F", ""}}));
  EXPECT_EQ(parse_dotenv("K: v\nexport=1\nM=`b t`\n"),
            (Pairs{{"K", "v"}, {"export", "1"}, {"M", "b t"}}));
  EXPECT_EQ(parse_dotenv("Q=\"line1\nline2\"\nR=r"), (Pairs{{"Q", "line1\nline2"}, {"R", "r"}}));
}

TEST(VarDotenv, ExpandsAgainstEnvironmentAndEarlierValues) {
  auto dir = std::filesystem::temp_directory_path() / ("sls_dotenv_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / ".env") << "A=a\nB=${A}-${HOME_X}\nC=${MISSING:-d}\nD=${A:+set}\nE=\\$A\nHOME_X=file\n";
  }
  std::map<std::string, std::string> overlay;
  auto getenv = [](const std::string& name) -> std::optional<std::string> {
    if (name == "HOME_X") return std::string("env");
    return std::nullopt;
  };
  EXPECT_TRUE(load_dotenv(dir, "dev", getenv, overlay));
  EXPECT_EQ(overlay["A"], "a");
  EXPECT_EQ(overlay["B"], "a-env");
  EXPECT_EQ(overlay["C"], "d");
  EXPECT_EQ(overlay["D"], "set");
  EXPECT_EQ(overlay["E"], "$A");
  EXPECT_EQ(overlay["HOME_X"], "env");  // a defined variable wins over the file
  std::filesystem::remove_all(dir);
  std::map<std::string, std::string> none;
  EXPECT_FALSE(load_dotenv(dir, "dev", getenv, none));
}

}  // namespace
}  // namespace sls::config::vars
