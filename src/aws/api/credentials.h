// Finding AWS credentials the way osls does (lib/aws/credentials.js):
//   --aws-profile, an explicit profile, AWS_<STAGE>_PROFILE, AWS_<STAGE>_* keys,
//   AWS_PROFILE, AWS_* keys, provider.profile, AWS_DEFAULT_PROFILE, then the
//   "default" profile, falling back to container and instance metadata.
// A profile may hold static keys, credential_process, role_arn (+ source_profile
// or credential_source; assumed with STS AssumeRole) or SSO settings.
#pragma once
#include <string>

#include "aws/api/credential_set.h"
#include "aws/api/env.h"
#include "aws/api/http.h"

namespace sls::aws::api {

struct CredentialSources {
  std::string cli_profile;       // --aws-profile
  std::string profile;           // an explicit profile argument
  std::string stage;             // for AWS_<STAGE>_PROFILE / AWS_<STAGE>_ACCESS_KEY_ID
  std::string provider_profile;  // provider.profile of serverless.yml
  std::string region;            // for STS calls when the profile names none
  EnvLookup env = process_env();
  HttpClient* http = nullptr;    // for STS and SSO; required for those profiles
};

// Throws UserError AWS_CREDENTIALS_NOT_FOUND / UNRECOGNIZED_AWS_PROFILE with osls's texts.
Credentials resolve_credentials(const CredentialSources& sources);

// Credentials of one named profile of the shared files.
Credentials profile_credentials(const std::string& profile, const CredentialSources& sources);

}  // namespace sls::aws::api
