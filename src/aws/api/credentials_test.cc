#include "aws/api/credentials.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "aws/api/hash.h"
#include "aws/api/test_server.h"
#include "util/error.h"

namespace sls::aws::api {
namespace {

namespace fs = std::filesystem;
using testing::LocalServer;

// A temporary HOME with ~/.aws files; removed afterwards.
struct TempHome {
  fs::path dir;
  TempHome() {
    static int counter = 0;
    dir = fs::temp_directory_path() / ("sls-creds-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    fs::create_directories(dir / ".aws/sso/cache");
  }
  ~TempHome() { fs::remove_all(dir); }
  void write(const std::string& rel, const std::string& text) const { std::ofstream(dir / rel) << text; }
  CredentialSources sources(std::map<std::string, std::string> vars) const {
    vars["HOME"] = dir.string();
    vars["AWS_EC2_METADATA_DISABLED"] = "true";
    CredentialSources s;
    s.env = map_env(std::move(vars));
    return s;
  }
};

std::string code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const UserError& e) {
    return e.code;
  }
  return "";
}

}  // namespace

TEST(AwsCredentials, EnvironmentKeys) {
  TempHome home;
  Credentials c = resolve_credentials(
      home.sources({{"AWS_ACCESS_KEY_ID", "AK"}, {"AWS_SECRET_ACCESS_KEY", "SK"}, {"AWS_SESSION_TOKEN", "T"}}));
  EXPECT_EQ(c.access_key_id, "AK");
  EXPECT_EQ(c.secret_access_key, "SK");
  EXPECT_EQ(c.session_token, "T");
}

TEST(AwsCredentials, OrderFollowsOsls) {
  TempHome home;
  home.write(".aws/credentials", "[default]\naws_access_key_id = DEF\naws_secret_access_key = s\n"
                                 "[cli]\naws_access_key_id = CLI\naws_secret_access_key = s\n"
                                 "[prov]\naws_access_key_id = PROV\naws_secret_access_key = s\n");
  home.write(".aws/config", "[profile stageprof]\naws_access_key_id = STAGE\naws_secret_access_key = s\n");
  std::map<std::string, std::string> keys = {{"AWS_ACCESS_KEY_ID", "ENV"}, {"AWS_SECRET_ACCESS_KEY", "s"}};
  auto src = home.sources(keys);
  src.cli_profile = "cli";
  EXPECT_EQ(resolve_credentials(src).access_key_id, "CLI");  // --aws-profile beats env keys
  src = home.sources(keys);
  src.provider_profile = "prov";
  EXPECT_EQ(resolve_credentials(src).access_key_id, "ENV");  // env keys beat provider.profile
  src = home.sources({});
  src.provider_profile = "prov";
  EXPECT_EQ(resolve_credentials(src).access_key_id, "PROV");
  src = home.sources({{"AWS_DEV_PROFILE", "stageprof"}, {"AWS_ACCESS_KEY_ID", "ENV"}, {"AWS_SECRET_ACCESS_KEY", "s"}});
  src.stage = "dev";
  EXPECT_EQ(resolve_credentials(src).access_key_id, "STAGE");
  src = home.sources({{"AWS_DEV_ACCESS_KEY_ID", "DEVKEY"}, {"AWS_DEV_SECRET_ACCESS_KEY", "s"}, {"AWS_PROFILE", "cli"}});
  src.stage = "dev";
  EXPECT_EQ(resolve_credentials(src).access_key_id, "DEVKEY");
  EXPECT_EQ(resolve_credentials(home.sources({{"AWS_PROFILE", "cli"}})).access_key_id, "CLI");
  EXPECT_EQ(resolve_credentials(home.sources({})).access_key_id, "DEF");
  EXPECT_EQ(resolve_credentials(home.sources({{"AWS_DEFAULT_PROFILE", "prov"}})).access_key_id, "PROV");
}

TEST(AwsCredentials, ClearErrors) {
  TempHome home;
  EXPECT_EQ(code_of([&] { resolve_credentials(home.sources({})); }), "AWS_CREDENTIALS_NOT_FOUND");
  EXPECT_EQ(code_of([&] { resolve_credentials(home.sources({{"AWS_PROFILE", "nope"}})); }), "UNRECOGNIZED_AWS_PROFILE");
  try {
    resolve_credentials(home.sources({}));
  } catch (const UserError& e) {
    EXPECT_STREQ(e.what(),
                 "AWS provider credentials not found. Learn how to set up AWS provider credentials in our docs here: "
                 "<https://github.com/oss-serverless/osls/blob/4.x/docs/guides/credentials.md>.");
  }
}

TEST(AwsCredentials, CredentialProcess) {
  TempHome home;
  home.write("proc.sh", "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"PK\", \"SecretAccessKey\": \"PS\", "
                        "\"SessionToken\": \"PT\", \"Expiration\": \"2030-01-01T00:00:00Z\"}'\n");
  home.write(".aws/config", "[profile p]\ncredential_process = sh " + (home.dir / "proc.sh").string() +
                                "\n[profile bad]\ncredential_process = sh -c 'exit 3'\n");
  Credentials c = resolve_credentials(home.sources({{"AWS_PROFILE", "p"}}));
  EXPECT_EQ(c.access_key_id, "PK");
  EXPECT_EQ(c.session_token, "PT");
  ASSERT_TRUE(c.expiration.has_value());
  EXPECT_EQ(code_of([&] { resolve_credentials(home.sources({{"AWS_PROFILE", "bad"}})); }),
            "AWS_CREDENTIAL_PROCESS_FAILED");
}

TEST(AwsCredentials, AssumeRoleWithSourceProfile) {
  LocalServer s;
  std::string body, auth;
  s.server.Post("/", [&](const httplib::Request& req, httplib::Response& res) {
    body = req.body;
    auth = req.get_header_value("Authorization");
    res.set_content("<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIA</AccessKeyId>"
                    "<SecretAccessKey>RS</SecretAccessKey><SessionToken>RT</SessionToken>"
                    "<Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult>"
                    "</AssumeRoleResponse>",
                    "text/xml");
  });
  s.start();
  TempHome home;
  home.write(".aws/credentials", "[base]\naws_access_key_id = BASE\naws_secret_access_key = s\n");
  home.write(".aws/config", "[profile role]\nrole_arn = arn:aws:iam::123:role/deploy\nsource_profile = base\n"
                            "role_session_name = me\nexternal_id = ext\nregion = eu-west-1\n"
                            "[profile loop]\nrole_arn = arn:aws:iam::123:role/x\nsource_profile = loop2\n"
                            "[profile loop2]\nrole_arn = arn:aws:iam::123:role/x\nsource_profile = loop\n");
  HttpClient http;
  auto src = home.sources({{"AWS_ENDPOINT_URL_STS", s.origin()}});
  src.http = &http;
  src.cli_profile = "role";
  Credentials c = resolve_credentials(src);
  EXPECT_EQ(c.access_key_id, "ASIA");
  EXPECT_EQ(c.session_token, "RT");
  EXPECT_EQ(body, "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123%3Arole%2Fdeploy&"
                  "RoleSessionName=me&ExternalId=ext");
  EXPECT_NE(auth.find("Credential=BASE/"), std::string::npos);
  EXPECT_NE(auth.find("/eu-west-1/sts/"), std::string::npos);
  src.cli_profile = "loop";
  EXPECT_EQ(code_of([&] { resolve_credentials(src); }), "AWS_ASSUME_ROLE_FAILED");
}

TEST(AwsCredentials, SsoProfileUsesCachedToken) {
  LocalServer s;
  std::string bearer, query;
  s.server.Get("/federation/credentials", [&](const httplib::Request& req, httplib::Response& res) {
    bearer = req.get_header_value("x-amz-sso_bearer_token");
    query = req.get_param_value("account_id") + "/" + req.get_param_value("role_name");
    res.set_content(R"({"roleCredentials":{"accessKeyId":"SSOK","secretAccessKey":"SSOS",)"
                    R"("sessionToken":"SSOT","expiration":1893456000000}})",
                    "application/json");
  });
  s.start();
  TempHome home;
  home.write(".aws/config", "[profile sso]\nsso_session = corp\nsso_account_id = 111\nsso_role_name = Admin\n"
                            "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n");
  home.write(".aws/sso/cache/" + sha1_hex("corp") + ".json",
             R"({"accessToken":"TOKEN","expiresAt":"2099-01-01T00:00:00Z"})");
  HttpClient http;
  auto src = home.sources({{"AWS_ENDPOINT_URL_SSO", s.origin()}, {"AWS_PROFILE", "sso"}});
  src.http = &http;
  Credentials c = resolve_credentials(src);
  EXPECT_EQ(c.access_key_id, "SSOK");
  EXPECT_EQ(c.session_token, "SSOT");
  EXPECT_EQ(bearer, "TOKEN");
  EXPECT_EQ(query, "111/Admin");
  home.write(".aws/sso/cache/" + sha1_hex("corp") + ".json",
             R"({"accessToken":"TOKEN","expiresAt":"2001-01-01T00:00:00Z"})");
  EXPECT_EQ(code_of([&] { resolve_credentials(src); }), "AWS_SSO_CREDENTIALS_FAILED");
}

TEST(AwsCredentials, ContainerAndInstanceMetadata) {
  LocalServer s;
  std::string container_auth, imds_token;
  s.server.Get("/creds", [&](const httplib::Request& req, httplib::Response& res) {
    container_auth = req.get_header_value("Authorization");
    res.set_content(R"({"AccessKeyId":"CK","SecretAccessKey":"CS","Token":"CT","Expiration":"2030-01-01T00:00:00Z"})",
                    "application/json");
  });
  s.server.Put("/latest/api/token", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content("IMDSTOKEN", "text/plain");
  });
  s.server.Get("/latest/meta-data/iam/security-credentials/", [&](const httplib::Request& req, httplib::Response& res) {
    imds_token = req.get_header_value("X-aws-ec2-metadata-token");
    res.set_content("my-role", "text/plain");
  });
  s.server.Get("/latest/meta-data/iam/security-credentials/my-role", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"Code":"Success","AccessKeyId":"IK","SecretAccessKey":"IS","Token":"IT"})", "application/json");
  });
  s.start();
  TempHome home;
  Credentials c = resolve_credentials(home.sources(
      {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", s.url("/creds")}, {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "secret"}}));
  EXPECT_EQ(c.access_key_id, "CK");
  EXPECT_EQ(container_auth, "secret");
  auto src = home.sources({});
  src.env = map_env({{"HOME", home.dir.string()}, {"AWS_EC2_METADATA_SERVICE_ENDPOINT", s.origin()}});
  c = resolve_credentials(src);
  EXPECT_EQ(c.access_key_id, "IK");
  EXPECT_EQ(c.session_token, "IT");
  EXPECT_EQ(imds_token, "IMDSTOKEN");
}

}  // namespace sls::aws::api
