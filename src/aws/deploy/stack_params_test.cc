#include "aws/deploy/stack_params.h"

#include <gtest/gtest.h>

#include <atomic>

#include "aws/api/test_server.h"

namespace sls::aws::deploy {

namespace {
Target target(Json provider = Json::object()) {
  Target t;
  t.service = "svc";
  t.stage = "dev";
  t.region = "us-east-1";
  t.stack_name = "svc-dev";
  t.provider = std::move(provider);
  return t;
}
}  // namespace

TEST(StackParams, SharedParamsLikeOsls) {
  Json p = shared_stack_params(target(), {"https://s3.amazonaws.com/b/k", nullptr, false});
  EXPECT_EQ(p["StackName"], "svc-dev");
  EXPECT_EQ(p["Capabilities"], Json::array({"CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"}));
  EXPECT_EQ(p["Tags"], Json::parse(R"([{"Key":"STAGE","Value":"dev"}])"));
  EXPECT_EQ(p["TemplateURL"], "https://s3.amazonaws.com/b/k");
  EXPECT_EQ(p["NotificationARNs"], Json::array());
  EXPECT_FALSE(p.contains("RoleARN"));
}

TEST(StackParams, TagsRoleTransformNotificationsParameters) {
  Json provider = Json::parse(R"({"stackTags":{"stage":"x","team":"a"},"iam":{"deploymentRole":"arn:role"},
    "notificationArns":["arn:sns"],"stackParameters":[{"ParameterKey":"K","ParameterValue":"V"}]})");
  Json body = Json::parse(R"({"Transform":"AWS::Serverless-2016-10-31"})");
  Json p = shared_stack_params(target(provider), {"", &body, true});
  EXPECT_EQ(p["Tags"], Json::parse(R"([{"Key":"stage","Value":"x"},{"Key":"team","Value":"a"}])"));
  EXPECT_EQ(p["RoleARN"], "arn:role");
  EXPECT_EQ(p["Capabilities"].back(), "CAPABILITY_AUTO_EXPAND");
  EXPECT_EQ(p["TemplateBody"], body.dump());
  EXPECT_EQ(p["NotificationARNs"], Json::array({"arn:sns"}));
  EXPECT_EQ(p["Parameters"][0]["ParameterKey"], "K");
}

TEST(StackParams, ChangeSetCreateUpdateAndExecute) {
  Json provider = Json::parse(R"({"disableRollback":true,"stackPolicy":[{"Effect":"Allow"}],
    "rollbackConfiguration":{"MonitoringTimeInMinutes":5}})");
  Json cs = create_change_set_params(target(provider), {"u", nullptr, false}, "UPDATE");
  EXPECT_EQ(cs["ChangeSetName"], "svc-dev-change-set");
  EXPECT_EQ(cs["ChangeSetType"], "UPDATE");
  EXPECT_EQ(cs["RollbackConfiguration"]["MonitoringTimeInMinutes"], 5);
  Json create = create_stack_params(target(provider), {"u", nullptr, false});
  EXPECT_FALSE(create.contains("OnFailure"));
  EXPECT_EQ(create["DisableRollback"], true);
  EXPECT_EQ(create_stack_params(target(), {"u", nullptr, false})["OnFailure"], "DELETE");
  Json update = update_stack_params(target(provider), {"u", nullptr, false});
  EXPECT_EQ(update["StackPolicyBody"], R"({"Statement":[{"Effect":"Allow"}]})");
  EXPECT_EQ(execute_change_set_params(target(provider))["DisableRollback"], true);
  EXPECT_FALSE(execute_change_set_params(target()).contains("DisableRollback"));
}

TEST(StackParams, QueryFlattening) {
  Json p = Json::parse(R"({"StackName":"s","Capabilities":["A","B"],"Tags":[{"Key":"k","Value":"v"}],
    "NotificationARNs":[],"RollbackConfiguration":{"MonitoringTimeInMinutes":5},"DisableRollback":true})");
  api::QueryParams q = to_query(p);
  api::QueryParams want = {{"StackName", "s"},
                           {"Capabilities.member.1", "A"},
                           {"Capabilities.member.2", "B"},
                           {"Tags.member.1.Key", "k"},
                           {"Tags.member.1.Value", "v"},
                           {"NotificationARNs", ""},
                           {"RollbackConfiguration.MonitoringTimeInMinutes", "5"},
                           {"DisableRollback", "true"}};
  EXPECT_EQ(q, want);
}

TEST(StackParams, TemplateUrlPerPartition) {
  EXPECT_EQ(template_url("eu-west-1", "b", "serverless/s/dev/1-2"),
            "https://s3.amazonaws.com/b/serverless/s/dev/1-2/compiled-cloudformation-template.json");
  EXPECT_EQ(s3_endpoint_for_region("us-gov-west-1"), "s3-us-gov-west-1.amazonaws.com");
  EXPECT_EQ(s3_endpoint_for_region("cn-north-1"), "s3.cn-north-1.amazonaws.com.cn");
  EXPECT_FALSE(changesets_method(Json{{"deploymentMethod", "direct"}}));
  EXPECT_TRUE(changesets_method(Json::object()));
}

}  // namespace sls::aws::deploy

namespace sls::aws::deploy {
namespace {

std::string param_of(const std::string& body, const std::string& name) {
  auto at = body.find(name + "=");
  if (at == std::string::npos) return "";
  auto end = body.find('&', at);
  return body.substr(at + name.size() + 1, end == std::string::npos ? std::string::npos : end - at - name.size() - 1);
}

}  // namespace

// A retry after a lost reply (here: a 500) resends the same token, so CloudFormation
// treats both as one request.
TEST(StackParams, MutatingCallsCarryOneTokenAcrossRetries) {
  api::testing::LocalServer s;
  std::vector<std::string> bodies;
  s.server.Post("/", [&](const httplib::Request& req, httplib::Response& res) {
    bodies.push_back(req.body);
    if (bodies.size() == 1) {
      res.status = 500;
      res.set_content("<ErrorResponse><Error><Code>InternalFailure</Code></Error></ErrorResponse>", "text/xml");
      return;
    }
    res.set_content("<CreateChangeSetResponse><CreateChangeSetResult><Id>cs</Id></CreateChangeSetResult>"
                    "</CreateChangeSetResponse>", "text/xml");
  });
  s.start();
  api::HttpClient http;
  cfn_mutate(s.context(http), "CreateChangeSet", Json{{"StackName", "svc-dev"}}, Reporter{});
  ASSERT_EQ(bodies.size(), 2u);
  const std::string token = param_of(bodies[0], "ClientToken");
  EXPECT_EQ(token.size(), 36u);
  EXPECT_EQ(token.substr(0, 4), "sls-");
  EXPECT_EQ(param_of(bodies[1], "ClientToken"), token);

  bodies.clear();
  cfn_mutate(s.context(http), "ExecuteChangeSet", Json{{"StackName", "svc-dev"}}, Reporter{});
  ASSERT_FALSE(bodies.empty());
  EXPECT_EQ(param_of(bodies.back(), "ClientRequestToken").size(), 36u);
  EXPECT_NE(param_of(bodies.back(), "ClientRequestToken"), token);  // a new call, a new token
}

TEST(StackParams, NoMutatingCallAfterCtrlC) {
  api::testing::LocalServer s;
  int requests = 0;
  s.server.Post("/", [&](const httplib::Request&, httplib::Response& res) {
    ++requests;
    res.set_content("<X/>", "text/xml");
  });
  s.start();
  api::HttpClient http;
  std::atomic<bool> cancelled{true};
  Reporter reporter;
  reporter.cancelled = &cancelled;
  try {
    cfn_mutate(s.context(http), "ExecuteChangeSet", Json{{"StackName", "svc-dev"}}, reporter);
    FAIL() << "expected Interrupted";
  } catch (const Interrupted& e) {
    EXPECT_STREQ(e.what(), "Interrupted before ExecuteChangeSet: it was not started.");
  }
  EXPECT_EQ(requests, 0);
}

}  // namespace sls::aws::deploy
