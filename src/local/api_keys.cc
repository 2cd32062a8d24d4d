#include "local/api_keys.h"

#include "util/digest.h"
#include "util/js_like.h"

namespace sls::local {

namespace {

void collect(const Json& entry, std::vector<std::string>& out) {
  if (entry.is_string()) {
    out.push_back(entry.get<std::string>());
  } else if (entry.is_object()) {
    const Json* value = js::get(entry, "value");
    if (value && value->is_string()) {
      out.push_back(value->get<std::string>());
    } else if (!js::get(entry, "name") && entry.size() == 1 && entry.begin()->is_array()) {
      for (const Json& e : *entry.begin()) collect(e, out);  // {usagePlanName: [keys...]}
    }
  }
}

}  // namespace

std::vector<std::string> configured_api_keys(const Service& service) {
  std::vector<std::string> out;
  const Json* provider = js::get(service.config, "provider");
  const Json* apigw = provider ? js::get(*provider, "apiGateway") : nullptr;
  const Json* keys = apigw && apigw->is_object() ? js::get(*apigw, "apiKeys") : nullptr;
  if (keys && keys->is_array())
    for (const Json& k : *keys) collect(k, out);
  return out;
}

ApiKeys::ApiKeys(const Service& service, const std::string& cli_key) {
  for (const auto& k : configured_api_keys(service))
    if (!k.empty()) keys_.insert(k);
  if (!cli_key.empty()) keys_.insert(cli_key);
  if (keys_.empty()) {
    generated_ = digest::hex(digest::md5(""));
    keys_.insert(generated_);
  }
}

}  // namespace sls::local
