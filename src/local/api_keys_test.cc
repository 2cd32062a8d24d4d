#include "local/api_keys.h"

#include <gtest/gtest.h>

namespace sls::local {
namespace {

Service service_with(const char* config) {
  Service s;
  s.config = Json::parse(config);
  return s;
}

TEST(ApiKeys, ValuesFromTheProviderAndTheCommandLine) {
  Service s = service_with(R"({"provider": {"apiGateway": {"apiKeys": [
      "plain", {"name": "k", "value": "v1"}, {"name": "nameonly"}, {"free": [{"name": "f", "value": "v2"}, "p2"]}]}}})");
  EXPECT_EQ(configured_api_keys(s), (std::vector<std::string>{"plain", "v1", "v2", "p2"}));
  ApiKeys keys(s, "cli");
  EXPECT_TRUE(keys.valid("v1"));
  EXPECT_TRUE(keys.valid("cli"));
  EXPECT_FALSE(keys.valid("nameonly"));
  EXPECT_EQ(keys.generated(), "");
}

TEST(ApiKeys, GeneratedAsServerlessOfflineDoes) {
  ApiKeys keys(service_with("{}"), "");
  EXPECT_EQ(keys.generated(), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_TRUE(keys.valid("d41d8cd98f00b204e9800998ecf8427e"));
  EXPECT_FALSE(keys.valid(""));
}

}  // namespace
}  // namespace sls::local
