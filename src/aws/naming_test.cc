#include "aws/naming.h"

#include <gtest/gtest.h>

namespace sls::naming {

TEST(Naming, NormalizesFunctionNames) {
  EXPECT_EQ(lambda_logical_id("create-billing_record"), "CreateDashbillingUnderscorerecordLambdaFunction");
  EXPECT_EQ(log_group_logical_id("hello"), "HelloLogGroup");
}

TEST(Naming, NormalizesApiGatewayPaths) {
  EXPECT_EQ(resource_logical_id("billing/{id}"), "ApiGatewayResourceBillingIdVar");
  EXPECT_EQ(resource_logical_id("my-path/{proxy+}"), "ApiGatewayResourceMyDashpathProxyVar");
  EXPECT_EQ(method_logical_id("BillingIdVar", "GET"), "ApiGatewayMethodBillingIdVarGet");
}

TEST(Naming, VersionLogicalIdDropsNonAlphanumerics) {
  EXPECT_EQ(lambda_version_logical_id("fn", "ab+/c=1"), "FnLambdaVersionabc1");
}

}  // namespace sls::naming
