#include "config/provider_plugins.h"

#include <utility>

namespace sls::config {

std::string plugin_provider_name(const Json& config) {
  if (!config.is_object()) return "";
  auto it = config.find("provider");
  if (it == config.end()) return "";
  const Json* name = &*it;
  if (it->is_object()) {
    auto n = it->find("name");
    if (n == it->end()) return "";
    name = &*n;
  }
  if (!name->is_string()) return "";
  const std::string& text = name->get_ref<const std::string&>();
  return text == "aws" ? "" : text;
}

std::string provider_definition(const std::string& provider) { return "name=" + provider; }

std::string defined_provider(const std::string& entry) {
  return entry.starts_with("name=") ? entry.substr(5) : "";
}

std::string known_provider_plugin(const std::string& provider) {
  // The provider plugins of the Serverless Framework's documentation.
  static const std::pair<const char*, const char*> kPlugins[] = {
      {"google", "serverless-google-cloudfunctions"},
      {"azure", "serverless-azure-functions"},
      {"tencent", "serverless-tencent-scf"},
      {"aliyun", "serverless-aliyun-function-compute"},
      {"openwhisk", "serverless-openwhisk"},
      {"kubeless", "serverless-kubeless"},
      {"knative", "serverless-knative"},
      {"cloudflare", "serverless-cloudflare-workers"},
  };
  for (const auto& [name, plugin] : kPlugins)
    if (provider == name) return plugin;
  return "";
}

}  // namespace sls::config
