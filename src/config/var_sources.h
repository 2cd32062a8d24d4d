// The variable sources osls knows: env, file, opt, self, strToBool, sls,
// param, aws, and the AWS-backed cf, s3, ssm (delegated to ResolveInput::aws_source).
#pragma once
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "config/var_meta.h"
#include "config/variables.h"
#include "util/json.h"

namespace sls::config::vars {

// What a source answers: a value (null: none), or "ask again later" when the
// source cannot know yet in this resolution pass.
struct SourceResult {
  Json value;
  bool pending = false;
};

// One source lookup, with the callbacks a source may use to read the
// configuration being resolved.
struct SourceCall {
  std::string type;
  std::optional<std::vector<Json>> params;
  Json address;  // null when absent
  bool fulfilled = true;  // false: a missing value may still appear in a later pass
  // Value at a property path of the configuration (null when absent), after
  // resolving the variables it depends on.
  std::function<Json(const std::vector<std::string>&)> resolve_property;
  // Resolves variables inside a string (for values read from files).
  std::function<Json(const std::string&)> resolve_in_string;
};

// State the sources share across passes of one resolution.
struct SourceEnv {
  const ResolveInput& input;
  const Json& options;           // CLI options, unsupported ones absent
  const Json& configuration;     // the configuration being resolved (for params)
  bool has_instance = false;     // sls:instanceId and param are available
  std::map<std::string, Json> params_by_stage;  // memo of param values per stage
  // Environment lookup (ResolveInput::getenv, or the process environment).
  std::function<std::optional<std::string>(const std::string&)> getenv;
  std::map<std::string, std::string> dotenv;    // variables loaded from .env (they win)
  std::set<std::string> missing_env;            // env variables looked up and not found
};

// ${file()} reads regular files of at most this size (64 MiB).
inline constexpr std::size_t kMaxVariableFileBytes = std::size_t{64} << 20;

// The names of the sources that need AWS access.
bool is_aws_backed_source(const std::string& type);

// The names of the sources sls itself knows (env, file, ..., ssm).
bool is_builtin_source(const std::string& type);

// Resolves `call` with the source named call.type. Throws VarFailure.
SourceResult resolve_source(const SourceCall& call, SourceEnv& env);

}  // namespace sls::config::vars
