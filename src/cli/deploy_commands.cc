#include "cli/deploy_commands.h"

#include <cstdlib>
#include <filesystem>

#include "aws/api/lambda.h"
#include "aws/api/lambda_versions.h"
#include "aws/deploy/deployment_bucket.h"
#include "aws/ops/deploy_function.h"
#include "aws/ops/deploy_list.h"
#include "aws/ops/rollback.h"
#include "cli/aws_commands.h"
#include "cli/ops_commands.h"
#include "cli/run.h"
#include "package/package_service.h"
#include "util/error.h"
#include "util/js_like.h"

namespace sls::cli {
namespace {

namespace fs = std::filesystem;

// osls's check of a required option, before anything else runs.
std::string required(const ParsedArgs& args, const char* name) {
  auto value = string_option(args, name);
  if (!value)
    throw UserError("sls command \"" + args.command + "\" requires \"--" + name + "\" option. Run \"sls " +
                        args.command + " --help\" for more info",
                    "MISSING_REQUIRED_CLI_OPTION");
  return *value;
}

Service load(const ParsedArgs& args, Output& out, PluginHost* plugins = nullptr) {
  Service service = load_command_service(args, to_cli_options(args), out, plugins);
  for (const auto& w : service.warnings) out.warning(w);
  return service;
}

const Json& config_member(const Json& obj, const char* key) {
  static const Json kEmpty = Json::object();
  const Json* v = js::get(obj, key);
  return v && v->is_object() ? *v : kEmpty;
}

// A folder outside the service for the zip of `deploy function`, removed when done.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "sls-deploy-function-XXXXXX").string();
    if (!mkdtemp(pattern.data()))
      throw UserError("Could not create a temporary folder in " + fs::temp_directory_path().string() +
                          " for the function's zip: check that it is writable (or set TMPDIR).",
                      "TEMP_DIR_FAILED");
    path = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

void print_lines(Output& out, const std::vector<std::string>& lines) {
  for (const auto& l : lines) out.result(l);
}

}  // namespace

int run_deploy_function(const ParsedArgs& args, Output& out) {
  const std::string function = required(args, "function");
  PluginHost plugins;
  Service service = load(args, out, &plugins);
  plugins.attach(service);
  PluginEdges edges(plugins, service);
  const aws::deploy::EventHook hook = plugin_event_hook(plugins, service, nullptr);
  aws::deploy::around_event(hook, "deploy:function:initialize");
  aws::ops::DeployFunctionInput in;
  in.function = function;
  in.function_obj = config_member(config_member(service.config, "functions"), function.c_str());
  in.function_obj["name"] = deployed_function_name(service, function);
  in.provider = config_member(service.config, "provider");
  in.resources = config_member(config_member(service.config, "resources"), "Resources");
  in.force = args.options.value("force", false);
  in.update_config = args.options.value("update-config", false);
  out.notice("");
  out.notice("Deploying function " + function + " to stage " + service.stage + " " +
             out.aside("(" + service.region + ")"));
  out.info("");
  TempDir temp;
  aws::deploy::around_event(hook, "deploy:function:packageFunction", [&] {
    if (in.update_config) return;
    out.start_progress("Packaging");
    PackageContext package{service, temp.path, temp.path};  // as package_flow.cc makes one
    in.artifact = package::package_function(package, function);
    out.stop_progress();
    for (const auto& w : package.warnings) out.warning(w);
  });
  auto aws = connect(args, service, out);
  bool first = true;
  aws::ops::DeployFunctionReport report;
  report.progress = [&out](const std::string& s) { out.start_progress(s); };
  report.info = [&out](const std::string& s) { out.info(s); };
  report.result = [&](const std::string& text, bool success) {
    out.stop_progress();
    if (first) out.notice("");
    first = false;
    if (success) out.success(text + " " + elapsed_aside(out));
    else out.notice(text + " " + elapsed_aside(out));
    if (success && text == "Function configuration updated") out.notice("");  // osls ends that line with "\n"
  };
  aws::deploy::around_event(hook, "deploy:function:deploy", [&] { aws::ops::deploy_function(aws->ctx, in, report); });
  out.stop_progress();
  return edges.done(0);
}

int run_deploy_list(const ParsedArgs& args, Output& out) {
  Service service = load(args, out);
  aws::deploy::Target target = make_target(service);
  auto aws = connect(args, service, out);
  const std::string bucket = aws::deploy::existing_deployment_bucket(aws->ctx, target);
  const auto deployments = aws::ops::list_deployments(aws->ctx, target, bucket);
  for (const auto& d : deployments) print_lines(out, aws::ops::deployment_lines(d));
  if (deployments.empty()) {
    out.notice("");
    out.notice("No deployments found, if that's unexpected ensure that stage and region are correct");
  }
  return 0;
}

int run_deploy_list_functions(const ParsedArgs& args, Output& out) {
  Service service = load(args, out);
  auto aws = connect(args, service, out);
  for (const auto& [name, fn] : config_member(service.config, "functions").items()) {
    const Json config = aws::api::lambda::get_function(aws->ctx, deployed_function_name(service, name))
                            .value("Configuration", Json::object());
    const std::string deployed = config.value("FunctionName", deployed_function_name(service, name));
    const std::vector<std::string> versions = aws::api::lambda::list_versions_by_function(aws->ctx, deployed);
    print_lines(out, aws::ops::function_versions_lines(deployed, versions, service.name, service.stage));
  }
  return 0;
}

int run_rollback(const ParsedArgs& args, Output& out) {
  PluginHost plugins;
  Service service = load(args, out, &plugins);
  plugins.attach(service);
  PluginEdges edges(plugins, service);
  const aws::deploy::EventHook hook = plugin_event_hook(plugins, service, nullptr);
  aws::deploy::around_event(hook, "rollback:initialize");
  aws::deploy::Target target = make_target(service);
  auto aws = connect(args, service, out);
  const auto timestamp = string_option(args, "timestamp");
  if (!timestamp) {
    out.notice("Select a timestamp from the deploy list below and run \"sls rollback -t <timestamp>\" to rollback "
               "your service to a specific version.");
    out.notice("");
    const std::string bucket = aws::deploy::existing_deployment_bucket(aws->ctx, target);
    const auto deployments = aws::ops::list_deployments(aws->ctx, target, bucket);
    for (const auto& d : deployments) print_lines(out, aws::ops::deployment_lines(d));
    if (deployments.empty())
      out.notice("No deployments found, if that's unexpected ensure that stage and region are correct");
    return edges.done(0);
  }
  out.notice("");
  out.notice("Rolling back " + service.name + " to timestamp \"" + *timestamp + "\"");
  out.info("");
  SigintGuard guard;
  bool changed = false;
  try {
    aws::deploy::around_event(hook, "rollback:rollback", [&] {
      changed = aws::ops::rollback_service(aws->ctx, target, *timestamp, reporter_for(out));
    });
  } catch (const aws::deploy::Interrupted& e) {
    return report_interrupted(aws->ctx, target, "rollback", e, out);
  }
  out.stop_progress();
  out.notice("");
  if (changed) out.success("Service rolled back to timestamp \"" + *timestamp + "\" " + elapsed_aside(out));
  else out.notice("No updates to be performed. Rollback skipped. " + elapsed_aside(out));
  return edges.done(0);
}

int run_rollback_function(const ParsedArgs& args, Output& out) {
  const std::string function = required(args, "function");
  const std::string version = required(args, "function-version");
  Service service = load(args, out);
  aws::ops::RollbackFunctionInput in;
  in.function = function;
  in.deployed_name = deployed_function_name(service, function);
  in.version = version;
  in.durable = js::truthy(js::get(config_member(config_member(service.config, "functions"), function.c_str()),
                                  "durableConfig"));
  auto aws = connect(args, service, out);
  out.notice("");
  out.notice("Rolling back function " + function + " to version \"" + version + "\"");
  out.info("");
  out.start_progress("Updating");
  aws::ops::rollback_function(aws->ctx, in);
  out.stop_progress();
  out.notice("");
  out.success("Successfully rolled back function " + function + " to version \"" + version + "\" " +
              elapsed_aside(out));
  return 0;
}

}  // namespace sls::cli
