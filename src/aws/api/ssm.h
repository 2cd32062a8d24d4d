// AWS Systems Manager Parameter Store over JSON 1.1 (target prefix AmazonSSM).
#pragma once
#include <optional>
#include <string>

#include "aws/api/client.h"

namespace sls::aws::api::ssm {

struct Parameter {
  std::string name;
  std::string type;   // String, StringList, SecureString
  std::string value;
  long long version = 0;
};

// nullopt when the parameter does not exist (ParameterNotFound).
std::optional<Parameter> get_parameter(const AwsContext& ctx, const std::string& name, bool with_decryption = true);

}  // namespace sls::aws::api::ssm
