#include <gtest/gtest.h>

#include "aws/compile/core_test_support.h"
#include "util/error.h"

namespace sls::compile {
namespace {

testing::Fixture with_template(Json resources, Json tmpl) {
  testing::Fixture f({{"service", "svc"}, {"provider", {{"name", "aws"}}}, {"resources", resources}}, "/tmp");
  f.ctx->template_ = std::move(tmpl);
  return f;
}

TEST(Finalize, ExportNamesSkipExistingExports) {
  auto f = with_template(nullptr, Json::parse(R"({"Outputs":{"A":{"Value":1},"B":{"Value":2,"Export":{"Name":"x"}}}})"));
  add_export_name_for_outputs(*f.ctx);
  EXPECT_EQ(f.ctx->template_["Outputs"]["A"]["Export"]["Name"], "sls-svc-dev-A");
  EXPECT_EQ(f.ctx->template_["Outputs"]["B"]["Export"]["Name"], "x");
}

TEST(Finalize, MergeIsDeepAndArraysMergeByIndex) {
  auto f = with_template(
      Json::parse(R"({"Resources":{"R":{"Properties":{"L":[{"a":1},3],"N":{"y":2}}},"New":{"Type":"T"}},
                      "Mappings":{"M":{"k":{"v":1}}},"Parameters":{"P":{"Type":"String"}}})"),
      Json::parse(R"({"Resources":{"R":{"Type":"X","Properties":{"L":[{"b":2},1,2],"N":{"x":1}}}},"Outputs":{}})"));
  merge_custom_provider_resources(*f.ctx);
  EXPECT_EQ(f.ctx->template_.dump(),
            R"({"Resources":{"R":{"Type":"X","Properties":{"L":[{"b":2,"a":1},3,2],"N":{"x":1,"y":2}}},"New":{"Type":"T"}},"Outputs":{},"Mappings":{"M":{"k":{"v":1}}},"Parameters":{"P":{"Type":"String"}}})");
}

TEST(Finalize, ExtensionsFollowOslsRules) {
  auto f = with_template(
      Json::parse(R"({"extensions":{"R":{"DependsOn":["B"],"Properties":{"P":{"z":1}},"DeletionPolicy":"Retain"}}})"),
      Json::parse(R"({"Resources":{"R":{"Type":"X","Properties":{"P":{"a":1},"Q":1},"DependsOn":"A"}},"Outputs":{}})"));
  merge_custom_provider_resources(*f.ctx);
  EXPECT_EQ(f.ctx->template_["Resources"]["R"].dump(),
            R"({"Type":"X","Properties":{"P":{"z":1},"Q":1},"DependsOn":["A","B"],"DeletionPolicy":"Retain"})");
  EXPECT_FALSE(f.ctx->template_.contains("extensions"));

  auto missing = with_template(Json::parse(R"({"extensions":{"Nope":{"DeletionPolicy":"Retain"}}})"),
                               Json::parse(R"({"Resources":{},"Outputs":{}})"));
  EXPECT_THROW(merge_custom_provider_resources(*missing.ctx), UserError);
  auto bad = with_template(Json::parse(R"({"extensions":{"R":{"Type":"Y"}}})"),
                           Json::parse(R"({"Resources":{"R":{"Type":"X"}},"Outputs":{}})"));
  EXPECT_THROW(merge_custom_provider_resources(*bad.ctx), UserError);
}

TEST(Finalize, StripNullsOnlyInProperties) {
  auto f = with_template(nullptr, Json::parse(R"({"Resources":{
      "A":{"Type":"X","Properties":{"a":null,"b":{"c":null,"d":[null,1]}},"Condition":null},
      "B":{"Type":"Y","Properties":null}}})"));
  strip_null_props_from_template_resources(*f.ctx);
  EXPECT_EQ(f.ctx->template_["Resources"].dump(),
            R"({"A":{"Type":"X","Properties":{"b":{"d":[null,1]}},"Condition":null},"B":{"Type":"Y"}})");
}

}  // namespace
}  // namespace sls::compile
