#include "cli/aws_commands.h"

#include "cli/plugin_check.h"
#include "cli/prune_command.h"
#include "cli/diff_command.h"

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <optional>

#include "aws/api/aws_error.h"
#include "aws/api/cloudformation.h"
#include "aws/compile/events/registry.h"
#include "aws/api/credentials.h"
#include "aws/api/http.h"
#include "aws/deploy/deploy.h"
#include "aws/deploy/info.h"
#include "aws/deploy/remove.h"
#include "aws/deploy/target.h"
#include "aws/package_flow.h"
#include "aws/variables/aws_sources.h"
#include "config/dotenv_plugin.h"
#include "config/load_service.h"
#include "util/error.h"

namespace sls::cli {

namespace dep = aws::deploy;

std::atomic<bool>& interrupt_flag() {
  static std::atomic<bool> flag{false};
  return flag;
}

namespace {
extern "C" void on_sigint(int) { interrupt_flag().store(true); }
}  // namespace

SigintGuard::SigintGuard() {
  interrupt_flag().store(false);
  struct sigaction sa {};
  sa.sa_handler = on_sigint;
  sa.sa_flags = SA_RESETHAND;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &previous);
}
SigintGuard::~SigintGuard() { sigaction(SIGINT, &previous, nullptr); }

namespace {

std::string seconds(const Output& out) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "(%ds)", static_cast<int>(out.elapsed_seconds()));
  return out.aside(buf);
}

// The stack's status as CloudFormation reports it now, "unknown" when it cannot be read.
std::string stack_status(const aws::api::AwsContext& ctx, const dep::Target& target) {
  try {
    auto stack = aws::api::cfn::describe_stack(ctx, target.stack_name);
    return stack ? stack->status : "not created";
  } catch (const std::exception&) {
    return "unknown";
  }
}

// After a deploy gave up on the network: say where the stack was left, when it can be read.
void report_stack_after_network_error(const aws::api::AwsContext& ctx, const dep::Target& target, Output& out) {
  std::string status = stack_status(ctx, target);
  if (status == "unknown") {
    out.notice("The state of stack " + target.stack_name + " could not be read either. Check it in the AWS console "
               "or with \"sls info\" before deploying again.");
  } else {
    out.notice("Stack " + target.stack_name + " is " + status + ". Run \"sls deploy\" again once the connection is "
               "back; an unchanged service is skipped.");
  }
}

int report_interrupt(const aws::api::AwsContext& ctx, const dep::Target& target, const std::string& command,
                     const dep::Interrupted& interrupted, Output& out) {
  out.stop_progress();
  std::string status = stack_status(ctx, target);
  out.notice("");
  const std::string what = interrupted.what();
  if (what.rfind("Interrupted before", 0) == 0) out.notice(what);  // the step that was not started
  out.notice("Interrupted. Stack " + target.stack_name + " is " + status + ".");
  out.notice("CloudFormation carries on with the operation in the background. Follow it in the AWS console or "
             "with \"sls info\", and run \"sls " + command + "\" again once the stack has settled.");
  return 130;
}

void warn_resource_count(const aws::api::AwsContext& ctx, const dep::Target& target, Output& out) {
  std::string warning = dep::resource_count_warning(aws::api::cfn::list_stack_resources(ctx, target.stack_name).size());
  if (!warning.empty()) out.warning(warning);
}

std::uintmax_t size_or_zero(const std::filesystem::path& p) {
  std::error_code ec;
  auto n = std::filesystem::file_size(p, ec);
  return ec ? 0 : n;
}

// osls's aws:info lifecycle: `gather` at gatherData; sls renders the information in one go
// after the display* events.
void run_info_events(const dep::EventHook& hook, const std::function<void()>& gather) {
  for (const std::string& e : dep::info_events()) dep::around_event(hook, e, e == "aws:info:gatherData" ? gather : nullptr);
}

// The stack's outputs, an external HTTP API's endpoint and the resource-count warning after a
// deploy; a failure is a warning, since the stack is deployed either way.
void gather_deployed_info(dep::InfoInput& info, Aws& aws, const dep::Target& target, const Service& service,
                          const dep::Reporter& reporter, Output& out) {
  dep::run_post_deploy_step(reporter, "list the stack's outputs",
                            [&] { info.outputs = dep::stack_outputs(aws.ctx, target); });
  dep::run_post_deploy_step(reporter, "find the endpoint of provider.httpApi.id", [&] {
    info.external_http_api_endpoint =
        dep::external_http_api_endpoint(aws.ctx, service.config.value("provider", Json::object()));
  });
  dep::run_post_deploy_step(reporter, "count the stack's resources", [&] { warn_resource_count(aws.ctx, target, out); });
}

}  // namespace

dep::EventHook plugin_event_hook(PluginHost& plugins, Service& service, dep::Package* package) {
  if (!plugins.active()) return {};
  return [&plugins, &service, package](const std::string& event) {
    Json* core = package && package->core_template ? &*package->core_template : nullptr;
    plugins.run_event(event, service.config, package ? &package->compiled_template : nullptr, core,
                      package ? package->artifact_directory : "");
  };
}

dep::Reporter reporter_for(Output& out) {
  dep::Reporter r;
  r.progress = [&out](const std::string& s) { out.start_progress(s); };
  r.info = [&out](const std::string& s) { out.info(s); };
  r.debug = [&out](const std::string& s) { out.debug(s); };
  r.warning = [&out](const std::string& s) { out.warning(s); };
  r.cancelled = &interrupt_flag();
  r.verbose = out.verbose();
  return r;
}

dep::Target make_target(const Service& service) {
  dep::Target t;
  t.service = service.name;
  t.stage = service.stage;
  t.region = service.region;
  t.provider = service.config.contains("provider") && service.config["provider"].is_object()
                   ? service.config["provider"]
                   : Json::object();
  t.stack_name = dep::stack_name_for(t.service, t.stage, t.provider);
  return t;
}

std::unique_ptr<Aws> connect(const ParsedArgs& args, const Service& service, Output& out) {
  aws::api::HttpOptions ho;
  if (out.debug_enabled()) ho.debug = [&out](const std::string& line) { out.debug("aws " + line); };
  auto aws = std::make_unique<Aws>(ho);
  aws::api::CredentialSources sources;
  if (args.options.contains("aws-profile")) sources.cli_profile = args.options["aws-profile"].get<std::string>();
  sources.stage = service.stage;
  const Json& provider = service.config.value("provider", Json::object());
  if (provider.contains("profile") && provider["profile"].is_string())
    sources.provider_profile = provider["profile"].get<std::string>();
  sources.region = service.region;
  sources.http = &aws->http;
  aws->ctx.http = &aws->http;
  aws->ctx.credentials = aws::api::resolve_credentials(sources);
  aws->ctx.region = service.region;
  return aws;
}

config::AwsVariableSource aws_variable_source(Output& out) {
  aws::variables::AwsVariableOptions options;
  if (out.debug_enabled()) options.http.debug = [&out](const std::string& line) { out.debug("aws " + line); };
  return aws::variables::make_aws_variable_source(std::move(options));
}

Service load_command_service(const ParsedArgs& args, const CliOptions& options, Output& out, PluginHost* plugins) {
  Service service = config::load_service(std::filesystem::current_path(), options, compile::events::event_types(),
                                         aws_variable_source(out), plugin_check(args, out, plugins));
  // Built-in serverless-dotenv-plugin, applied where osls constructs plugins: once the service is loaded.
  if (config::uses_plugin(service.config, service.dir, options.values, config::kDotenvPlugin)) {
    config::DotenvPluginLog log =
        config::apply_dotenv_plugin(service.config, {service.dir, options.values, {}, service.stage});
    for (const auto& line : log.notices) out.notice(line);
    for (const auto& line : log.warnings) out.warning(line);
  }
  return service;
}

aws::PackageOptions package_options(const ParsedArgs& args, Output& out, PluginHost& plugins) {
  aws::PackageOptions po;
  po.minify_template = args.options.value("minify-template", false);
  if (out.debug_enabled()) po.trace = [&out](const std::string& e) { out.debug("lifecycle " + e); };
  if (plugins.active())
    po.plugin_hooks = [&plugins](Lifecycle<PackageContext>& lc) { plugins.add_package_hooks(lc); };
  return po;
}

std::string elapsed_aside(const Output& out) { return seconds(out); }
int report_interrupted(const aws::api::AwsContext& ctx, const dep::Target& target, const std::string& command,
                       const dep::Interrupted& interrupted, Output& out) {
  return report_interrupt(ctx, target, command, interrupted, out);
}

int run_deploy(const ParsedArgs& args, const CliOptions& options, Output& out) {
  if (args.options.contains("changeset")) return run_deploy_change_set(args, out);
  PluginHost plugins;
  Service service = load_command_service(args, options, out, &plugins);
  PluginEdges edges(plugins, service);
  for (const auto& w : service.warnings) out.warning(w);
  check_before_deploy(service);
  out.notice("");
  out.notice("Deploying " + service.name + " to stage " + service.stage + " " + out.aside("(" + service.region + ")"));
  out.info("");
  std::filesystem::path package_dir;
  if (args.options.contains("package")) {
    package_dir = std::filesystem::absolute(args.options["package"].get<std::string>());
  } else {
    aws::PackageOptions po = package_options(args, out, plugins);
    out.start_progress("Packaging");
    aws::PackageResult packaged = aws::package_service(service, po);
    for (const auto& w : packaged.warnings) out.warning(w);
    package_dir = packaged.package_dir;
  }
  if (args.options.value("aws-s3-accelerate", false))
    out.warning("--aws-s3-accelerate is not supported by sls yet: uploading without S3 Transfer Acceleration.");
  dep::Package package = dep::read_package(package_dir);
  dep::Target target = make_target(service);
  auto aws = connect(args, service, out);
  SigintGuard guard;
  dep::Reporter reporter = reporter_for(out);
  dep::DeployOptions deploy_options;
  deploy_options.force = args.options.value("force", false);
  deploy_options.no_execute = args.options.value("no-execute", false);
  plugins.attach(service);
  // osls gathers the service's information (aws:info) inside deploy:deploy, before the
  // plugins' deploy:deploy and after:deploy:deploy hooks: with plugins, so does sls.
  dep::InfoInput info;
  const dep::EventHook plugin_hook = plugin_event_hook(plugins, service, &package);
  bool gathered = false;
  auto gather_info = [&] {
    gathered = true;
    run_info_events(plugin_hook, [&] { gather_deployed_info(info, *aws, target, service, reporter, out); });
  };
  if (plugin_hook) {
    deploy_options.event = [&](const std::string& event) {
      if (event == "deploy:deploy") gather_info();
      plugin_hook(event);
    };
    deploy_options.unchanged = [&service] {
      if (service.config.contains("provider") && service.config["provider"].is_object())
        service.config["provider"]["shouldNotDeploy"] = true;  // what the plugins' later hooks see
    };
  }
  dep::DeployResult result;
  try {
    result = dep::deploy_service(aws->ctx, target, package, deploy_options, reporter);
    if (result.outcome != dep::DeployOutcome::ChangeSetCreated)  // --no-execute: nothing was deployed yet
      run_after_deploy(args, *aws, service, result.outcome == dep::DeployOutcome::EmptyChangeSet, reporter, out);
  } catch (const dep::Interrupted& e) {
    return report_interrupt(aws->ctx, target, "deploy", e, out);
  } catch (const UserError& e) {
    out.stop_progress();
    out.notice("");
    out.notice("✖ Stack " + target.stack_name + " failed to deploy " + seconds(out));
    if (e.code == aws::api::kNetworkErrorCode || e.code == aws::api::kMalformedReplyCode)
      report_stack_after_network_error(aws->ctx, target, out);
    throw;
  }
  out.stop_progress();
  out.notice("");
  if (result.outcome == dep::DeployOutcome::NoChanges) {
    out.notice("No changes to deploy. Deployment skipped. " + seconds(out));
    return edges.done(0);
  }
  if (result.outcome == dep::DeployOutcome::EmptyChangeSet) {
    out.notice("Change set did not include any changes to be deployed. " + seconds(out));
    return edges.done(0);
  }
  if (result.outcome == dep::DeployOutcome::ChangeSetCreated) {
    report_change_set_left(result.change_set, target, out);
    return edges.done(0);
  }
  out.success("Service deployed to stack " + target.stack_name + " " + seconds(out));
  if (!gathered) gather_info();
  info.target = target;
  info.functions = package.state["service"].value("functions", Json::object());
  info.layers = package.state["service"].value("layers", Json::object());
  info.verbose = out.verbose();
  for (const auto& [name, fn] : info.functions.items()) {
    std::string artifact;
    if (fn.contains("package") && fn["package"].is_object()) artifact = fn["package"].value("artifact", "");
    if (artifact.empty()) artifact = package.state.value("package", Json::object()).value("artifact", "");
    if (artifact.empty()) artifact = service.name + ".zip";
    info.artifact_sizes[name] = size_or_zero(package.dir / std::filesystem::path(artifact).filename());
  }
  std::string summary = dep::render_sections(dep::info_sections(info)) + plugins.output_sections();
  if (!summary.empty()) out.result("\n" + summary);
  return edges.done(0);
}

int run_info(const ParsedArgs& args, const CliOptions& options, Output& out) {
  PluginHost plugins;
  Service service = load_command_service(args, options, out, &plugins);
  PluginEdges edges(plugins, service);
  for (const auto& w : service.warnings) out.warning(w);
  plugins.attach(service);
  const dep::EventHook hook = plugin_event_hook(plugins, service, nullptr);
  dep::Target target = make_target(service);
  auto aws = connect(args, service, out);
  dep::InfoInput info;
  if (hook) hook("before:info:info");
  run_info_events(hook, [&] {
    info.outputs = dep::stack_outputs(aws->ctx, target);
    info.external_http_api_endpoint =
        dep::external_http_api_endpoint(aws->ctx, service.config.value("provider", Json::object()));
    warn_resource_count(aws->ctx, target, out);
  });
  if (hook) {
    hook("info:info");
    hook("after:info:info");
  }
  info.target = target;
  info.functions = service.config.value("functions", Json::object());
  if (info.functions.is_null()) info.functions = Json::object();
  info.layers = service.config.value("layers", Json::object());
  if (info.layers.is_null()) info.layers = Json::object();
  info.info_command = true;
  info.verbose = out.verbose();
  // Deployed function names: the state of the last package, else <service>-<stage>-<fn>.
  for (auto& [name, fn] : info.functions.items()) {
    if (fn.is_object() && !fn.contains("name")) fn["name"] = service.name + "-" + service.stage + "-" + name;
  }
  std::string text = dep::render_sections(dep::info_sections(info)) + plugins.output_sections();
  if (!text.empty() && text.back() == '\n') text.pop_back();
  out.result(text);
  return edges.done(0);
}

int run_remove(const ParsedArgs& args, const CliOptions& options, Output& out) {
  PluginHost plugins;
  Service service = load_command_service(args, options, out, &plugins);
  PluginEdges edges(plugins, service);
  plugins.attach(service);
  const dep::EventHook hook = plugin_event_hook(plugins, service, nullptr);
  for (const auto& w : service.warnings) out.warning(w);
  out.notice("Removing " + service.name + " from stage " + service.stage + " " + out.aside("(" + service.region + ")"));
  out.info("");
  if (std::string reminder = compile::events::cloud_front_remove_reminder(service.config.value("functions", Json::object()));
      !reminder.empty())
    out.warning(reminder);
  dep::Target target = make_target(service);
  auto aws = connect(args, service, out);
  SigintGuard guard;
  try {
    dep::around_event(hook, "remove:remove", [&] { dep::remove_service(aws->ctx, target, reporter_for(out)); });
  } catch (const dep::Interrupted& e) {
    return report_interrupt(aws->ctx, target, "remove", e, out);
  }
  out.stop_progress();
  out.notice("");
  out.success("Service " + service.name + " has been successfully removed " + seconds(out));
  return edges.done(0);
}

}  // namespace sls::cli
