// `sls invoke local`: one function, one invocation in a fresh worker, the
// result printed as osls prints it (the runtime's own JSON.stringify(r, null, 4)
// for Node.js, json.dumps(r, indent=4) for Python; nothing for a falsy Node.js
// result; a handler error as {errorMessage, errorType, stackTrace} and exit 1).
#pragma once
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "config/service.h"
#include "local/function_spec.h"
#include "util/json.h"

namespace sls::local {

struct InvokeLocalOptions {
  std::string function;                           // -f
  std::optional<std::string> data;                // --data
  std::optional<std::string> path;                // --path (JSON, YAML or text)
  std::optional<std::string> context;             // --context (JSON text)
  std::optional<std::string> context_path;        // --contextPath (wins over --context)
  std::optional<std::string> stdin_text;          // what stdin held when it is not a terminal
  EnvList env;                                    // --env K=V, in order
  bool raw = false;                               // --raw: --data/--path text is not JSON-parsed
};

// --env "K=V" as osls splits it (at the first "="; no "=" gives an empty value).
std::pair<std::string, std::string> parse_env_option(const std::string& text);

// The event and custom context as osls derives them from the options (exposed for tests).
struct InvokeInput {
  Json event;
  Json context = nullptr;
};
InvokeInput invoke_input(const Service& service, const FunctionSpec& spec, const InvokeLocalOptions& options);

// Runs the invocation; `print` receives stdout text (each call one line or
// block, no trailing newline). Returns the exit code; throws UserError.
int invoke_local(const Service& service, const InvokeLocalOptions& options,
                 const std::function<void(const std::string&)>& print);

}  // namespace sls::local
