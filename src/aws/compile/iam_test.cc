#include <gtest/gtest.h>

#include "aws/compile/core_test_support.h"

namespace sls::compile {
namespace {

using testing::Fixture;

Json run_iam(Json config) {
  Fixture f(std::move(config), "/tmp");
  generate_core_template(*f.ctx);
  merge_iam_templates(*f.ctx);
  return f.ctx->template_["Resources"];
}

TEST(MergeIamTemplates, RoleAndLogGroupsMatchOsls) {
  for (const char* name : {"basic", "layers"}) {
    auto dir = testing::fixture_dir(name);
    Json expected = testing::read_json(dir / "expected-update.json")["Resources"];
    Json config = testing::read_json(dir / "serverless.json");
    Fixture f(config, dir);
    generate_core_template(*f.ctx);
    merge_iam_templates(*f.ctx);
    Json& got = f.ctx->template_["Resources"];
    for (const auto& [id, res] : got.items()) {
      if (res["Type"] == "AWS::Logs::LogGroup" && id != "HelloLogGroup")  // basic extends HelloLogGroup
        EXPECT_TRUE(testing::same_json(res, expected[id])) << id;
    }
    // Function steps append statements later; the log statements come first.
    Json role = got["IamRoleLambdaExecution"];
    Json want = expected["IamRoleLambdaExecution"];
    auto& got_st = role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"];
    auto& want_st = want["Properties"]["Policies"][0]["PolicyDocument"]["Statement"];
    for (size_t i = 0; i < got_st.size(); ++i) EXPECT_TRUE(testing::same_json(got_st[i], want_st[i])) << name << i;
    EXPECT_TRUE(testing::same_json(role["Properties"]["ManagedPolicyArns"], want["Properties"]["ManagedPolicyArns"]));
  }
}

TEST(MergeIamTemplates, NoFunctionsNoRole) {
  Json r = run_iam({{"service", "s"}, {"provider", {{"name", "aws"}}}});
  EXPECT_FALSE(r.contains("IamRoleLambdaExecution"));
}

TEST(MergeIamTemplates, ExistingRoleSkipsRoleButKeepsLogGroups) {
  Json fns = {{"f", {{"handler", "h.h"}}}};
  Json r = run_iam({{"service", "s"}, {"provider", {{"name", "aws"}, {"iam", {{"role", "arn:aws:iam::1:role/x"}}}}},
                    {"functions", fns}});
  EXPECT_TRUE(r.contains("FLogGroup"));
  EXPECT_FALSE(r.contains("IamRoleLambdaExecution"));
  r = run_iam({{"service", "s"}, {"provider", {{"name", "aws"}, {"role", "R"}}}, {"functions", fns}});
  EXPECT_FALSE(r.contains("IamRoleLambdaExecution"));
  r = run_iam({{"service", "s"}, {"provider", {{"name", "aws"}}}, {"functions", {{"f", {{"handler", "h"}, {"role", "R"}}}}}});
  EXPECT_FALSE(r.contains("IamRoleLambdaExecution"));
}

TEST(MergeIamTemplates, RoleNamePathBoundary) {
  Json r = run_iam({{"service", "s"},
                    {"provider",
                     {{"name", "aws"},
                      {"iam", {{"role", {{"name", "my-role"}, {"path", "/x/"}, {"permissionsBoundary", "arn:pb"}}}}}}},
                    {"functions", {{"f", {{"handler", "h"}}}}}});
  const Json& p = r["IamRoleLambdaExecution"]["Properties"];
  EXPECT_EQ(p["RoleName"], "my-role");
  EXPECT_EQ(p["Path"], "/x/");
  EXPECT_EQ(p["PermissionsBoundary"], "arn:pb");
}

}  // namespace
}  // namespace sls::compile
