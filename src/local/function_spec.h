// What running one function locally needs to know, read once from the
// resolved service: the deployed name, runtime, handler, limits and the
// `environment` (provider's, then the function's; null values dropped).
#pragma once
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "config/service.h"

namespace sls::local {

using EnvList = std::vector<std::pair<std::string, std::string>>;

struct FunctionSpec {
  std::string key;                  // functions.<key>
  std::string name;                 // deployed name: <service>-<stage>-<key> unless `name:`
  std::string runtime = "nodejs24.x";  // osls's default
  std::string handler;              // "dir/file.export"
  std::filesystem::path task_root;  // the service folder
  int timeout_seconds = 6;
  int memory_mb = 1024;
  std::string region = "us-east-1";
  EnvList environment;
};

// Throws UserError FUNCTION_MISSING_IN_SERVICE (osls's text) for an unknown
// key, and for functions that cannot run locally (images, unsupported runtimes).
FunctionSpec function_spec(const Service& service, const std::string& key);

// Every function of the service, in config order.
std::vector<std::string> function_keys(const Service& service);

// The worker's environment: ours, then what Lambda sets (AWS_LAMBDA_FUNCTION_NAME,
// ..._MEMORY_SIZE, ..._VERSION, AWS_REGION, LAMBDA_TASK_ROOT, ...), then the
// function's `environment`, then `extra` (--env K=V), later entries winning.
std::vector<std::string> lambda_environment(const FunctionSpec& spec, const EnvList& extra);

}  // namespace sls::local
