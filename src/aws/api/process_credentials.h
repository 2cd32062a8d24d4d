// credential_process: run the configured command and read its JSON
// ({"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"}).
#pragma once
#include <string>

#include "aws/api/credential_set.h"

namespace sls::aws::api {

Credentials parse_process_credentials(const std::string& json_text, const std::string& profile);
Credentials run_credential_process(const std::string& command, const std::string& profile);

}  // namespace sls::aws::api
