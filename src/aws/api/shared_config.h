// The AWS shared files: ~/.aws/credentials and ~/.aws/config (or
// AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE), merged per profile.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "aws/api/env.h"

namespace sls::aws::api {

using IniSection = std::map<std::string, std::string>;
using IniFile = std::map<std::string, IniSection>;

// Sections and key = value lines; '#' and ';' comments; indented sub-keys
// (e.g. "s3 =\n  max_concurrent_requests = 5") are skipped.
IniFile parse_ini(std::string_view text);

struct SharedConfig {
  std::map<std::string, IniSection> profiles;      // credentials-file keys win over config-file keys
  std::map<std::string, IniSection> sso_sessions;  // [sso-session name]
  const IniSection* profile(const std::string& name) const;
  bool has_profile(const std::string& name) const { return profile(name) != nullptr; }
};

std::string home_dir(const EnvLookup& env);
std::string credentials_file_path(const EnvLookup& env);
std::string config_file_path(const EnvLookup& env);
SharedConfig load_shared_config(const EnvLookup& env);

// Value of `key` in the profile, or nullopt.
std::optional<std::string> profile_value(const IniSection& profile, const std::string& key);

}  // namespace sls::aws::api
