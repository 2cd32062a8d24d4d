#include "aws/api/endpoints.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace sls::aws::api {

TEST(AwsEndpoints, PublicEndpointsByRegion) {
  auto env = map_env({});
  EXPECT_EQ(resolve_endpoint("cloudformation", "eu-west-1", env).url.origin(),
            "https://cloudformation.eu-west-1.amazonaws.com");
  EXPECT_EQ(resolve_endpoint("logs", "us-east-1", env).url.origin(), "https://logs.us-east-1.amazonaws.com");
  EXPECT_EQ(resolve_endpoint("s3", "cn-north-1", env).url.origin(), "https://s3.cn-north-1.amazonaws.com.cn");
  Endpoint iam = resolve_endpoint("iam", "eu-west-1", env);
  EXPECT_EQ(iam.url.origin(), "https://iam.amazonaws.com");
  EXPECT_EQ(iam.signing_region, "us-east-1");
  EXPECT_FALSE(iam.custom);
}

TEST(AwsEndpoints, ServiceSpecificVariableWins) {
  auto env = map_env({{"AWS_ENDPOINT_URL", "http://localhost:4566"},
                      {"AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "http://127.0.0.1:9000"}});
  Endpoint logs = resolve_endpoint("logs", "eu-west-1", env);
  EXPECT_TRUE(logs.custom);
  EXPECT_EQ(logs.url.origin(), "http://127.0.0.1:9000");
  EXPECT_EQ(logs.signing_region, "eu-west-1");
  EXPECT_EQ(resolve_endpoint("s3", "eu-west-1", env).url.origin(), "http://localhost:4566");
  EXPECT_EQ(resolve_endpoint("apigateway", "eu-west-1",
                             map_env({{"AWS_ENDPOINT_URL_API_GATEWAY", "http://gw:1"}}))
                .url.origin(),
            "http://gw:1");
}

TEST(AwsEndpoints, IgnoreAndInvalid) {
  auto ignored = map_env({{"AWS_ENDPOINT_URL", "http://localhost:4566"}, {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"}});
  EXPECT_FALSE(resolve_endpoint("sts", "us-east-1", ignored).custom);
  try {
    resolve_endpoint("sts", "us-east-1", map_env({{"AWS_ENDPOINT_URL_STS", "localhost"}}));
    FAIL();
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("AWS_ENDPOINT_URL_STS"), std::string::npos);
  }
}

}  // namespace sls::aws::api
