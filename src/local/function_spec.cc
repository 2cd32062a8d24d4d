#include "local/function_spec.h"

#include <map>

#include "local/bootstrap.h"
#include "util/error.h"
#include "util/js_like.h"

extern char** environ;

namespace sls::local {

namespace {

const Json& object_or_empty(const Json& parent, const char* key) {
  static const Json kEmpty = Json::object();
  const Json* v = js::get(parent, key);
  return v && v->is_object() ? *v : kEmpty;
}

int positive_number(const Json* v, int fallback) {
  if (!v) return fallback;
  if (v->is_number() && v->get<double>() > 0) return static_cast<int>(v->get<double>());
  if (v->is_string()) {
    try {
      double d = std::stod(v->get<std::string>());
      if (d > 0) return static_cast<int>(d);
    } catch (...) {
    }
  }
  return fallback;
}

std::string env_text(const std::string& name, const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number() || v.is_boolean()) return js::stringify(v);
  throw UserError("Could not resolve \"" + name + "\" environment variable: Unsupported environment variable format: " +
                      v.dump(),
                  "INVOKE_LOCAL_INVALID_ENV_VARIABLE");
}

void add_env(EnvList& out, const Json& block) {
  for (auto it = block.begin(); it != block.end(); ++it) {
    if (it.value().is_null()) continue;
    std::string text = env_text(it.key(), it.value());
    bool replaced = false;
    for (auto& [k, v] : out)
      if (k == it.key()) {
        v = text;
        replaced = true;
      }
    if (!replaced) out.emplace_back(it.key(), text);
  }
}

}  // namespace

std::vector<std::string> function_keys(const Service& service) {
  std::vector<std::string> keys;
  for (auto it = object_or_empty(service.config, "functions").begin();
       it != object_or_empty(service.config, "functions").end(); ++it)
    keys.push_back(it.key());
  return keys;
}

FunctionSpec function_spec(const Service& service, const std::string& key) {
  const Json& functions = object_or_empty(service.config, "functions");
  const Json* fn = js::get(functions, key);
  if (!fn || !fn->is_object())
    throw UserError("Function \"" + key + "\" doesn't exist in this Service", "FUNCTION_MISSING_IN_SERVICE");
  const Json& provider = object_or_empty(service.config, "provider");
  if (js::truthy(js::get(*fn, "image")))
    throw UserError("Local invocation of lambdas pointing AWS ECR images is not supported",
                    "INVOKE_LOCAL_IMAGE_BACKED_FUNCTIONS_NOT_SUPPORTED");
  FunctionSpec spec;
  spec.key = key;
  const Json* name = js::get(*fn, "name");
  spec.name = name && name->is_string() ? name->get<std::string>() : service.name + "-" + service.stage + "-" + key;
  const Json* runtime = js::get(*fn, "runtime");
  if (!runtime || !runtime->is_string()) runtime = js::get(provider, "runtime");
  if (runtime && runtime->is_string()) spec.runtime = runtime->get<std::string>();
  const Json* handler = js::get(*fn, "handler");
  if (handler && handler->is_string()) spec.handler = handler->get<std::string>();
  bool provided = runtime_family(spec.runtime) == RuntimeFamily::provided;  // any handler: the bootstrap reads it
  if (!provided && spec.handler.find('.') == std::string::npos)
    throw UserError("Function \"" + key + "\" has no handler of the form \"file.export\" to run locally.",
                    "INVOKE_LOCAL_NO_HANDLER");
  if (runtime_family(spec.runtime) == RuntimeFamily::unsupported)
    throw UserError("Local invocation of the \"" + spec.runtime + "\" runtime is not supported by sls yet "
                    "(Node.js, Python and provided.al2/provided.al2023 are).",
                    "INVOKE_LOCAL_RUNTIME_NOT_SUPPORTED");
  spec.task_root = service.dir;
  spec.timeout_seconds = positive_number(js::get(*fn, "timeout"), positive_number(js::get(provider, "timeout"), 6));
  spec.memory_mb = positive_number(js::get(*fn, "memorySize"), positive_number(js::get(provider, "memorySize"), 1024));
  spec.region = service.region;
  add_env(spec.environment, object_or_empty(provider, "environment"));
  add_env(spec.environment, object_or_empty(*fn, "environment"));
  return spec;
}

std::vector<std::string> lambda_environment(const FunctionSpec& spec, const EnvList& extra) {
  std::map<std::string, size_t> index;
  std::vector<std::string> out;
  auto set = [&](const std::string& k, const std::string& v) {
    auto it = index.find(k);
    if (it != index.end()) {
      out[it->second] = k + "=" + v;
    } else {
      index[k] = out.size();
      out.push_back(k + "=" + v);
    }
  };
  for (char** e = environ; e && *e; ++e) {
    std::string kv = *e;
    auto eq = kv.find('=');
    if (eq != std::string::npos && eq > 0) set(kv.substr(0, eq), kv.substr(eq + 1));
  }
  std::string task_root = spec.task_root.string();
  set("LANG", "en_US.UTF-8");
  set("LAMBDA_TASK_ROOT", task_root);
  set("LAMBDA_RUNTIME_DIR", task_root);
  set("AWS_REGION", spec.region);
  set("AWS_DEFAULT_REGION", spec.region);
  set("AWS_EXECUTION_ENV", "AWS_Lambda_" + spec.runtime);
  set("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + spec.name);
  set("AWS_LAMBDA_LOG_STREAM_NAME", "2016/12/02/[$LATEST]f77ff5e4026c45bda9a9ebcec6bc9cad");
  set("AWS_LAMBDA_FUNCTION_NAME", spec.name);
  set("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", std::to_string(spec.memory_mb));
  set("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
  set("AWS_LAMBDA_FUNCTION_TIMEOUT", std::to_string(spec.timeout_seconds));
  for (const auto& [k, v] : spec.environment) set(k, v);
  for (const auto& [k, v] : extra) set(k, v);
  return out;
}

}  // namespace sls::local
