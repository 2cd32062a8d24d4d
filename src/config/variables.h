// Variable resolution with osls semantics: ${self:...}, ${opt:...},
// ${env:...}, ${file(...)}, ${sls:...}, ${strToBool(...)}, ${param:...},
// ${aws:region}, fallbacks, nesting and variables inside longer strings.
#pragma once
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "util/json.h"

namespace sls::config {

struct ResolveInput {
  std::filesystem::path service_dir;              // ${file()} paths are relative to it
  std::string config_file_name;                   // for error messages ("serverless.yml")
  Json options = Json::object();                  // CLI options: ${opt:...}
  std::vector<std::pair<std::string, std::string>> cli_params;  // --param k=v
  std::function<std::optional<std::string>(const std::string&)> getenv;  // ${env:...}
  std::string instance_id;                        // ${sls:instanceId}
  // Resolves a source that needs AWS (aws:accountId, ssm, cf, s3). Until an AWS
  // client is wired in this is empty and such variables fail with a clear
  // "needs AWS access" error.
  std::function<Json(const std::string& source, const std::string& address)> aws_source;
};

// Returns `doc` with every variable resolved. Throws a UserError listing every
// property path that failed (missing value without fallback, cycle, bad syntax).
Json resolve_variables(const Json& doc, const ResolveInput& input);

}  // namespace sls::config
