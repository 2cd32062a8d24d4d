#include "local/invoke_local.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "config/yaml_load.h"
#include "local/bootstrap.h"
#include "local/function_pool.h"
#include "util/error.h"
#include "util/js_like.h"

namespace sls::local {

namespace fs = std::filesystem;

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \t\r\n"));
  s.erase(s.find_last_not_of(" \t\r\n") + 1);
  return s;
}

// osls's validateFile + readFile: .json and .yml/.yaml parsed, other files as trimmed text.
Json read_input_file(const Service& service, const std::string& given) {
  fs::path file = fs::path(given).is_absolute() ? fs::path(given) : service.dir / given;
  std::error_code ec;
  if (!fs::exists(file, ec))
    throw UserError("The file you provided does not exist: " + file.string(), "INVOKE_LOCAL_MISSING_FILE");
  std::string name = file.string();
  if (ends_with(name, ".js"))
    throw UserError("sls cannot load JavaScript event files (\"" + name + "\"): use a .json or .yml file.",
                    "INVOKE_LOCAL_JS_FILE_NOT_SUPPORTED");
  std::ifstream in(file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  if (ends_with(name, ".json")) {
    Json parsed = Json::parse(text, nullptr, false);
    if (parsed.is_discarded())
      throw UserError("Parsing of \"" + name + "\" failed with: invalid JSON", "INVOKE_LOCAL_INVALID_FILE_CONTENT");
    return parsed;
  }
  if (ends_with(name, ".yml") || ends_with(name, ".yaml")) {
    try {
      return config::load_document(file);
    } catch (const std::exception& e) {
      throw UserError("Parsing of \"" + name + "\" failed with: " + e.what(), "INVOKE_LOCAL_INVALID_FILE_CONTENT");
    }
  }
  return trim(text);
}

// JSON.parse of a string value, kept as it is when it does not parse.
Json maybe_parse(const Json& v) {
  if (!v.is_string() || v.get<std::string>().empty()) return v;
  Json parsed = Json::parse(v.get<std::string>(), nullptr, false);
  return parsed.is_discarded() ? v : parsed;
}

std::string error_text(const Json& error) {
  Json shown = Json::object();
  for (const char* key : {"errorMessage", "errorType", "stackTrace"})
    if (error.contains(key)) shown[key] = error[key];
  return shown.dump(4);
}

}  // namespace

std::pair<std::string, std::string> parse_env_option(const std::string& text) {
  auto eq = text.find('=');
  if (eq == std::string::npos) return {text, ""};
  return {text.substr(0, eq), text.substr(eq + 1)};
}

InvokeInput invoke_input(const Service& service, const FunctionSpec& spec, const InvokeLocalOptions& options) {
  InvokeInput in;
  if (options.context) in.context = *options.context;
  if (options.context_path) in.context = read_input_file(service, *options.context_path);
  Json data = options.data ? Json(*options.data) : Json("");
  if (!js::truthy(data)) {
    if (options.path) data = read_input_file(service, *options.path);
    else if (options.stdin_text) data = *options.stdin_text;
  }
  if (!options.raw) {
    data = maybe_parse(data);
    in.context = maybe_parse(in.context);
  }
  in.event = data;
  // The Python wrapper gets `event || {}`.
  if (runtime_family(spec.runtime) == RuntimeFamily::python && !js::truthy(in.event)) in.event = Json::object();
  return in;
}

int invoke_local(const Service& service, const InvokeLocalOptions& options,
                 const std::function<void(const std::string&)>& print) {
  FunctionSpec spec = function_spec(service, options.function);
  InvokeInput input = invoke_input(service, spec, options);
  FunctionPool pool(spec, options.env, 1);
  InvokeRequest request;
  request.event = input.event;
  request.custom_context = input.context.is_object() ? input.context : Json(nullptr);
  request.pretty = true;
  std::fflush(stdout);
  InvokeResult r = pool.invoke(request);
  std::fflush(stdout);
  bool python = runtime_family(spec.runtime) == RuntimeFamily::python;
  switch (r.kind) {
    case InvokeResult::Kind::result:
      if (!r.local_error.empty()) throw UserError(r.local_error, "INVOKE_LOCAL_RESPONSE_TYPE_MISMATCH");
      if (r.has_pretty) print(r.pretty);
      return 0;
    case InvokeResult::Kind::error:
      if (python && r.error.contains("traceback") && r.error["traceback"].is_string()) {
        std::string tb = r.error["traceback"].get<std::string>();
        if (!tb.empty() && tb.back() == '\n') tb.pop_back();
        print(tb);
      } else {
        print(error_text(r.error));
      }
      return 1;
    case InvokeResult::Kind::timeout: {
      char msg[96];
      std::snprintf(msg, sizeof msg, "Task timed out after %d.00 seconds", spec.timeout_seconds);
      print(error_text(Json{{"errorMessage", msg}, {"errorType", "Sandbox.Timedout"}}));
      return 1;
    }
    case InvokeResult::Kind::crashed:
      print(error_text(Json{{"errorMessage", "The function's process exited before it answered"},
                            {"errorType", "Runtime.ExitError"}}));
      return 1;
  }
  return 1;
}

}  // namespace sls::local
