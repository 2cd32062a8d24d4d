// IAM Identity Center (SSO) profiles: read the token that `aws sso login`
// cached in ~/.aws/sso/cache/<sha1>.json and exchange it at the portal's
// GetRoleCredentials endpoint.
#pragma once
#include <string>

#include "aws/api/credential_set.h"
#include "aws/api/http.h"
#include "aws/api/shared_config.h"

namespace sls::aws::api {

bool is_sso_profile(const IniSection& profile);

Credentials sso_credentials(const std::string& profile_name, const IniSection& profile, const SharedConfig& config,
                            const EnvLookup& env, HttpClient& http);

}  // namespace sls::aws::api
