#include "config/load_service.h"

#include <cstdlib>
#include <memory>
#include <optional>
#include <random>

#include "config/framework_version.h"
#include "config/patterns.h"
#include "config/provider_plugins.h"
#include "config/validate.h"
#include "config/variables.h"
#include "config/yaml_load.h"
#include "util/error.h"
#include "util/js_like.h"

namespace sls::config {

namespace {

std::string validate_stage(const std::string& stage) {
  if (!patterns::is_stage_name(stage))
    throw UserError("Invalid stage name \"" + stage +
                        "\". Stage names may contain only ASCII letters, numbers, and hyphens.",
                    "INVALID_STAGE");
  return stage;
}

std::string random_instance_id() {
  std::random_device rd;
  std::uniform_int_distribution<int> dist(0, 35);
  std::string id;
  for (int i = 0; i < 16; ++i) id += "0123456789abcdefghijklmnopqrstuvwxyz"[dist(rd)];
  return id;
}

std::string non_empty_string(const Json& object, const char* key) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_string()) return {};
  return object[key].get<std::string>();
}

// provider.region / stage / profile as the AWS sources need them. Their
// variables (e.g. ${opt:region, 'eu-west-1'} or ${self:custom.region}) are
// resolved from a small document with provider, custom and params only; when
// that fails, only values written without variables are used.
AwsVariableTarget aws_target(const Json& initial_config, const ResolveInput& input) {
  const Json provider = initial_config.is_object() && initial_config.contains("provider") &&
                                initial_config["provider"].is_object()
                            ? initial_config["provider"]
                            : Json::object();
  Json wanted = Json::object();
  for (const char* key : {"region", "stage", "profile"})
    if (provider.contains(key) && !provider[key].is_null()) wanted[key] = provider[key];
  Json resolved;
  try {
    Json mini = {{"provider", wanted}};
    for (const char* key : {"service", "custom", "params"})
      if (initial_config.contains(key)) mini[key] = initial_config[key];
    resolved = resolve_variables(mini, input)["provider"];
  } catch (const std::exception&) {
    resolved = Json::object();
    for (auto& [key, value] : wanted.items())
      if (value.is_string() && value.get<std::string>().find("${") == std::string::npos) resolved[key] = value;
  }
  const Json& opts = input.options;
  AwsVariableTarget target;
  target.region = non_empty_string(opts, "region");
  if (target.region.empty()) target.region = non_empty_string(resolved, "region");
  if (target.region.empty()) target.region = "us-east-1";
  target.stage = non_empty_string(opts, "stage");
  if (target.stage.empty()) target.stage = non_empty_string(resolved, "stage");
  if (target.stage.empty()) target.stage = "dev";
  target.cli_profile = non_empty_string(opts, "aws-profile");
  target.provider_profile = non_empty_string(resolved, "profile");
  return target;
}

}  // namespace

void merge_config_arrays(Json& config) {
  if (!config.is_object()) return;
  for (const char* key : {"resources", "functions"}) {
    auto it = config.find(key);
    if (it == config.end() || !it->is_array()) continue;
    Json merged = Json::object();
    for (size_t i = 0; i < it->size(); ++i) {
      const Json& part = (*it)[i];
      if (!js::truthy(part)) continue;
      if (!part.is_object())
        throw UserError("Non-object value specified in " + std::string(key) + " array: " + part.dump() + " (" + key +
                            "." + std::to_string(i) + " must be an object, e.g. a ${file(...)} of a mapping)",
                        "LEGACY_CONFIGURATION_PROPERTY_MERGE_INVALID_INPUT");
      js::merge_plain_objects(merged, part);
    }
    *it = std::move(merged);
  }
}

void apply_service_defaults(Service& service) {
  Json& config = service.config;
  if (!config.is_object())
    throw UserError(service.config_file_name + ": the configuration must be an object (a YAML mapping).",
                    "INVALID_CONFIG");
  if (config.contains("service") && config["service"].is_object())
    throw UserError(
        "Object notation for \"service\" property is not supported. Set \"service\" property directly "
        "with service name.",
        "SERVICE_OBJECT_NOTATION");
  if (!config.contains("service") || !config["service"].is_string() ||
      config["service"].get<std::string>().empty())
    throw UserError(service.config_file_name +
                        ": \"service\" is missing. Set it to the name of your service, e.g. `service: my-service`.",
                    "MISSING_SERVICE_NAME");
  service.name = config["service"].get<std::string>();

  if (!config.contains("provider")) config["provider"] = Json::object();
  if (config["provider"].is_string()) config["provider"] = Json{{"name", config["provider"]}};
  Json& provider = config["provider"];

  if (!provider.contains("stage") || provider["stage"].is_null()) provider["stage"] = "dev";
  const Json& opts = service.options.values;
  if (opts.contains("stage") && opts["stage"].is_string())
    service.stage = validate_stage(opts["stage"].get<std::string>());
  else if (provider["stage"].is_string())
    service.stage = validate_stage(provider["stage"].get<std::string>());
  else
    throw UserError(service.config_file_name + ": provider.stage must be a string.", "INVALID_STAGE");

  if (opts.contains("region") && opts["region"].is_string())
    service.region = opts["region"].get<std::string>();
  else if (provider.contains("region") && provider["region"].is_string())
    service.region = provider["region"].get<std::string>();
  else
    service.region = "us-east-1";
  // The AWS provider's defaults; a provider plugin's service keeps its own
  // (osls sets only provider.stage for it).
  if (plugin_provider_name(config).empty()) {
    provider["region"] = service.region;
    if (!provider.contains("versionFunctions") || provider["versionFunctions"].is_null())
      provider["versionFunctions"] = true;
  }

  if (config.contains("functions") && !config["functions"].is_null()) {
    Json& functions = config["functions"];
    if (!functions.is_object())
      throw UserError(service.config_file_name + ": \"functions\" must be an object mapping function names to their configuration.",
                      "NON_OBJECT_FUNCTIONS_CONFIGURATION");
    Json kept = Json::object();
    for (auto& [name, fn] : functions.items()) {
      if (fn.is_null()) continue;
      if (!fn.is_object())
        throw UserError(service.config_file_name + ": functions." + name +
                            " must be an object with at least a `handler`.",
                        "NON_OBJECT_FUNCTION_CONFIGURATION_ERROR");
      Json f = fn;
      if (!f.contains("events") || f["events"].is_null()) f["events"] = Json::array();
      if (!f.contains("name") || f["name"].is_null() ||
          (f["name"].is_string() && f["name"].get<std::string>().empty()))
        f["name"] = service.name + "-" + service.stage + "-" + name;
      kept[name] = std::move(f);
    }
    functions = std::move(kept);
  }
}

namespace {

// osls's schema validation takes the null-valued members out of every object
// (an ajv workaround) and sets them back afterwards, at the end of their object.
void move_null_members_last(Json& value) {
  if (value.is_array()) {
    for (Json& item : value) move_null_members_last(item);
    return;
  }
  if (!value.is_object()) return;
  auto& members = value.get_ref<Json::object_t&>();
  std::vector<size_t> order, nulls;
  for (size_t i = 0; i < members.size(); ++i) {
    Json& member = (members.begin() + static_cast<std::ptrdiff_t>(i))->second;
    (member.is_null() ? nulls : order).push_back(i);
    move_null_members_last(member);
  }
  if (nulls.empty() || order.empty() || nulls.front() > order.back()) return;  // already last
  order.insert(order.end(), nulls.begin(), nulls.end());
  members.permute(order);
}

}  // namespace

std::string deployment_prefix(const Json& provider) {
  if (!provider.is_object() || !provider.contains("deploymentPrefix")) return "serverless";
  const Json& v = provider["deploymentPrefix"];
  if (v.is_null()) return "serverless";
  return v.is_string() ? v.get<std::string>() : v.dump();
}

void apply_osls_normalizations(Service& service) {
  Json& config = service.config;
  move_null_members_last(config);
  if (!plugin_provider_name(config).empty()) return;  // the rest is done by osls's AWS plugins
  // The AWS provider's initialize hook: an object-valued deploymentBucket moves
  // to deploymentBucketObject and deploymentBucket keeps its name (or null).
  Json& provider = config["provider"];
  if (provider.is_object() && provider.contains("deploymentBucket") && provider["deploymentBucket"].is_object()) {
    Json bucket = std::move(provider["deploymentBucket"]);
    const Json name = bucket.value("name", Json());
    const bool named = !name.is_null() && name != Json("") && name != Json(false) && name != Json(0);
    provider["deploymentBucket"] = named ? name : Json(nullptr);
    provider["deploymentBucketObject"] = std::move(bucket);
  }
  // The package plugin's initialize hook (seen where the config has a package object).
  if (config.contains("package") && config["package"].is_object())
    config["package"]["artifactsS3KeyDirname"] =
        deployment_prefix(provider) + "/" + service.name + "/" + service.stage + "/code-artifacts";
}

Service load_service(const std::filesystem::path& dir, const CliOptions& options, const EventTypes& events,
                     AwsVariableSource aws_source, PluginCheck plugin_check) {
  Service service;
  service.dir = std::filesystem::absolute(dir).lexically_normal();
  service.options = options;
  service.config_file = find_config_file(service.dir, options.config);
  service.config_file_name = service.config_file.filename().string();
  service.initial_config = load_service_config(service.config_file);

  ResolveInput input;
  input.service_dir = service.dir;
  input.config_file_name = service.config_file_name;
  input.options = options.values;
  input.cli_params = options.params;
  input.getenv = [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
  input.instance_id = random_instance_id();
  if (aws_source) {
    auto target = std::make_shared<std::optional<AwsVariableTarget>>();
    input.aws_source = [aws_source = std::move(aws_source), target, base = input,
                        initial = &service.initial_config](const std::string& source, const std::string& address) {
      if (!*target) *target = aws_target(*initial, base);
      return aws_source(**target, source, address);
    };
  }
  PluginDefinitions plugin_schema;
  if (plugin_check) {
    input.plugin_sources = std::make_shared<PluginSources>();
    input.on_plugins_resolved = [&service, &plugin_check, &plugin_schema,
                                 sources = input.plugin_sources](const Json& config) {
      plugin_schema = plugin_check(service, config);
      *sources = plugin_schema.variable_sources;
    };
  }
  service.config = resolve_variables(service.initial_config, input);
  merge_config_arrays(service.config);  // osls's mergeArrays, before validation

  // Validation also coerces types as osls's schema does ("256" -> 256), which
  // reaches the template. With configValidationMode: warn, issues are warnings.
  const PluginEventTypes types(events, std::move(plugin_schema));
  for (const auto& issue : validate_coerce_or_throw(service.config, service.config_file_name, types))
    service.warnings.push_back(format_issue(issue));
  if (auto warning = check_framework_version(service.config, service.config_file_name))
    service.warnings.push_back(*warning);
  apply_service_defaults(service);
  apply_osls_normalizations(service);
  return service;
}

bool PluginEventTypes::find(std::string_view type, EventCheck& check) const {
  if (base_.find(type, check)) return true;
  for (const auto& name : schema_.events)
    if (name == type) {
      check = nullptr;
      return true;
    }
  return false;
}

std::vector<std::string> PluginEventTypes::extra_properties(std::string_view where) const {
  std::vector<std::string> out = base_.extra_properties(where);
  const std::vector<std::string>* mine = where == "root"       ? &schema_.root
                                         : where == "provider" ? &schema_.provider
                                         : where == "function" ? &schema_.function
                                         : where == "events"    ? &schema_.events
                                                                : nullptr;
  if (mine) out.insert(out.end(), mine->begin(), mine->end());
  if (where == "providers")  // the providers plugins define (config/provider_plugins.h)
    for (const auto& entry : schema_.provider)
      if (std::string name = defined_provider(entry); !name.empty()) out.push_back(name);
  return out;
}

}  // namespace sls::config
