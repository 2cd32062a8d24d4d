#include "aws/api/shared_config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "aws/api/region.h"

namespace sls::aws::api {

TEST(AwsSharedConfig, ParsesIni) {
  IniFile ini = parse_ini(
      "# comment\n[default]\naws_access_key_id = AK ; trailing\n region=eu-west-1\n"
      "s3 =\n  max_concurrent_requests = 5\nafter = yes\n\n[profile dev]\nkey=a=b\n");
  EXPECT_EQ(ini["default"]["aws_access_key_id"], "AK");
  EXPECT_EQ(ini["default"]["region"], "eu-west-1");
  EXPECT_EQ(ini["default"].count("max_concurrent_requests"), 0u);
  EXPECT_EQ(ini["default"]["after"], "yes");
  EXPECT_EQ(ini["profile dev"]["key"], "a=b");
}

TEST(AwsSharedConfig, MergesFilesAndReadsRegions) {
  auto dir = std::filesystem::temp_directory_path() / ("sls-shared-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / ".aws");
  std::ofstream(dir / ".aws/config") << "[default]\nregion = eu-central-1\n[profile dev]\nregion = ap-south-1\n"
                                        "aws_access_key_id = FROMCONFIG\n[sso-session corp]\nsso_region = us-east-2\n"
                                        "[ignored]\nx = 1\n";
  std::ofstream(dir / ".aws/credentials") << "[dev]\naws_access_key_id = FROMCREDS\n";
  auto env = map_env({{"HOME", dir.string()}});
  SharedConfig c = load_shared_config(env);
  EXPECT_EQ(c.profile("dev")->at("aws_access_key_id"), "FROMCREDS");
  EXPECT_EQ(c.profile("dev")->at("region"), "ap-south-1");
  EXPECT_EQ(c.sso_sessions.at("corp").at("sso_region"), "us-east-2");
  EXPECT_FALSE(c.has_profile("ignored"));
  EXPECT_EQ(environment_region(env), "eu-central-1");
  EXPECT_EQ(environment_region(env, "dev"), "ap-south-1");
  EXPECT_EQ(environment_region(map_env({{"HOME", dir.string()}, {"AWS_REGION", "sa-east-1"}})), "sa-east-1");
  EXPECT_EQ(deployment_region("", "eu-west-3"), "eu-west-3");
  EXPECT_EQ(deployment_region("us-west-2", "eu-west-3"), "us-west-2");
  EXPECT_EQ(deployment_region("", ""), "us-east-1");
  std::filesystem::remove_all(dir);
}

}  // namespace sls::aws::api
