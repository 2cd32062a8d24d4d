// Credentials from the ECS/EKS container endpoint and the EC2 instance
// metadata service (IMDSv2). Both return nullopt when not available.
#pragma once
#include <optional>

#include "aws/api/credential_set.h"
#include "aws/api/env.h"

namespace sls::aws::api {

// AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI (+ AWS_CONTAINER_AUTHORIZATION_TOKEN[_FILE]).
std::optional<Credentials> container_credentials(const EnvLookup& env);

// IMDSv2 token, then the instance role's credentials. Skipped when
// AWS_EC2_METADATA_DISABLED=true; AWS_EC2_METADATA_SERVICE_ENDPOINT overrides the address.
std::optional<Credentials> instance_credentials(const EnvLookup& env);

// {"AccessKeyId","SecretAccessKey","Token","Expiration"} as both endpoints answer.
std::optional<Credentials> parse_metadata_credentials(const std::string& body, const std::string& source);

}  // namespace sls::aws::api
