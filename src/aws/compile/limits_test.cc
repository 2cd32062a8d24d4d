#include "aws/compile/limits.h"

#include <gtest/gtest.h>

namespace sls::compile {
namespace {

Json with_resources(size_t n) {
  Json t = {{"Resources", Json::object()}, {"Outputs", Json::object()}};
  for (size_t i = 0; i < n; ++i) t["Resources"]["R" + std::to_string(i)] = {{"Type", "AWS::SNS::Topic"}};
  return t;
}

TEST(TemplateLimits, WithinEveryLimitSaysNothing) {
  EXPECT_EQ(template_limits_report(with_resources(500), 1000), "");
  EXPECT_EQ(template_limits_report(Json::object(), kMaxTemplateBytes), "");
}

TEST(TemplateLimits, NamesEachLimitItsCountAndTheWaysOut) {
  Json t = with_resources(501);
  for (int i = 0; i < 201; ++i) t["Outputs"]["O" + std::to_string(i)] = {{"Value", "x"}};
  const std::string r = template_limits_report(t, kMaxTemplateBytes + 1);
  EXPECT_NE(r.find("501 resources (the limit is 500), 201 outputs (the limit is 200), 1048577 bytes of template "
                   "(the limit is 1048576)"), std::string::npos) << r;
  EXPECT_EQ(r.find("parameters"), std::string::npos);
  EXPECT_NE(r.find("serverless-plugin-split-stacks"), std::string::npos);
}

}  // namespace
}  // namespace sls::compile
