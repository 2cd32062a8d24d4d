#include "aws/deploy/stack_params.h"

#include <gtest/gtest.h>

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
