// Hostile variables: exponential expansion and files that never end are
// refused quickly with a message naming the property.
#include "config/var_budget.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "config/var_sources.h"
#include "config/variables.h"
#include "util/error.h"

namespace sls::config {
namespace {

namespace fs = std::filesystem;

std::string error_of(const Json& config, const fs::path& dir = ".") {
  ResolveInput input;
  input.service_dir = dir;
  input.config_file_name = "serverless.yml";
  input.instance_id = "1";
  input.getenv = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  try {
    resolve_variables(config, input);
  } catch (const UserError& e) {
    return e.what();
  }
  return "<no error>";
}

Json service_with(const Json& custom) {
  return Json{{"service", "svc"}, {"provider", {{"name", "aws"}}}, {"custom", custom}};
}

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("sls-var-budget-" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
};

}  // namespace

TEST(VariableBudget, DoublingChainStopsNamingPropertyAndChain) {
  Json custom = {{"s0", std::string(1000, 'l')}};
  for (int i = 1; i <= 30; ++i) {
    std::string prev = "${self:custom.s" + std::to_string(i - 1) + "}";
    custom["s" + std::to_string(i)] = prev + prev;
  }
  std::string e = error_of(service_with(custom));
  EXPECT_NE(e.find("Cannot resolve variable at \"custom.s"), std::string::npos) << e.substr(0, 2000);
  EXPECT_NE(e.find("MiB for one resolved value"), std::string::npos) << e.substr(0, 2000);
  EXPECT_NE(e.find("via custom.s"), std::string::npos) << e.substr(0, 2000);
  EXPECT_NE(e.find(" -> custom.s"), std::string::npos) << e.substr(0, 2000);
}

TEST(VariableBudget, ManyLargeValuesExceedTheTotal) {
  Json custom = {{"big", std::string(4 << 20, 'x')}};
  for (int i = 0; i < 40; ++i) custom["copy" + std::to_string(i)] = "${self:custom.big}-";
  std::string e = error_of(service_with(custom));
  EXPECT_NE(e.find("MiB, the limit for one configuration"), std::string::npos) << e.substr(0, 2000);
}

TEST(VariableBudget, ApproximateSizeCountsStringsAndStopsPastTheLimit) {
  EXPECT_EQ(vars::approximate_size(Json("abc"), 100), 3u);
  EXPECT_EQ(vars::approximate_size(Json{{"ab", "cd"}}, 100), 8u + 2 + 2);
  Json wide = Json::array();
  for (int i = 0; i < 1000; ++i) wide.push_back(std::string(100, 'x'));
  EXPECT_LT(vars::approximate_size(wide, 500), 700u);
}

TEST(VariableFiles, NonRegularFilesAreRefused) {
  TempDir dir;
  ASSERT_EQ(::mkfifo((dir.path / "fifo").c_str(), 0600), 0);
  std::string fifo = error_of(service_with({{"a", "${file(./fifo)}"}}), dir.path);
  EXPECT_NE(fifo.find("Cannot read \"fifo\": it is not a regular file"), std::string::npos) << fifo;
  std::string zero = error_of(service_with({{"a", "${file(/dev/zero)}"}}), dir.path);
  EXPECT_NE(zero.find("Cannot read \"/dev/zero\": it is not a regular file"), std::string::npos) << zero;
  std::string yml = error_of(service_with({{"a", "${file(/dev/urandom):x}"}}), dir.path);
  EXPECT_NE(yml.find("it is not a regular file"), std::string::npos) << yml;
}

TEST(VariableFiles, FilesOverTheSizeLimitAreRefused) {
  TempDir dir;
  { std::ofstream(dir.path / "huge.txt"); }
  fs::resize_file(dir.path / "huge.txt", vars::kMaxVariableFileBytes + 1);  // sparse: no real disk use
  std::string e = error_of(service_with({{"a", "${file(./huge.txt)}"}}), dir.path);
  EXPECT_NE(e.find("Cannot read \"huge.txt\": it is 67108865 bytes, over the limit of 64 MiB"), std::string::npos)
      << e;
  std::ofstream(dir.path / "small.txt") << "hello";
  Json ok = Json{{"service", "svc"}, {"provider", {{"name", "aws"}}}, {"custom", {{"a", "${file(./small.txt)}"}}}};
  EXPECT_EQ(error_of(ok, dir.path), "<no error>");
}

}  // namespace sls::config
