// API keys of `private: true` REST endpoints, as serverless-offline keeps
// them: --apiKey, the values of provider.apiGateway.apiKeys (a string, or
// {value: ...}, also inside usage-plan groups), else one generated key printed
// at start (serverless-offline's: the MD5 of nothing). A request to a private
// endpoint needs one of them in x-api-key (or as the authorizer's
// usageIdentifierKey), else API Gateway's 403 {"message": "Forbidden"}.
#pragma once
#include <set>
#include <string>
#include <vector>

#include "config/service.h"

namespace sls::local {

// The key values provider.apiGateway.apiKeys gives, in order.
std::vector<std::string> configured_api_keys(const Service& service);

class ApiKeys {
 public:
  ApiKeys(const Service& service, const std::string& cli_key);
  bool valid(const std::string& key) const { return keys_.count(key) > 0; }
  const std::string& generated() const { return generated_; }  // "" unless one was made

 private:
  std::set<std::string> keys_;
  std::string generated_;
};

}  // namespace sls::local
