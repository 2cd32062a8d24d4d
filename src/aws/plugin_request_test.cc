#include "aws/plugin_request.h"

#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "util/error.h"

namespace sls::aws {
namespace {

TEST(PluginRequest, SdkInputBecomesQueryParameters) {
  api::QueryParams out;
  flatten_query_params(Json{{"StackName", "svc-dev"},
                            {"Parameters", Json::array({{{"ParameterKey", "A"}, {"ParameterValue", "1"}}})},
                            {"Capabilities", Json::array({"CAPABILITY_IAM"})},
                            {"EnableTerminationProtection", true},
                            {"TimeoutInMinutes", 5},
                            {"Skipped", nullptr}},
                       "", out);
  api::QueryParams want = {{"StackName", "svc-dev"},
                           {"Parameters.member.1.ParameterKey", "A"},
                           {"Parameters.member.1.ParameterValue", "1"},
                           {"Capabilities.member.1", "CAPABILITY_IAM"},
                           {"EnableTerminationProtection", "true"},
                           {"TimeoutInMinutes", "5"}};
  EXPECT_EQ(out, want);
}

TEST(PluginRequest, QueryResultsBecomeObjectsAndLists) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(R"(<DescribeStacksResult><Stacks><member><StackName>svc-dev</StackName>
      <Outputs><member><OutputKey>K</OutputKey><OutputValue>V</OutputValue></member></Outputs></member></Stacks>
      <NextToken/></DescribeStacksResult>)"));
  Json got = query_result_json(doc.child("DescribeStacksResult"));
  EXPECT_EQ(got["Stacks"][0]["StackName"], "svc-dev");
  EXPECT_EQ(got["Stacks"][0]["Outputs"][0]["OutputValue"], "V");
  EXPECT_EQ(got["NextToken"], "");
}

TEST(PluginRequest, UnknownServicesAreAClearError) {
  api::AwsContext ctx;
  try {
    plugin_request(ctx, "AppSync", "listGraphqlApis", Json::object());
    FAIL();
  } catch (const UserError& e) {
    EXPECT_EQ(e.code, "SLS_BRIDGE_SERVICE_UNSUPPORTED");
  }
}

}  // namespace
}  // namespace sls::aws
