// provider.deletionProtection as osls 4.3.1 resolves it, and the
// UpdateTerminationProtection request, against a scripted loopback fake (moto
// 5.2 has no UpdateTerminationProtection).
#include "aws/deploy/deletion_protection.h"

#include <gtest/gtest.h>

#include "aws/api/test_server.h"
#include "util/error.h"

namespace sls::aws::deploy {

TEST(DeletionProtection, Setting) {
  EXPECT_EQ(deletion_protection_for(Json::parse(R"({})"), "dev"), std::nullopt);
  EXPECT_EQ(deletion_protection_for(Json::parse(R"({"deletionProtection": true})"), "dev"), true);
  EXPECT_EQ(deletion_protection_for(Json::parse(R"({"deletionProtection": false})"), "dev"), false);
  EXPECT_EQ(deletion_protection_for(Json::parse(R"({"deletionProtection": {"stages": ["prod"]}})"), "prod"), true);
  EXPECT_EQ(deletion_protection_for(Json::parse(R"({"deletionProtection": {"stages": ["prod"]}})"), "dev"), false);
  EXPECT_THROW(deletion_protection_for(Json::parse(R"({"deletionProtection": {"stages": []}})"), "dev"), UserError);
  EXPECT_THROW(deletion_protection_for(Json::parse(R"({"deletionProtection": "on"})"), "dev"), UserError);
}

TEST(DeletionProtection, UpdatesTheStackAndNamesAFailure) {
  api::testing::LocalServer s;
  std::string body;
  bool fail = false;
  s.server.Post("/", [&](const httplib::Request& req, httplib::Response& res) {
    body = req.body;
    if (fail) {
      res.status = 400;
      res.set_content("<ErrorResponse><Error><Code>ValidationError</Code><Message>Stack [svc-prod] does not exist"
                      "</Message></Error></ErrorResponse>",
                      "text/xml");
      return;
    }
    res.set_content("<UpdateTerminationProtectionResponse><UpdateTerminationProtectionResult><StackId>id</StackId>"
                    "</UpdateTerminationProtectionResult></UpdateTerminationProtectionResponse>",
                    "text/xml");
  });
  s.start();
  api::HttpClient http;
  Target target{"svc", "prod", "us-east-1", "svc-prod", Json::parse(R"({"deletionProtection":{"stages":["prod"]}})")};
  Reporter reporter;
  EXPECT_EQ(apply_deletion_protection(s.context(http), target, reporter),
            "Enabled deletion protection for stack \"svc-prod\"");
  EXPECT_NE(body.find("Action=UpdateTerminationProtection"), std::string::npos);
  EXPECT_NE(body.find("EnableTerminationProtection=true"), std::string::npos);
  EXPECT_NE(body.find("StackName=svc-prod"), std::string::npos);

  target.stage = "dev";
  EXPECT_EQ(apply_deletion_protection(s.context(http), target, reporter),
            "Disabled deletion protection for stack \"svc-prod\"");
  EXPECT_NE(body.find("EnableTerminationProtection=false"), std::string::npos);

  target.provider = Json::object();
  body.clear();
  EXPECT_EQ(apply_deletion_protection(s.context(http), target, reporter), "");
  EXPECT_EQ(body, "");  // nothing set: no call

  target.provider = Json::parse(R"({"deletionProtection": true})");
  fail = true;
  try {
    apply_deletion_protection(s.context(http), target, reporter);
    FAIL() << "expected an error";
  } catch (const UserError& e) {
    EXPECT_EQ(e.code, "AWS_CLOUDFORMATION_DELETION_PROTECTION_UPDATE_FAILED");
    EXPECT_NE(std::string(e.what()).find("Could not enable deletion protection for stack \"svc-prod\" (the stack "
                                         "itself was deployed)"),
              std::string::npos);
  }
}

}  // namespace sls::aws::deploy
