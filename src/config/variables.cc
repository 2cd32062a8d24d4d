// Drives variable resolution in the passes osls 4 runs them (scripts/serverless.js):
//  1. provider.name/stage and useDotenv with env/file/opt/self/strToBool/sls, where a
//     missing env var or unsupported option means "not known yet";
//  2. provider.stage and useDotenv again, env now final;
//  3. every property (still without param, with options only when given);
//  4. with opt final and sls:instanceId/param available (an AWS pre-pass);
//  5. with the AWS sources (aws, cf, s3, ssm) as well.
// Errors are reported after each pass, so which errors show together matches osls.
#include "config/variables.h"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "config/patterns.h"
#include "config/var_dotenv.h"
#include "config/var_js.h"
#include "config/var_resolver.h"
#include "config/var_sources.h"
#include "util/error.h"

namespace sls::config {
namespace {

using vars::PropertyMetaMap;

const std::string kSep(1, '\0');

std::string path_of(std::initializer_list<const char*> keys) {
  std::string out;
  for (const char* k : keys) {
    if (!out.empty()) out += kSep;
    out += k;
  }
  return out;
}

// Options as osls's filterSupportedOptions hands them to the resolver: every
// supported option present, null when not given.
Json supported_options(const Json& given) {
  Json options = given.is_object() ? given : Json::object();
  for (const char* name : {"region", "aws-profile", "config", "stage", "param", "help", "version",
                           "verbose", "debug"})
    if (!options.contains(name)) options[name] = nullptr;
  return options;
}

bool is_property_resolved(const PropertyMetaMap& meta, const std::string& path) {
  std::vector<std::string> keys = vars::split_path(path);
  std::string prefix;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    prefix += (i ? kSep : "") + keys[i];
    if (meta.has(prefix)) return false;
  }
  for (const auto& key : meta.keys())
    if (key.compare(0, path.size() + 1, path + kSep) == 0) return false;
  return true;
}

// ResolveInput::getenv, or the process environment when it is not set.
vars::EnvLookup environment_lookup(const ResolveInput& input) {
  if (input.getenv) return input.getenv;
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (!value) return std::nullopt;
    return std::string(value);
  };
}

class Driver {
 public:
  Driver(Json& config, const ResolveInput& input)
      : config_(config),
        input_(input),
        options_(supported_options(input.options)),
        env_{input, options_, config, false, {}, environment_lookup(input), {}, {}},
        resolver_(config, meta_, env_) {
    std::string name = input.config_file_name.empty() ? "serverless.yml" : input.config_file_name;
    file_name_ = std::filesystem::path(name).filename().string();
  }

  void run() {
    vars::collect_property_meta(config_, {}, meta_);
    report_errors();
    ensure_resolved("disabledDeprecations");
    ensure_resolved("deprecationNotificationMode");
    if (!meta_.size()) return;

    vars::PassConfig pass;
    pass.sources = {"env", "file", "opt", "self", "strToBool", "sls"};
    pass.fulfilled = {"file", "self", "strToBool"};
    pass.paths_to_resolve = std::vector<std::string>{path_of({"provider", "name"}),
                                                     path_of({"provider", "stage"}), "useDotenv"};
    pass.is_deferred = [this](const std::string& path) { return is_deferred(path); };
    run_pass(pass);

    pass.fulfilled.insert("env");
    std::optional<std::set<std::string>> env_needed_for_dotenv;
    if (!is_property_resolved(meta_, path_of({"provider", "stage"})) ||
        !is_property_resolved(meta_, "useDotenv")) {
      vars::PassConfig stage_pass = pass;
      stage_pass.paths_to_resolve = std::vector<std::string>{path_of({"provider", "stage"}), "useDotenv"};
      env_.missing_env.clear();
      run_pass(stage_pass);
      ensure_resolved(path_of({"provider", "stage"}));
      ensure_resolved("useDotenv");
      env_needed_for_dotenv = env_.missing_env;
    }
    if (load_dotenv()) {
      if (env_needed_for_dotenv) {
        for (const auto& name : *env_needed_for_dotenv) {
          auto it = env_.dotenv.find(name);
          if (it != env_.dotenv.end() && !it->second.empty())
            throw UserError(
                "Cannot reliably resolve \"env\" variables due to resolution conflict.\n"
                "Environment variable \"" + name + "\" which influences resolution of \".env\" file "
                "were found to be defined in resolved \".env\" file.DOTENV_ENV_VAR_RESOLUTION_CONFLICT");
        }
      }
      if (!is_property_resolved(meta_, path_of({"provider", "name"}))) run_pass(pass);
    }
    if (!meta_.size()) return;
    ensure_resolved(path_of({"provider", "name"}));

    pass.paths_to_resolve.reset();
    run_pass(pass);
    if (!meta_.size()) return;
    for (const auto& p : {std::string("plugins"), path_of({"package", "path"}),
                          std::string("frameworkVersion"), std::string("service")})
      ensure_resolved(p);
    plugins_resolved();

    pass.fulfilled.insert("opt");
    pass.sources.insert("param");
    pass.fulfilled.insert({"sls", "param"});
    env_.has_instance = true;
    if (provider_is_aws()) {
      run_pass(pass, false);
      if (!meta_.size()) return;
      report_errors();
      for (auto p : {path_of({"provider", "credentials"}),
                     path_of({"provider", "deploymentBucket", "serverSideEncryption"}),
                     path_of({"provider", "profile"}), path_of({"provider", "region"})})
        ensure_resolved(p);
      for (const char* s : {"cf", "s3", "ssm", "aws"}) {
        pass.sources.insert(s);
        pass.fulfilled.insert(s);
      }
    }
    if (!add_plugin_sources(pass)) return;
    resolver_.run(pass);
    for (const auto& path : meta_.keys()) {
      auto m = meta_.get(path);
      if (is_deferred(path) && !m->error) meta_.erase(path);
    }
    if (!meta_.size()) return;
    report_errors();
    report_unrecognized_sources(pass);
  }

  // The plugins' sources join the last pass (osls's resolveExternalPluginSources);
  // false when nothing is left to resolve.
  bool add_plugin_sources(vars::PassConfig& pass) {
    if (!meta_.size()) return false;
    const PluginSources* plugins = input_.plugin_sources.get();
    if (!plugins) return true;
    if (!plugins->legacy_plugin.empty())
      throw UserError("Plugin \"" + plugins->legacy_plugin + "\" attempts to extend the old variables resolver. "
                      "Use \"configurationVariablesSources\" instead.", "OLD_VARIABLE_RESOLVER_NOT_SUPPORTED");
    for (const auto& name : plugins->names) {
      if (pass.sources.count(name) || vars::is_builtin_source(name))
        throw UserError("Cannot add \"" + name + "\" configuration variable source as resolution rules for this "
                        "source name are already configured", "DUPLICATE_VARIABLE_SOURCE_CONFIGURATION");
      pass.sources.insert(name);
      pass.fulfilled.insert(name);
    }
    return true;
  }

  // Hands the configuration to ResolveInput::on_plugins_resolved, once.
  void plugins_resolved() {
    if (plugins_reported_ || !input_.on_plugins_resolved) return;
    plugins_reported_ = true;
    input_.on_plugins_resolved(config_);
  }

 private:
  // With `useDotenv`, loads .env.<stage> or .env (osls: conditionally-load-dotenv).
  bool load_dotenv() {
    const Json* use = config_.contains("useDotenv") ? &config_["useDotenv"] : nullptr;
    if (!use || use->is_null() || (use->is_boolean() && !use->get<bool>()) ||
        (use->is_string() && use->get_ref<const std::string&>().empty()) ||
        (use->is_number() && use->get<double>() == 0))
      return false;
    Json stage = "dev";
    const Json& raw = input_.options;
    // osls's resolveStage sees the given options only (an option not given is absent, not null).
    if (raw.is_object() && raw.contains("stage") && !raw["stage"].is_null()) stage = raw["stage"];
    else if (config_.contains("provider") && config_["provider"].is_object() &&
             config_["provider"].contains("stage"))
      stage = config_["provider"]["stage"];
    if (!stage.is_string() || !patterns::is_stage_name(stage.get_ref<const std::string&>()))
      throw UserError("Invalid stage name. Stage names may contain only ASCII letters, numbers, and hyphens.",
                      "INVALID_STAGE");
    vars::load_dotenv(input_.service_dir, stage.get<std::string>(), env_.getenv, env_.dotenv);
    return true;
  }

  void run_pass(const vars::PassConfig& pass, bool report = true) {
    resolver_.run(pass);
    if (report) report_errors();
  }

  bool provider_is_aws() const {
    const Json* provider = config_.contains("provider") ? &config_["provider"] : nullptr;
    if (!provider) return true;
    const Json* name = provider->is_object() && provider->contains("name") ? &(*provider)["name"] : provider;
    return !name->is_string() || name->get<std::string>() == "aws";
  }

  // osls's deferIrrelevantStageParams: params.<other stage>.* are not resolved.
  bool is_deferred(const std::string& path) const {
    if (path.compare(0, 7, "params" + kSep) != 0) return false;
    if (!config_.contains("params") || !config_["params"].is_object()) return false;
    std::vector<std::string> keys = vars::split_path(path);
    if (keys.size() < 3 || keys[1] == "default") return false;
    std::string stage = "dev";
    if (options_.contains("stage") && !options_["stage"].is_null()) {
      stage = vars::js_coerce_string(options_["stage"]).value_or("");
    } else if (config_.contains("provider") && config_["provider"].is_object() &&
               config_["provider"].contains("stage")) {
      const Json& configured = config_["provider"]["stage"];
      if (configured.is_string() || configured.is_number())
        stage = *vars::js_coerce_string(configured);
    }
    if (stage.find("${") != std::string::npos) return false;
    return keys[1] != stage;
  }

  void ensure_resolved(const std::string& path) {
    if (is_property_resolved(meta_, path)) return;
    throw UserError("Cannot resolve " + file_name_ + ": \"" + vars::humanize_path(vars::split_path(path)) +
                        "\" property is not accessible (configured behind variables which cannot "
                        "be resolved at this stage)",
                    "INACCESSIBLE_CONFIGURATION_PROPERTY");
  }

  void report_errors() const {
    std::vector<vars::VarErrorPtr> errors;
    std::set<const vars::VarError*> seen;
    for (const auto& path : meta_.keys()) {
      auto error = meta_.get(path)->error;
      if (error && seen.insert(error.get()).second) errors.push_back(error);
    }
    if (errors.empty()) return;
    std::string message = "Cannot resolve " + file_name_ + ": Variables resolution errored with:";
    for (std::size_t i = 0; i < errors.size(); ++i)
      message += (i ? ",\n  - " : "\n  - ") + errors[i]->message;
    throw UserError(message, "VARIABLES_RESOLUTION_ERROR");
  }

  static void collect_types(const vars::ValueMeta& meta, std::vector<std::string>& types) {
    if (!meta.variables) return;
    for (const auto& variable : *meta.variables) {
      if (!variable->sources || variable->sources->empty()) continue;
      const auto& source = variable->sources->front();
      if (!source.type) continue;
      if (source.params)
        for (const auto& p : *source.params) collect_types(*p, types);
      if (source.address) collect_types(*source.address, types);
      if (std::find(types.begin(), types.end(), *source.type) == types.end())
        types.push_back(*source.type);
    }
  }

  void report_unrecognized_sources(const vars::PassConfig& pass) const {
    std::vector<std::string> types;
    for (const auto& path : meta_.keys()) collect_types(*meta_.get(path), types);
    std::string list;
    for (const auto& t : types) {
      if (pass.sources.count(t)) continue;
      list += (list.empty() ? "" : "\", \"") + t;
    }
    throw UserError("Unrecognized configuration variable sources: \"" + list + "\"",
                    "UNRECOGNIZED_VARIABLE_SOURCES");
  }

  Json& config_;
  const ResolveInput& input_;
  Json options_;
  vars::SourceEnv env_;
  PropertyMetaMap meta_;
  vars::Resolver resolver_;
  std::string file_name_;
  bool plugins_reported_ = false;
};

}  // namespace

Json resolve_variables(const Json& doc, const ResolveInput& input) {
  Json config = doc;
  if (!config.is_object()) return config;
  try {
    Driver driver(config, input);
    driver.run();
    driver.plugins_resolved();  // when run() returned before the plugins step
  } catch (const vars::VarFailure& f) {  // not expected to escape; keep it a user-facing error
    throw UserError(f.error->message, f.error->code);
  }
  return config;
}

}  // namespace sls::config
