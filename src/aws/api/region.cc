#include "aws/api/region.h"

#include "aws/api/shared_config.h"

namespace sls::aws::api {

std::optional<std::string> environment_region(const EnvLookup& env, const std::string& profile) {
  if (auto r = env("AWS_REGION")) return r;
  if (auto r = env("AWS_DEFAULT_REGION")) return r;
  std::string name = profile.empty() ? env("AWS_PROFILE").value_or("default") : profile;
  SharedConfig config = load_shared_config(env);
  if (const IniSection* p = config.profile(name)) return profile_value(*p, "region");
  return std::nullopt;
}

std::string deployment_region(const std::string& cli_region, const std::string& provider_region) {
  if (!cli_region.empty()) return cli_region;
  if (!provider_region.empty()) return provider_region;
  return "us-east-1";
}

}  // namespace sls::aws::api
