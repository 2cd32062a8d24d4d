// Variable resolution with osls semantics: ${self:...}, ${opt:...},
// ${env:...}, ${file(...)}, ${sls:...}, ${strToBool(...)}, ${param:...},
// ${aws:region}, fallbacks, nesting and variables inside longer strings.
#pragma once
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "util/json.h"

namespace sls::config {

// One lookup of a variable source a plugin adds (osls's configurationVariablesSources):
// `${name(params):address}` with its params and address resolved.
struct PluginSourceCall {
  std::string source;            // "name"
  Json address;                  // null when absent
  Json params;                   // array, or null when absent
  Json options;                  // the CLI options as the resolver sees them
  // The value at a property path of the configuration (resolving what it depends on).
  std::function<Json(const std::vector<std::string>&)> resolve_property;
  // Resolves the variables inside a string ("${self:custom.x}-y").
  std::function<Json(const std::string&)> resolve_in_string;
};

// The variable sources of the service's plugins, known once the plugins are
// loaded (ResolveInput::on_plugins_resolved fills it). `resolve` returns the
// value (null: not found) or throws UserError with the plugin's message.
struct PluginSources {
  std::vector<std::string> names;
  std::function<Json(const PluginSourceCall&)> resolve;
  // A plugin with osls's old `variableResolvers` (refused as osls does when
  // variables are left for it): its name, else "".
  std::string legacy_plugin;
};

struct ResolveInput {
  std::filesystem::path service_dir;              // ${file()} paths are relative to it
  std::string config_file_name;                   // for error messages ("serverless.yml")
  // CLI options: ${opt:...}. Options the command supports but that were not
  // given may be present as null (osls does so); the common ones (stage,
  // region, config, param, aws-profile, ...) are added as null when absent.
  Json options = Json::object();
  std::vector<std::pair<std::string, std::string>> cli_params;  // --param k=v
  // ${env:...}; when empty, the process environment is read.
  std::function<std::optional<std::string>(const std::string&)> getenv;
  std::string instance_id;                        // ${sls:instanceId}
  // Resolves a source that needs AWS (aws:accountId, ssm, cf, s3). Until an AWS
  // client is wired in this is empty and such variables fail with a clear
  // "needs AWS access" error. `source` is the type with its params as written,
  // e.g. "ssm", "ssm(raw)", "cf(us-west-2)", "s3", "aws"; `address` e.g.
  // "/path/name", "stack.OutputKey", "bucket/key", "accountId". Return null
  // when the value does not exist (fallbacks then apply).
  std::function<Json(const std::string& source, const std::string& address)> aws_source;
  // Called once with the configuration as soon as `plugins` is resolved (before
  // the param and AWS passes), where osls loads the plugins; may throw.
  std::function<void(const Json& config)> on_plugins_resolved;
  // Filled by on_plugins_resolved when the plugins add variable sources; they
  // join the last pass (after the AWS ones), as in osls.
  std::shared_ptr<PluginSources> plugin_sources;
};

// Returns `doc` with every variable resolved, in osls 4.3.1's passes (see
// variables.cc). Throws a UserError listing every property path that failed
// (missing value without fallback, cycle, bad syntax), worded as osls does:
//   Cannot resolve serverless.yml: Variables resolution errored with:
//     - Cannot resolve variable at "custom.x": Value not found at "env" source,
//     - ...
// `params.<stage>` sections of other stages are left unresolved, as in osls.
Json resolve_variables(const Json& doc, const ResolveInput& input);

}  // namespace sls::config
