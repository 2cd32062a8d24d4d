#include "aws/plugins/iam_roles_per_function.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace sls::plugins {
namespace {

Json shared_role() {
  return {{"Type", "AWS::IAM::Role"},
          {"Properties",
           {{"Policies", Json::array({{{"PolicyName", "p"},
                                       {"PolicyDocument", {{"Version", "2012-10-17"},
                                                           {"Statement", Json::array({{{"Effect", "Allow"}}})}}}}})},
            {"Path", "/"},
            {"RoleName", "shared"}}}};
}

Json function_resource() {
  return {{"Type", "AWS::Lambda::Function"},
          {"Properties", {{"Role", {{"Fn::GetAtt", Json::array({"IamRoleLambdaExecution", "Arn"})}}}}},
          {"DependsOn", Json::array({"IamRoleLambdaExecution", "HelloLogGroup"})}};
}

struct Case {
  Service service;
  std::unique_ptr<PackageContext> ctx;
  explicit Case(Json functions, Json provider = Json{{"name", "aws"}}, Json custom = Json::object()) {
    service.name = "svc";
    service.stage = "dev";
    service.region = "eu-west-1";
    service.config = {{"provider", provider}, {"functions", functions}, {"custom", custom}};
    ctx = std::make_unique<PackageContext>(PackageContext{service});
    ctx->resources()["IamRoleLambdaExecution"] = shared_role();
    for (auto& [name, fn] : functions.items()) {
      std::string id = std::string(1, static_cast<char>(std::toupper(name[0]))) + name.substr(1) + "LambdaFunction";
      ctx->resources()[id] = function_resource();
    }
  }
  Json& resource(const std::string& id) { return ctx->resources()[id]; }
};

TEST(IamRolesPerFunction, RoleWithLogStreamSqsAndOwnStatements) {
  Json statement = {{"Effect", "Allow"}, {"Action", Json::array({"s3:GetObject"})}, {"Resource", "*"}};
  Case c(Json{{"hello",
           {{"name", "svc-dev-hello"},
            {"iamRoleStatements", Json::array({statement})},
            {"events", Json::array({{{"sqs", "arn:aws:sqs:eu-west-1:1:q"}},
                                    {{"stream", "arn:aws:kinesis:eu-west-1:1:stream/s"}}})}}}});
  c.resource("HelloEventSourceMappingSQSQ") = {{"Type", "AWS::Lambda::EventSourceMapping"},
                                              {"DependsOn", Json::array({"IamRoleLambdaExecution"})},
                                              {"Properties", {{"FunctionName", {{"Fn::GetAtt", {"HelloLambdaFunction", "Arn"}}}}}}};
  create_roles_per_function(*c.ctx);
  const Json& role = c.resource("HelloIamRoleLambdaExecution");
  const Json& statements = role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"];
  ASSERT_EQ(statements.size(), 4u);
  EXPECT_EQ(statements[0]["Resource"][0]["Fn::Sub"],
            "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/svc-dev-hello:*:*");
  EXPECT_EQ(statements[1]["Action"][0], "kinesis:GetRecords");
  EXPECT_EQ(statements[2]["Resource"], Json::array({"arn:aws:sqs:eu-west-1:1:q"}));
  EXPECT_EQ(statements[3], statement);
  EXPECT_EQ(role["Properties"]["ManagedPolicyArns"], Json::array());
  EXPECT_EQ(role["Properties"]["RoleName"]["Fn::Join"][1],
            Json::parse(R"(["svc","dev","hello",{"Ref":"AWS::Region"},"lambdaRole"])"));
  EXPECT_EQ(c.resource("HelloLambdaFunction")["DependsOn"], Json::array({"HelloIamRoleLambdaExecution", "HelloLogGroup"}));
  EXPECT_EQ(c.resource("HelloLambdaFunction")["Properties"]["Role"]["Fn::GetAtt"][0], "HelloIamRoleLambdaExecution");
  EXPECT_EQ(c.resource("HelloEventSourceMappingSQSQ")["DependsOn"], "HelloIamRoleLambdaExecution");
  // The shared role keeps its statements.
  EXPECT_EQ(c.resource("IamRoleLambdaExecution"), shared_role());
}

TEST(IamRolesPerFunction, InheritAndDefaultInherit) {
  Json shared = {{"Effect", "Allow"}, {"Action", Json::array({"sqs:SendMessage"})}, {"Resource", "*"}};
  Json provider = {{"name", "aws"}, {"iam", {{"role", {{"statements", Json::array({shared})}}}}}};
  Json functions = {{"a", {{"iamRoleStatements", Json::array()}}},
                    {"b", {{"iamRoleStatements", Json::array()}, {"iamRoleStatementsInherit", false}}}};
  Case c(functions, provider, {{"serverless-iam-roles-per-function", {{"defaultInherit", true}}}});
  create_roles_per_function(*c.ctx);
  EXPECT_EQ(c.resource("AIamRoleLambdaExecution")["Properties"]["Policies"][0]["PolicyDocument"]["Statement"].size(), 2u);
  EXPECT_EQ(c.resource("BIamRoleLambdaExecution")["Properties"]["Policies"][0]["PolicyDocument"]["Statement"].size(), 1u);
}

TEST(IamRolesPerFunction, NamesAndErrors) {
  std::string long_name(50, 'f');
  Case c(Json{{long_name, {{"iamRoleStatements", Json::array()}}}});
  c.resource(std::string("F") + long_name.substr(1) + "LambdaFunction") = function_resource();
  try {
    create_roles_per_function(*c.ctx);
    FAIL() << "no error";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("is too long (over 64 chars)"), std::string::npos) << e.what();
  }
  Case named(Json{{"hello", {{"iamRoleStatements", Json::array()}, {"iamRoleStatementsName", "mine"}}}});
  create_roles_per_function(*named.ctx);
  EXPECT_EQ(named.resource("HelloIamRoleLambdaExecution")["Properties"]["RoleName"], "mine");
  Case bad(Json{{"hello", {{"iamRoleStatements", Json::array({{{"Effect", "Allow"}}})}}}});
  try {
    create_roles_per_function(*bad.ctx);
    FAIL() << "no error";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("statement 0 is missing the following properties: Action / NotAction, "
                                         "Resource / NotResource"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace sls::plugins
