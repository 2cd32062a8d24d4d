#include "config/var_sources.h"

#include <fstream>
#include <sstream>
#include <system_error>

#include "config/patterns.h"
#include "config/var_js.h"
#include "config/yaml_load.h"
#include "util/error.h"

namespace sls::config::vars {
namespace {

namespace fs = std::filesystem;

bool is_falsy(const Json& v) {
  if (v.is_null()) return true;
  if (v.is_string()) return v.get_ref<const std::string&>().empty();
  if (v.is_boolean()) return !v.get<bool>();
  if (v.is_number()) return v.get<double>() == 0;
  return false;
}

// type/string/ensure: JS string coercion, or a VarFailure "<prefix><value>".
std::string ensure_string(const Json& v, const std::string& message_prefix, const char* code) {
  if (auto s = js_coerce_string(v)) return *s;
  fail(message_prefix + (v.is_null() ? "null" : "[object Object]"), code);
}

std::string require_address(const SourceCall& call, const char* missing_code, const char* bad_code) {
  if (is_falsy(call.address))
    fail("Missing address argument in variable \"" + call.type + "\" source", missing_code);
  return ensure_string(call.address,
                       "Non-string address argument in variable \"" + call.type + "\" source: ",
                       bad_code);
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t from = 0;
  for (;;) {
    auto at = s.find(sep, from);
    out.push_back(s.substr(from, at == std::string::npos ? std::string::npos : at - from));
    if (at == std::string::npos) return out;
    from = at + 1;
  }
}

const Json* option(const Json& options, const char* name) {
  if (!options.is_object()) return nullptr;
  auto it = options.find(name);
  if (it == options.end() || it->is_null()) return nullptr;
  return &*it;
}

// The effective stage: --stage, else provider.stage, else "dev"; validated.
std::string resolve_stage(const SourceCall& call, const SourceEnv& env) {
  Json stage;
  if (auto opt = option(env.options, "stage")) stage = *opt;
  else stage = call.resolve_property({"provider", "stage"});
  if (stage.is_null()) stage = "dev";
  if (!stage.is_string() || !patterns::is_stage_name(stage.get_ref<const std::string&>()))
    fail("Invalid stage name. Stage names may contain only ASCII letters, numbers, and hyphens.",
         "INVALID_STAGE");
  return stage.get<std::string>();
}

SourceResult env_source(const SourceCall& call, SourceEnv& env) {
  std::string name = require_address(call, "MISSING_ENV_SOURCE_ADDRESS", "INVALID_ENV_SOURCE_ADDRESS");
  std::optional<std::string> value;
  if (auto it = env.dotenv.find(name); it != env.dotenv.end()) value = it->second;
  else if (env.getenv) value = env.getenv(name);
  if (!value) env.missing_env.insert(name);
  return {value ? Json(*value) : Json(), !call.fulfilled};
}

SourceResult opt_source(const SourceCall& call, const SourceEnv& env) {
  std::optional<std::string> name;
  if (!call.address.is_null())
    name = ensure_string(call.address, "Non-string address argument in variable \"opt\" source: ",
                         "INVALID_OPT_SOURCE_ADDRESS");
  const Json& options = env.options;
  auto find = [&]() -> const Json* {
    auto it = options.find(*name);
    return it == options.end() ? nullptr : &*it;
  };
  if (!call.fulfilled) {
    if (!name) return {Json(), true};
    if (auto v = find()) return {*v, false};
    return {Json(), true};
  }
  if (!name) return {options, false};
  auto v = find();
  return {v ? *v : Json(), false};
}

SourceResult self_source(const SourceCall& call) {
  std::vector<std::string> keys;
  if (!is_falsy(call.address)) keys = split(js_coerce_string(call.address).value_or(""), '.');
  return {call.resolve_property(keys), false};
}

SourceResult str_to_bool_source(const SourceCall& call) {
  if (!call.params || call.params->empty() || call.params->front().is_null())
    fail("Missing \"strToBool\" input", "MISSING_STR_TO_BOOL_SOURCE_VALUE");
  const Json& input = call.params->front();
  std::string text = js_trim(ensure_string(input, "Non-string \"strToBool\" input:. Received: ",
                                           "INVALID_STR_TO_BOOL_SOURCE_VALUE"));
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (text == "true" || text == "1") return {true, false};
  if (text == "false" || text == "0") return {false, false};
  std::string shown = js_coerce_string(input).value_or("<Non-coercible to string value>");
  if (shown.size() > 100) shown = shown.substr(0, 99) + "\xE2\x80\xA6";
  std::string escaped;
  for (char c : shown) {
    if (c == '\n') escaped += "\\n";
    else if (c == '\r') escaped += "\\r";
    else escaped += c;
  }
  fail("Invalid \"strToBool\" input: Expected either \"true\", \"false\", \"0\", or \"1\". "
       "Received: " + escaped,
       "INVALID_STR_TO_BOOL_SOURCE_VALUE");
}

SourceResult sls_source(const SourceCall& call, const SourceEnv& env) {
  std::string address = require_address(call, "MISSING_SLS_SOURCE_ADDRESS", "INVALID_SLS_SOURCE_ADDRESS");
  if (address == "instanceId") {
    if (!env.has_instance) return {Json(), true};
    return {env.input.instance_id, false};
  }
  if (address == "stage") return {resolve_stage(call, env), false};
  fail("Unsupported \"" + address + "\" address argument in variable \"sls\" source",
       "UNSUPPORTED_SLS_SOURCE_ADDRESS");
}

// Param values for `stage`: --param first, then params.<stage>, then params.default.
Json collect_params(const std::string& stage, const SourceEnv& env) {
  Json result = Json::object();
  for (const auto& [key, value] : env.input.cli_params) {
    std::string v = value;
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.pop_back();
    result[key] = v;
  }
  const Json& config = env.configuration;
  if (config.is_object() && config.contains("params") && config["params"].is_object()) {
    const Json& params = config["params"];
    for (const std::string& section : {stage, std::string("default")}) {
      auto it = params.find(section);
      if (it == params.end() || !it->is_object()) continue;
      for (const auto& [name, value] : it->items()) {
        if (value.is_null() || result.contains(name)) continue;
        result[name] = value;
      }
    }
  }
  return result;
}

SourceResult param_source(const SourceCall& call, SourceEnv& env) {
  std::string name = require_address(call, "MISSING_PARAM_SOURCE_ADDRESS", "INVALID_PARAM_SOURCE_ADDRESS");
  if (!env.has_instance) return {Json(), true};
  std::string stage = resolve_stage(call, env);
  auto cached = env.params_by_stage.find(stage);
  if (cached == env.params_by_stage.end())
    cached = env.params_by_stage.emplace(stage, collect_params(stage, env)).first;
  auto it = cached->second.find(name);
  return {it == cached->second.end() ? Json() : *it, false};
}

SourceResult aws_source(const SourceCall& call, const SourceEnv& env);

std::string read_text(const fs::path& file, const std::string& shown, bool* missing) {
  std::error_code ec;
  if (!fs::exists(file, ec)) {
    *missing = true;
    return {};
  }
  if (fs::is_directory(file, ec))
    fail("Cannot parse \"" + shown + "\": EISDIR: illegal operation on a directory, read",
         "FILE_NOT_ACCESSIBLE");
  if (!fs::is_regular_file(file, ec))
    fail("Cannot read \"" + shown + "\": it is not a regular file (a device, FIFO or socket); ${file()} reads "
         "regular files only",
         "FILE_NOT_REGULAR");
  const auto size = fs::file_size(file, ec);
  if (ec) fail("Cannot parse \"" + shown + "\": cannot read the file", "FILE_NOT_ACCESSIBLE");
  if (size > kMaxVariableFileBytes)
    fail("Cannot read \"" + shown + "\": it is " + std::to_string(size) + " bytes, over the limit of " +
             std::to_string(kMaxVariableFileBytes >> 20) + " MiB for a file read by ${file()}",
         "FILE_TOO_LARGE");
  std::ifstream in(file, std::ios::binary);
  if (!in) fail("Cannot parse \"" + shown + "\": cannot read the file", "FILE_NOT_ACCESSIBLE");
  std::string text(size, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

SourceResult file_source(const SourceCall& call, const SourceEnv& env) {
  if (!call.params || call.params->empty() || is_falsy(call.params->front()))
    fail("Missing path argument in variable \"file\" source", "MISSING_FILE_SOURCE_PATH");
  std::string relative = ensure_string(call.params->front(),
                                       "Non-string path argument in variable \"file\" source: ",
                                       "INVALID_FILE_SOURCE_PATH_ARGUMENT");
  std::optional<std::string> address;
  if (!call.address.is_null())
    address = ensure_string(call.address, "Non-string address argument for variable \"file\" source: ",
                            "INVALID_FILE_SOURCE_ADDRESS");

  std::string service_dir = fs::absolute(env.input.service_dir).lexically_normal().string();
  while (service_dir.size() > 1 && service_dir.back() == '/') service_dir.pop_back();
  std::string file = (fs::path(service_dir) / relative).lexically_normal().string();
  while (file.size() > 1 && file.back() == '/') file.pop_back();
  // Relative to the service directory when inside it, else the absolute path.
  std::string shown = file.rfind(service_dir + "/", 0) == 0 ? file.substr(service_dir.size() + 1) : file;
  std::string ext = fs::path(file).extension().string();

  bool missing = false;
  Json content;
  if (ext == ".yml" || ext == ".yaml") {
    std::string text = read_text(file, shown, &missing);
    if (!missing) {
      try {
        content = parse_yaml(text, file);
      } catch (const UserError& e) {
        fail("Cannot parse \"" + shown + "\": " + e.what(), "FILE_PARSE_ERROR");
      }
    }
  } else if (ext == ".json" || ext == ".tfstate") {
    std::string text = read_text(file, shown, &missing);
    if (!missing) {
      try {
        content = Json::parse(text);
      } catch (const std::exception& e) {
        std::string what = e.what();  // drop nlohmann's "[json.exception.parse_error.101] "
        if (what.rfind("[json.exception.", 0) == 0 && what.find("] ") != std::string::npos)
          what = what.substr(what.find("] ") + 2);
        fail("Cannot parse \"" + shown + "\": JSON parse error: " + what, "FILE_PARSE_ERROR");
      }
    }
  } else if (ext == ".js" || ext == ".cjs" || ext == ".mjs" || ext == ".ts") {
    std::error_code ec;
    if (!fs::exists(file, ec)) return {Json(), false};
    fail("Cannot load \"" + shown + "\": JavaScript and TypeScript variable files are not supported "
         "by this version of sls; export the values as YAML or JSON and use ${file(...)} on that",
         "JS_FILE_NOT_SUPPORTED");
  } else {
    std::string text = read_text(file, shown, &missing);
    if (!missing) content = text;
  }
  if (!address || address->empty()) return {content, false};
  if (content.is_null()) return {Json(), false};
  Json result = content;
  for (const auto& key : split(*address, '.')) {
    if (result.is_string()) result = call.resolve_in_string(result.get<std::string>());
    if (result.is_null()) return {Json(), false};
    auto next = js_own_property(result, key);
    if (!next || next->is_null()) return {Json(), false};
    result = std::move(*next);
  }
  return {result, false};
}

SourceResult aws_source(const SourceCall& call, const SourceEnv& env) {
  std::string address = require_address(call, "MISSING_AWS_SOURCE_ADDRESS", "INVALID_AWS_SOURCE_ADDRESS");
  if (address == "region") {
    if (auto region = option(env.options, "region"); region && !is_falsy(*region))
      return {*region, false};
    Json region = call.resolve_property({"provider", "region"});
    if (is_falsy(region)) region = "us-east-1";
    return {region, false};
  }
  if (address != "accountId")
    fail("Unsupported \"" + address + "\" address argument in variable \"aws\" source",
         "UNSUPPORTED_AWS_SOURCE_ADDRESS");
  if (!env.input.aws_source)
    fail("Variable source \"aws:accountId\" needs AWS access, which is not available in this "
         "version of sls. Set the value directly (e.g. with ${param:...} or ${env:...})",
         "AWS_SOURCE_NOT_AVAILABLE");
  return {env.input.aws_source("aws", address), false};
}

// cf, s3 and ssm: checked here, looked up through ResolveInput::aws_source.
SourceResult remote_source(const SourceCall& call, const SourceEnv& env) {
  const char* missing_code = call.type == "s3" ? "MISSING_S3_SOURCE_ADDRESS" : "MISSING_SLS_SOURCE_ADDRESS";
  std::string bad_code = "INVALID_" + std::string(call.type == "cf" ? "CF" : call.type == "s3" ? "S3" : "SSM") +
                         "_SOURCE_ADDRESS";
  std::string address = require_address(call, missing_code, bad_code.c_str());
  if (call.type == "cf" && address.find('.') == std::string::npos)
    fail("Unsupported \"" + address + "\" address argument in variable \"cf\" source. "
         "Expected \"<stack-name>.<output-id>\" format",
         "UNSUPPORTED_SLS_SOURCE_ADDRESS");
  if (call.type == "s3" && address.find('/') == std::string::npos)
    fail("Unsupported \"" + address + "\" address argument in variable \"s3\" source. "
         "Expected \"<bucket-name>/<key>\" format",
         "UNSUPPORTED_S3_SOURCE_ADDRESS");
  std::string source = call.type;
  if (call.params) {
    source += '(';
    for (std::size_t i = 0; i < call.params->size(); ++i) {
      if (i) source += ',';
      source += js_coerce_string((*call.params)[i]).value_or("");
    }
    source += ')';
  }
  if (!env.input.aws_source)
    fail("Variable source \"" + call.type + "\" needs AWS access, which is not available in this "
         "version of sls. Set the value directly (e.g. with ${param:...} or ${env:...})",
         "AWS_SOURCE_NOT_AVAILABLE");
  return {env.input.aws_source(source, address), false};
}

}  // namespace

bool is_aws_backed_source(const std::string& type) {
  return type == "aws" || type == "cf" || type == "s3" || type == "ssm";
}

bool is_builtin_source(const std::string& type) {
  for (const char* name : {"env", "opt", "self", "file", "strToBool", "sls", "param"})
    if (type == name) return true;
  return is_aws_backed_source(type);
}

namespace {

// A source a plugin adds (ResolveInput::plugin_sources), or nullptr.
const PluginSources* plugin_source(const std::string& type, const SourceEnv& env) {
  const PluginSources* sources = env.input.plugin_sources.get();
  if (!sources || !sources->resolve) return nullptr;
  for (const auto& name : sources->names)
    if (name == type) return sources;
  return nullptr;
}

SourceResult resolve_plugin_source(const PluginSources& sources, const SourceCall& call, const SourceEnv& env) {
  PluginSourceCall plugin_call;
  plugin_call.source = call.type;
  plugin_call.address = call.address;
  if (call.params) plugin_call.params = Json(*call.params);
  plugin_call.options = env.options;
  plugin_call.resolve_property = call.resolve_property;
  plugin_call.resolve_in_string = call.resolve_in_string;
  return {sources.resolve(plugin_call), false};
}

}  // namespace

SourceResult resolve_source(const SourceCall& call, SourceEnv& env) {
  const std::string& t = call.type;
  if (t == "env") return env_source(call, env);
  if (t == "opt") return opt_source(call, env);
  if (t == "self") return self_source(call);
  if (t == "file") return file_source(call, env);
  if (t == "strToBool") return str_to_bool_source(call);
  if (t == "sls") return sls_source(call, env);
  if (t == "param") return param_source(call, env);
  if (t == "aws") return aws_source(call, env);
  if (t == "cf" || t == "s3" || t == "ssm") return remote_source(call, env);
  if (const PluginSources* sources = plugin_source(t, env)) return resolve_plugin_source(*sources, call, env);
  fail("Unknown variable source \"" + t + "\"", "UNKNOWN_VARIABLE_SOURCE", false);
}

}  // namespace sls::config::vars
