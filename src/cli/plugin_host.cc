#include "cli/plugin_host.h"

#include <algorithm>
#include <cstdio>

#include "aws/deploy/deployment_bucket.h"
#include "aws/deploy/lifecycle_events.h"
#include "aws/package_flow.h"
#include "aws/plugin_naming.h"
#include "aws/plugin_request.h"
#include "cli/aws_commands.h"
#include "config/provider_plugins.h"
#include "util/error.h"
#include "util/js_like.h"

namespace sls::cli {

namespace {

std::string strip_prefix(const std::string& event) {
  for (const char* p : {"before:", "after:"})
    if (event.starts_with(p)) return event.substr(std::string(p).size());
  return event;
}

bool packages(const std::string& command, const Json& options) {
  return command == "package" || (command == "deploy" && !options.contains("package"));
}

// --stage / --region, else provider.stage / provider.region, else osls's default.
std::string option_or_provider(const Service& service, const Json& config, const char* key, const char* fallback) {
  if (service.options.values.contains(key) && service.options.values[key].is_string())
    return service.options.values[key].get<std::string>();
  const Json* provider = config.contains("provider") ? &config["provider"] : nullptr;
  if (provider && provider->is_object() && provider->contains(key) && (*provider)[key].is_string())
    return (*provider)[key].get<std::string>();
  return fallback;
}

std::vector<std::string> names(const Json& schema, const char* key) {
  std::vector<std::string> out;
  if (schema.contains(key) && schema[key].is_array())
    for (const Json& n : schema[key])
      if (n.is_string()) out.push_back(n.get<std::string>());
  return out;
}

// osls's service.package.artifactDirectoryName, set once packaging has named the folder
// (serverless-plugin-split-stacks builds its nested stacks' TemplateURL from it); it stays
// out of sls's configuration.
Json with_artifact_directory(const Json& config, const std::string& directory) {
  if (directory.empty() || !config.is_object()) return config;
  Json out = config;
  if (!out.contains("package") || !out["package"].is_object()) out["package"] = Json::object();
  if (!out["package"].contains("artifactDirectoryName")) out["package"]["artifactDirectoryName"] = directory;
  return out;
}

// `config` as a hook left it, without the artifactDirectoryName that `original` did not have.
Json without_artifact_directory(Json config, const Json& original, const std::string& directory) {
  const Json* package = original.is_object() ? js::get(original, "package") : nullptr;
  if (package && js::get(*package, "artifactDirectoryName")) return config;
  if (!config.is_object() || !config.contains("package") || !config["package"].is_object()) return config;
  Json& out = config["package"];
  if (out.value("artifactDirectoryName", Json()) == Json(directory)) out.erase("artifactDirectoryName");
  if (out.empty() && !package) config.erase("package");
  return config;
}

// An event of the command being run when it is a plugin's (sls knows no such
// command: the bridge runs its whole lifecycle, cli/plugin_commands.h).
bool plugin_command_event(const std::string& event, const ParsedArgs& args) {
  if (args.spec || args.command.empty()) return false;
  std::string key = args.command;
  std::replace(key.begin(), key.end(), ' ', ':');
  return event.starts_with(key + ":");
}

}  // namespace

// The events of deploy, info, remove, deploy function and rollback (aws/deploy/lifecycle_events.h),
// invoke, invoke local and logs.
const std::vector<std::string>& command_hook_events(const std::string& command) {
  static const std::vector<std::string> kNone;
  if (command == "deploy") return aws::deploy::deploy_events();
  if (command == "info") return aws::deploy::info_command_events();
  if (command == "remove") return aws::deploy::remove_events();
  if (command == "deploy function") return aws::deploy::deploy_function_events();
  if (command == "rollback") return aws::deploy::rollback_events();
  static const std::vector<std::string> kInvoke = {"invoke:invoke"};
  static const std::vector<std::string> kInvokeLocal = {"invoke:local:loadEnvVars", "invoke:local:invoke"};
  static const std::vector<std::string> kLogs = {"logs:logs"};
  if (command == "invoke") return kInvoke;
  if (command == "invoke local") return kInvokeLocal;
  if (command == "logs") return kLogs;
  return kNone;
}

std::vector<std::string> command_words(const std::string& command) {
  std::vector<std::string> out;
  for (size_t start = 0; start < command.size();) {
    size_t end = std::min(command.find(' ', start), command.size());
    out.push_back(command.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool runs_edges(const std::string& command) {
  return command == "package" || command == "deploy" || !command_hook_events(command).empty();
}

std::vector<std::string> bridged_events(const std::string& command, const Json& options) {
  std::vector<std::string> out;
  if (runs_edges(command)) out = {"initialize", "finalize"};
  if (packages(command, options)) {
    const auto& package = aws::package_hook_events();
    out.insert(out.end(), package.begin(), package.end());
  }
  const auto& own = command_hook_events(command);
  out.insert(out.end(), own.begin(), own.end());
  return out;
}

bool event_of_command(const std::string& event, const ParsedArgs& args) {
  std::string base = args.command;
  std::replace(base.begin(), base.end(), ' ', ':');
  std::vector<std::string> events;
  if (args.spec)
    for (const auto& l : args.spec->lifecycle) events.push_back(base + ":" + l);
  if (packages(args.command, args.options))
    for (const auto& e : aws::package_hook_events()) events.push_back(e);
  if (std::find(events.begin(), events.end(), event) != events.end()) return true;
  // The provider's sub-lifecycles the command runs (aws:deploy:deploy:updateStack, ...).
  std::vector<std::string> prefixes = {"aws:" + base + ":"};
  if (args.command == "deploy") prefixes.push_back("aws:info:");
  if (packages(args.command, args.options)) prefixes.push_back("aws:common:");
  for (const auto& p : prefixes)
    if (event.starts_with(p)) return true;
  return false;
}

PluginHost::PluginHost() = default;
PluginHost::~PluginHost() = default;

config::PluginDefinitions PluginHost::start(const ParsedArgs& args, const Service& service, const Json& config,
                                       const Plugins& plugins, Output& out) {
  bridge::BridgeStart start;
  start.service_dir = service.dir;
  start.config_file = service.config_file_name;
  start.config = config;
  start.options = args.options;
  start.commands = command_words(args.command);
  for (const auto& [name, file] : plugins) start.plugins.push_back({name, file});
  start.stage = option_or_provider(service, config, "stage", "dev");
  start.region = option_or_provider(service, config, "region", "us-east-1");
  start.debug = out.debug_enabled();
  start.verbose = out.verbose();
  args_ = &args;
  out_ = &out;
  auto started = std::chrono::steady_clock::now();
  bridge_ = bridge::NodeBridge::start(start, [this](const std::string& what, const Json& a) { return ask(what, a); });
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  char line[128];
  std::snprintf(line, sizeof line, "plugin bridge: %zu plugin(s) loaded through node in %.1f ms", plugins.size(), ms);
  out.debug(line);
  // A provider plugin's service runs every event of the command through the
  // bridge (cli/provider_lifecycle.h): no hook is left out.
  if (config::plugin_provider_name(config).empty()) check_events(args, out);
  const Json& schema = bridge_->loaded().schema;
  std::vector<std::string> provider = names(schema, "provider");
  for (const auto& name : names(schema, "providers")) provider.push_back(config::provider_definition(name));
  config::PluginDefinitions defs{names(schema, "root"), provider, names(schema, "function"), names(schema, "events")};
  defs.variable_sources = variable_sources();
  return defs;
}

void PluginHost::check_events(const ParsedArgs& args, Output& out) const {
  std::vector<std::string> bridged = bridged_events(args.command, args.options);
  for (const auto& hooked : bridge_->loaded().hooks) {
    std::string base = strip_prefix(hooked.event);
    const std::string& plugin = hooked.plugins.front();
    if (std::find(bridged.begin(), bridged.end(), base) != bridged.end() || plugin_command_event(base, args)) {
      out.debug("plugin \"" + plugin + "\": hook " + hooked.event + " runs through the bridge");
    } else if (event_of_command(base, args)) {
      throw UserError("Plugin \"" + plugin + "\" hooks into \"" + hooked.event + "\" of \"sls " + args.command +
                          "\", where sls does not run plugins yet.\nRun with --skip-plugins " + plugin +
                          " to proceed without it (what it does there is then not done), or use osls for this "
                          "command.",
                      "PLUGIN_HOOK_NOT_SUPPORTED");
    } else {
      out.debug("plugin \"" + plugin + "\": hook " + hooked.event + " has no effect on \"" + args.command + "\"");
    }
  }
}

Json PluginHost::ask(const std::string& what, const Json& args) {
  if (auto extra = extra_asks_.find(what); extra != extra_asks_.end()) return extra->second(args);
  if (what == "naming") {
    if (!service_)
      throw UserError("provider.naming is available to plugins from their first hook on, not while they are "
                      "constructed.", "SLS_BRIDGE_NAMING_TOO_EARLY");
    return aws::plugin_naming(*service_, args.value("fn", ""), args.value("args", Json::array()));
  }
  if (what == "request" || what == "accountId" || what == "credentials" || what == "deploymentBucket") {
    if (!service_ || !args_ || !out_)
      throw UserError("AWS calls are available to plugins from their first hook on.", "SLS_BRIDGE_AWS_TOO_EARLY");
    if (!aws_) aws_ = connect(*args_, *service_, *out_);
    if (what == "request") return request_in_region(args);
    // provider.getServerlessDeploymentBucketName(): provider.deploymentBucket, else the stack's bucket.
    if (what == "deploymentBucket") return aws::deploy::deployment_bucket(aws_->ctx, make_target(*service_));
    if (what == "accountId")
      return aws::plugin_request(aws_->ctx, "STS", "getCallerIdentity", Json::object()).value("Account", "");
    const auto& c = aws_->ctx.credentials;
    Json credentials{{"accessKeyId", c.access_key_id}, {"secretAccessKey", c.secret_access_key}};
    if (!c.session_token.empty()) credentials["sessionToken"] = c.session_token;
    return Json{{"credentials", credentials}, {"region", service_->region}};
  }
  throw UserError("\"" + what + "\" is not available through sls's plugin bridge yet.", "SLS_BRIDGE_UNSUPPORTED");
}

void PluginHost::add_package_hooks(Lifecycle<PackageContext>& lifecycle) {
  if (!bridge_) return;
  for (const auto& hooked : bridge_->loaded().hooks) {
    std::string event = hooked.event;
    lifecycle.on(event, [this, event](PackageContext& ctx) {
      attach(ctx.service);
      run_event(event, ctx.service.config, &ctx.template_, &ctx.create_template, ctx.artifact_directory_name);
    });
  }
}

// provider.request(service, method, params, {region}): the call in that region when one is given.
Json PluginHost::request_in_region(const Json& args) {
  aws::api::AwsContext ctx = aws_->ctx;
  const Json options = args.value("options", Json::object());
  if (options.is_object() && options.contains("region") && options["region"].is_string() &&
      !options["region"].get<std::string>().empty())
    ctx.region = options["region"].get<std::string>();
  return aws::plugin_request(ctx, args.value("service", ""), args.value("method", ""),
                             args.value("params", Json::object()));
}

// --- deploy, info, remove, deploy function, rollback: hooks at the aws/deploy event seams ---

void PluginHost::run_edge(const std::string& event, Service& service) {
  if (!bridge_) return;
  attach(service);
  aws::deploy::around_event([this, &service](const std::string& e) { run_event(e, service.config, nullptr, nullptr); },
                            event);
}

void PluginHost::run_event(const std::string& event, Json& config, Json* template_, Json* core_template,
                           const std::string& artifact_directory) {
  if (!bridge_ || !bridge_->has_hooks(event)) return;
  bridge::BridgeState state{with_artifact_directory(config, artifact_directory), template_ ? *template_ : Json::object(),
                            core_template ? *core_template : Json::object()};
  for (const auto& t : bridge_->run(event, state)) {
    char line[64];
    std::snprintf(line, sizeof line, " (%.1f ms)", t.ms);
    if (out_) out_->debug("plugin \"" + t.plugin + "\" " + event + line);
  }
  config = without_artifact_directory(std::move(state.config), config, artifact_directory);
  if (template_) *template_ = std::move(state.template_);
  if (core_template) *core_template = std::move(state.core_template);
  if (state.outputs.is_array()) outputs_ = std::move(state.outputs);
}

std::string PluginHost::output_sections() const {
  std::string text;
  for (const Json& entry : outputs_) {
    if (!entry.is_array() || entry.size() != 2 || !entry[0].is_string()) continue;
    const std::string section = entry[0].get<std::string>();
    if (entry[1].is_string()) {
      text += section + ": " + entry[1].get<std::string>() + "\n";
    } else if (entry[1].is_array()) {
      text += section + ":\n";
      for (const Json& l : entry[1]) text += "  " + (l.is_string() ? l.get<std::string>() : l.dump()) + "\n";
    }
  }
  return text;
}

// ---- Provider plugins (cli/provider_lifecycle.h)

bool PluginHost::provides(const std::string& provider) const {
  if (!bridge_) return false;
  const std::vector<std::string> defined = names(bridge_->loaded().schema, "providers");
  return std::find(defined.begin(), defined.end(), provider) != defined.end();
}

bool PluginHost::hooks_any(const std::vector<std::string>& events) const {
  if (!bridge_) return false;
  for (const auto& event : events)
    for (const char* prefix : {"before:", "", "after:"})
      if (bridge_->has_hooks(prefix + event)) return true;
  return false;
}

}  // namespace sls::cli
