#include "config/provider_plugins.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/validate.h"
#include "config/yaml_parse.h"

namespace sls::config {
namespace {

using ::testing::HasSubstr;

Json config(const std::string& yaml) { return parse_yaml(yaml, "serverless.yml"); }

TEST(ProviderPlugins, NameOfAProviderOtherThanAws) {
  EXPECT_EQ(plugin_provider_name(config("provider:\n  name: google\n")), "google");
  EXPECT_EQ(plugin_provider_name(config("provider: azure\n")), "azure");
  EXPECT_EQ(plugin_provider_name(config("provider:\n  name: aws\n")), "");
  EXPECT_EQ(plugin_provider_name(config("provider: aws\n")), "");
  EXPECT_EQ(plugin_provider_name(config("provider:\n  name: 3\n")), "");
  EXPECT_EQ(plugin_provider_name(config("service: x\n")), "");
}

TEST(ProviderPlugins, KnownProviderPlugins) {
  EXPECT_EQ(known_provider_plugin("google"), "serverless-google-cloudfunctions");
  EXPECT_EQ(known_provider_plugin("azure"), "serverless-azure-functions");
  EXPECT_EQ(known_provider_plugin("tencent"), "serverless-tencent-scf");
  EXPECT_EQ(known_provider_plugin("aliyun"), "serverless-aliyun-function-compute");
  EXPECT_EQ(known_provider_plugin("openwhisk"), "serverless-openwhisk");
  EXPECT_EQ(known_provider_plugin("acme"), "");
}

// Event types of the AWS provider (what sls's registry gives validation).
class AwsEvents final : public EventTypes {
 public:
  bool find(std::string_view type, EventCheck& check) const override {
    check = nullptr;
    return type == "http" || type == "sqs";
  }
};
const AwsEvents kAws;

std::vector<std::string> messages(const std::string& yaml, const PluginDefinitions& plugins) {
  const PluginEventTypes types(kAws, plugins);
  std::vector<std::string> out;
  for (const auto& issue : validate_service_config(config(yaml), types)) out.push_back(format_issue(issue));
  return out;
}

const char* const kGoogle = R"(service: gcf
provider:
  name: google
  runtime: nodejs16
  project: p
plugins:
  - serverless-google-cloudfunctions
functions:
  hello:
    handler: http
    memorySize: 512
    events:
      - http: path
)";

TEST(ProviderPlugins, AProviderAPluginDefinesIsValid) {
  PluginDefinitions google;
  google.provider = {provider_definition("google")};
  google.events = {"http", "event"};
  EXPECT_TRUE(messages(kGoogle, google).empty());
}

TEST(ProviderPlugins, WithoutItsPluginTheProviderNamesThePluginToInstall) {
  auto m = messages(kGoogle, {});
  ASSERT_EQ(m.size(), 1u);
  EXPECT_THAT(m[0], HasSubstr("provider.name: the provider \"google\" comes from the plugin "
                              "\"serverless-google-cloudfunctions\""));
  EXPECT_THAT(m[0], HasSubstr("npm install -D serverless-google-cloudfunctions"));
  auto unknown = messages("service: svc\nprovider:\n  name: acme\n", {});
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_THAT(unknown[0], HasSubstr("none defines \"acme\""));
}

TEST(ProviderPlugins, OnlyThePluginsEventTypesAndNoAwsChecks) {
  PluginDefinitions google;
  google.provider = {provider_definition("google")};
  google.events = {"event"};
  // "http" is an AWS event type, but not one this provider's plugin defines.
  auto m = messages(kGoogle, google);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0], "functions.hello.events.0: unsupported function event 'http'");
  // AWS's checks (runtime names, memorySize, resources as CloudFormation) do not apply.
  google.events = {"http"};
  EXPECT_TRUE(messages(std::string(kGoogle) + "resources:\n  resources:\n    - type: storage.v1.bucket\n", google)
                  .empty());
}

}  // namespace
}  // namespace sls::config
