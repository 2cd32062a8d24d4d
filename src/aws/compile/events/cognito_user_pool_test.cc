// compile_cognito_user_pool and check_cognito_user_pool against osls 4.3.1's behaviour.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aws/compile/events/events_test_util.h"
#include "aws/compile/events/registry.h"
#include "config/validate.h"
#include "util/error.h"

namespace sls::compile::events {
namespace {
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::make_fixture;

std::vector<std::string> issues_of(const std::string& config_json) {
  std::vector<std::string> out;
  for (const auto& issue : config::validate_service_config(Json::parse(config_json), event_types()))
    out.push_back(config::format_issue(issue));
  return out;
}

std::string compile_error(const std::string& config) {
  auto f = make_fixture(config);
  try {
    compile_events(f->ctx);
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

// osls 4.3.1: the pools first (in order of first use, all triggers of a pool in one
// LambdaConfig, DependsOn one entry per trigger), then a permission per trigger.
TEST(CognitoUserPoolEvents, TriggersOnOnePoolMergeAndPermissionsFollow) {
  auto f = make_fixture(R"json({"service":"svc","functions":{
      "a":{"handler":"h.h","events":[{"cognitoUserPool":{"pool":"p-1","trigger":"PreSignUp"}},
                                     {"cognitoUserPool":{"pool":"q","trigger":"UserMigration"}}]},
      "b":{"handler":"h.h","events":[{"cognitoUserPool":{"pool":"p-1","trigger":"CustomMessage"}}]}}})json");
  compile_events(f->ctx);
  EXPECT_EQ(f->ctx.resources().dump(), Json::parse(R"json({
    "CognitoUserPoolP1":{"Type":"AWS::Cognito::UserPool","Properties":{"UserPoolName":"p-1","LambdaConfig":{
      "PreSignUp":{"Fn::GetAtt":["ALambdaFunction","Arn"]},"CustomMessage":{"Fn::GetAtt":["BLambdaFunction","Arn"]}}},
      "DependsOn":["ALambdaFunction","BLambdaFunction"]},
    "CognitoUserPoolQ":{"Type":"AWS::Cognito::UserPool","Properties":{"UserPoolName":"q","LambdaConfig":{
      "UserMigration":{"Fn::GetAtt":["ALambdaFunction","Arn"]}}},"DependsOn":["ALambdaFunction"]},
    "ALambdaPermissionCognitoUserPoolP1TriggerSourcePreSignUp":{"Type":"AWS::Lambda::Permission","Properties":{
      "FunctionName":{"Fn::GetAtt":["ALambdaFunction","Arn"]},"Action":"lambda:InvokeFunction",
      "Principal":"cognito-idp.amazonaws.com","SourceArn":{"Fn::GetAtt":["CognitoUserPoolP1","Arn"]}}},
    "ALambdaPermissionCognitoUserPoolQTriggerSourceUserMigration":{"Type":"AWS::Lambda::Permission","Properties":{
      "FunctionName":{"Fn::GetAtt":["ALambdaFunction","Arn"]},"Action":"lambda:InvokeFunction",
      "Principal":"cognito-idp.amazonaws.com","SourceArn":{"Fn::GetAtt":["CognitoUserPoolQ","Arn"]}}},
    "BLambdaPermissionCognitoUserPoolP1TriggerSourceCustomMessage":{"Type":"AWS::Lambda::Permission","Properties":{
      "FunctionName":{"Fn::GetAtt":["BLambdaFunction","Arn"]},"Action":"lambda:InvokeFunction",
      "Principal":"cognito-idp.amazonaws.com","SourceArn":{"Fn::GetAtt":["CognitoUserPoolP1","Arn"]}}}})json").dump());
}

// Custom senders: {LambdaArn, LambdaVersion V1_0}, and the pool's KMSKeyID after the first of them.
TEST(CognitoUserPoolEvents, CustomSendersCarryVersionAndKmsKey) {
  auto f = make_fixture(R"json({"service":"svc","functions":{"a":{"handler":"h.h","events":[
      {"cognitoUserPool":{"pool":"p","trigger":"CustomSMSSender","kmsKeyId":"arn:aws:kms:k"}},
      {"cognitoUserPool":{"pool":"p","trigger":"PreSignUp"}},
      {"cognitoUserPool":{"pool":"p","trigger":"CustomEmailSender","kmsKeyId":"arn:aws:kms:k"}}]}}})json");
  compile_events(f->ctx);
  EXPECT_EQ(f->ctx.resources()["CognitoUserPoolP"]["Properties"]["LambdaConfig"].dump(), Json::parse(R"json({
    "CustomSMSSender":{"LambdaArn":{"Fn::GetAtt":["ALambdaFunction","Arn"]},"LambdaVersion":"V1_0"},
    "KMSKeyID":"arn:aws:kms:k",
    "PreSignUp":{"Fn::GetAtt":["ALambdaFunction","Arn"]},
    "CustomEmailSender":{"LambdaArn":{"Fn::GetAtt":["ALambdaFunction","Arn"]},"LambdaVersion":"V1_0"}})json").dump());
}

TEST(CognitoUserPoolEvents, CustomSenderNeedsOneKmsKeyPerPool) {
  EXPECT_THAT(compile_error(R"json({"service":"svc","functions":{"a":{"handler":"h.h","events":[
      {"cognitoUserPool":{"pool":"p","trigger":"CustomSMSSender"}}]}}})json"),
              HasSubstr("KMS Key must be set when using a Custom Sender Source Trigger"));
  EXPECT_THAT(compile_error(R"json({"service":"svc","functions":{"a":{"handler":"h.h","events":[
      {"cognitoUserPool":{"pool":"p","trigger":"CustomSMSSender","kmsKeyId":"arn:aws:kms:a"}},
      {"cognitoUserPool":{"pool":"p","trigger":"CustomEmailSender","kmsKeyId":"arn:aws:kms:b"}}]}}})json"),
              HasSubstr("Only one KMS Key for can be configured per Cognito User Pool. Affected Cognito User Pool: \"p\"."));
}

// osls 4.3.1 (golden cognito-existing has the whole template): one Custom::CognitoUserPool per
// function, custom senders with LambdaVersion and KMSKeyID, kms:CreateGrant for the first event's
// key, the Resource "*" statement once, then the Lambda and PassRole statements.
TEST(CognitoUserPoolEvents, ExistingPoolsThroughCustomResource) {
  auto f = make_fixture(R"json({"service":"svc","provider":{"name":"aws"},"functions":{
      "a":{"handler":"h.h","events":[{"cognitoUserPool":{"pool":"P","trigger":"CustomSMSSender","existing":true,"kmsKeyId":"arn:aws:kms:k"}},
        {"cognitoUserPool":{"pool":"P","trigger":"PreSignUp","existing":true,"forceDeploy":true}}]},
      "b":{"handler":"h.h","events":[{"cognitoUserPool":{"pool":"Q","trigger":"PreSignUp","existing":true}}]}}})json");
  testing::PackageDir dir(f->ctx, "sls_cup_existing_test");
  compile_events(f->ctx);
  const Json& r = f->ctx.resources();
  EXPECT_EQ(r["ACustomCognitoUserPool1"].dump(), Json::parse(R"json({"Type":"Custom::CognitoUserPool","Version":1,
      "DependsOn":["ALambdaFunction","CustomDashresourceDashexistingDashcupLambdaFunction"],
      "Properties":{"ServiceToken":{"Fn::GetAtt":["CustomDashresourceDashexistingDashcupLambdaFunction","Arn"]},
        "FunctionName":"svc-dev-a","UserPoolName":"P","UserPoolConfigs":[
          {"Trigger":"CustomSMSSender","LambdaVersion":"V1_0","KMSKeyID":"arn:aws:kms:k"},{"Trigger":"PreSignUp"}]}})json").dump());
  EXPECT_EQ(r["BCustomCognitoUserPool1"]["DependsOn"].back(), "ACustomCognitoUserPool1");
  const Json& statements = r["IamRoleCustomResourcesLambdaExecution"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"];
  ASSERT_EQ(statements.size(), 5u);
  EXPECT_EQ(statements[0]["Action"], Json::parse(R"(["kms:CreateGrant"])"));
  EXPECT_EQ(statements[1]["Resource"], "*");
  EXPECT_EQ(statements[4]["Action"], Json::parse(R"(["iam:PassRole"])"));
}

TEST(CognitoUserPoolEvents, OneExistingPoolPerFunction) {
  EXPECT_THAT(compile_error(R"json({"service":"svc","functions":{"a":{"handler":"h.h","events":[
      {"cognitoUserPool":{"pool":"p","trigger":"PreSignUp","existing":true}},
      {"cognitoUserPool":{"pool":"q","trigger":"PreSignUp","existing":true}}]}}})json"),
              HasSubstr("Only one Cognito User Pool can be configured per function. In \"svc-dev-a\" you're "
                        "attempting to configure \"p\" and \"q\" at the same time."));
}

TEST(CognitoUserPoolEvents, Schema) {
  EXPECT_THAT(issues_of(R"json({"service":"svc","provider":{"name":"aws"},"functions":{"a":{"handler":"h.h","events":[
      {"cognitoUserPool":{"trigger":"PreSignUp"}},
      {"cognitoUserPool":{"pool":"a/b","trigger":"Nope","kmsKeyId":"key","existing":"yes","lambdaVersion":"V1_0"}},
      {"cognitoUserPool":{"pool":"ok","trigger":"PreSignUp","kmsKeyId":{"Ref":"K"}}}]}}})json"),
              ElementsAre("functions.a.events.0.cognitoUserPool: must have required property 'pool'",
                          "functions.a.events.1.cognitoUserPool: unrecognized property 'lambdaVersion'",
                          "functions.a.events.1.cognitoUserPool.pool: must match pattern \"^[\\w\\s+=,.@-]+$\", got \"a/b\"",
                          "functions.a.events.1.cognitoUserPool.trigger: must be one of [PreSignUp, PostConfirmation, "
                          "PreAuthentication, PostAuthentication, PreTokenGeneration, CustomMessage, DefineAuthChallenge, "
                          "CreateAuthChallenge, VerifyAuthChallengeResponse, UserMigration, CustomSMSSender, "
                          "CustomEmailSender], got \"Nope\"",
                          "functions.a.events.1.cognitoUserPool.existing: must be boolean (true or false), got \"yes\"",
                          "functions.a.events.1.cognitoUserPool.kmsKeyId: unsupported string format"));
}

}  // namespace
}  // namespace sls::compile::events
