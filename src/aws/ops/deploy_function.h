// `sls deploy function -f F` (osls's aws/deploy-function.js): the function's
// new zip goes straight to Lambda (UpdateFunctionCode), skipped when the
// deployed CodeSha256 is the zip's unless --force; then only the configuration
// that differs from the deployed one is sent (UpdateFunctionConfiguration,
// retried while Lambda reports a conflicting update); then sls waits until the
// function is Active with LastUpdateStatus Successful. The stack is not touched.
#pragma once
#include <filesystem>
#include <functional>
#include <string>

#include "aws/api/client.h"
#include "aws/deploy/target.h"
#include "util/json.h"

namespace sls::aws::ops {

// What the configuration update compares.
struct ConfigUpdateInput {
  Json function = Json::object();  // functions.<F>, with its deployed "name"
  Json provider = Json::object();
  Json remote = Json::object();    // GetFunction's Configuration
  std::string role_arn;            // the function's custom execution role as an ARN, "" for none
};

// UpdateFunctionConfiguration's parameters: FunctionName and what differs from
// the deployed configuration (KMSKeyArn, SnapStart, RecursiveLoop, Description,
// Handler, MemorySize, Timeout, Layers, DeadLetterConfig, Environment,
// VpcConfig, Role, ImageConfig), as osls compares them. UserError
// DEPLOY_FUNCTION_INVALID_ENV_VARIABLE for an environment name a shell rejects.
Json config_update_params(const ConfigUpdateInput& in);

// True when `params` holds more than FunctionName.
bool has_config_updates(const Json& params);

struct DeployFunctionInput {
  std::string function;                // the key under functions:
  Json function_obj = Json::object();  // functions.<F> with "name"
  Json provider = Json::object();
  Json resources = Json::object();     // resources.Resources (a role named by logical id)
  std::filesystem::path artifact;      // the zip to deploy ("" for an image function)
  bool force = false;
  bool update_config = false;          // --update-config: configuration only
};

struct DeployFunctionReport {
  std::function<void(const std::string&)> progress;
  std::function<void(const std::string&)> info;
  // A result line: `success` for "✔ ..." lines, else a skip notice.
  std::function<void(const std::string& text, bool success)> result;
};

void deploy_function(const api::AwsContext& ctx, const DeployFunctionInput& in, const DeployFunctionReport& report);

// The function's custom execution role as an ARN (osls's normalizeArnRole), "" when it has none.
std::string execution_role_arn(const api::AwsContext& ctx, const Json& provider, const Json& function_obj,
                               const Json& resources);

}  // namespace sls::aws::ops
