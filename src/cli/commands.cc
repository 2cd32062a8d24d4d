#include "cli/commands.h"

namespace sls::cli {

namespace {

OptionSpec str(std::string name, char shortcut, std::string usage) {
  return {std::move(name), shortcut, OptionType::String, std::move(usage)};
}
OptionSpec flag(std::string name, char shortcut, std::string usage) {
  return {std::move(name), shortcut, OptionType::Boolean, std::move(usage)};
}

std::vector<CommandSpec> make_commands() {
  std::vector<CommandSpec> c;
  auto add = [&](CommandSpec spec) { c.push_back(std::move(spec)); };

  add({"deploy", "Deploy a service",
       {flag("conceal", 0, "Hide secrets from the output (e.g. API Gateway key values)"),
        str("package", 'p', "Path of the deployment package"),
        flag("force", 0, "Forces a deployment to take place"),
        flag("aws-s3-accelerate", 0, "Enables S3 Transfer Acceleration making uploading artifacts much faster."),
        flag("minify-template", 0, "Minify the CloudFormation template"),
        flag("no-execute", 0, "Create the change set and leave it for review, without executing it (beyond osls)"),
        str("changeset", 0, "Execute this reviewed change set (from \"deploy --no-execute\") instead of deploying (beyond osls)")},
       {"deploy", "finalize"}, true, true, true, true});
  add({"deploy function", "Deploy a single function from the service",
       {str("function", 'f', "Name of the function"), flag("force", 0, "Forces a deployment to take place"),
        flag("update-config", 'u', "Updates function configuration, e.g. Timeout or Memory Size without deploying code")},
       {"initialize", "packageFunction", "deploy"}, true, true, true, true});
  add({"deploy list", "List deployed version of your service", {}, {"log"}, true, true, true, false});
  add({"deploy list functions", "List all the deployed functions and their versions", {}, {"log"}, true, true, true,
       false});
  add({"diff", "Show what a deploy would change, from a change set that is deleted again (beyond osls)",
       {str("package", 'p', "Path of a package to compare instead of packaging"),
        flag("json", 0, "Print the changes as a JSON object"),
        flag("detailed-exitcode", 0, "Exit 0 when nothing would change, 3 when something would")},
       {"diff"}, true, true, true, true});
  add({"info", "Display information about the service", {flag("conceal", 0, "Hide secrets from the output")},
       {"info"}, true, true, true, true});
  add({"invoke", "Invoke a deployed function",
       {str("function", 'f', "The function name"), str("qualifier", 'q', "Version number or alias to invoke"),
        str("path", 'p', "Path to JSON or YAML file holding input data"), str("type", 't', "Type of invocation"),
        flag("log", 'l', "Trigger logging data output"), str("data", 'd', "Input data"),
        flag("raw", 0, "Flag to pass input data as a raw string"), str("context", 0, "Context of the service"),
        str("contextPath", 0, "Path to JSON or YAML file holding context data")},
       {"invoke"}, true, true, true, true});
  add({"invoke local", "Invoke function locally",
       {str("function", 'f', "Name of the function"),
        str("path", 'p', "Path to JSON or YAML file holding input data"),
        str("data", 'd', "input data"),
        flag("raw", 0, "Flag to pass input data as a raw string"),
        str("context", 0, "Context of the service"),
        str("contextPath", 'x', "Path to JSON or YAML file holding context data"),
        {"env", 'e', OptionType::Multiple, "Override environment variables. e.g. --env VAR1=val1 --env VAR2=val2"}},
       {"loadEnvVars", "invoke"}, true, true, true, true});
  add({"logs", "Output the logs of a deployed function",
       {str("function", 'f', "The function name"), flag("tail", 't', "Tail the log output"),
        str("startTime", 0, "Logs before this time will not be displayed. Default: `10m` (last 10 minutes logs only)"),
        str("filter", 0, "A filter pattern"),
        str("interval", 'i', "Tail polling interval in milliseconds. Default: `1000`")},
       {"logs"}, true, true, true, true});
  add({"prune", "Clean up deployed functions and/or layers by deleting older versions.",
       {str("number", 'n', "Number of previous versions to keep"),
        str("function", 'f', "Function name. Limits cleanup to the specified function"),
        str("layer", 'l', "Layer name. Limits cleanup to the specified Lambda layer"),
        flag("includeLayers", 'i', "Boolean flag. Includes the pruning of Lambda layers."),
        flag("dryRun", 'd', "Simulate pruning without executing delete actions. Deletion candidates are logged when "
                            "used in conjunction with --verbose")},
       {"prune"}, true, true, true, false});
  add({"metrics", "Show metrics for a specific function",
       {str("function", 'f', "The function name"),
        str("startTime", 0, "Start time for the metrics retrieval (e.g. 1970-01-01)"),
        str("endTime", 0, "End time for the metrics retrieval (e.g. 1970-01-01)")},
       {"metrics"}, true, true, true, false});
  add({"remove", "Remove service and all resources", {}, {"remove"}, true, true, true, false});
  add({"rollback", "Rollback the service to a specific deployment", {str("timestamp", 't', "Timestamp of the deployment (list deployments with `serverless deploy list`)")},
       {"initialize", "rollback"}, true, true, true, false});
  add({"rollback function", "Rollback the function to the previous version",
       {str("function", 'f', "Name of the function"), str("function-version", 0, "Version of the function")},
       {"rollback"}, true, true, true, false});
  add({"package", "Packages a service",
       {str("package", 'p', "Output path for the package"),
        flag("minify-template", 0, "Minify the CloudFormation template for AWS packages")},
       {"cleanup", "initialize", "setupProviderConfiguration", "createDeploymentArtifacts",
        "compileLayers", "compileFunctions", "compileEvents", "finalize"},
       true, true, true, false});
  add({"print", "Print your compiled and resolved config file",
       {str("format", 0, "Print configuration in given format (\"yaml\", \"json\", \"text\"). Default: yaml"),
        str("path", 0, "Optional period-separated path to print a sub-value (eg: \"provider.name\")"),
        str("transform", 0, "Optional transform-function to apply to the value (\"keys\")")},
       {"print"}, true, true, true, false});
  std::vector<OptionSpec> offline_options = {
      str("host", 0, "The host name to listen on. Default: localhost"),
      str("httpPort", 0, "HTTP port to listen on. Default: 3000"),
      str("lambdaPort", 0, "Lambda http port to listen on. Default: 3002"),
      str("websocketPort", 0, "Websocket port to listen on. Default: 3001"),
      str("webSocketIdleTimeout", 0, "Number of seconds without activity before a websocket is closed. Default: 600"),
      str("webSocketHardTimeout", 0, "Number of seconds before a websocket is closed, however active. Default: 7200"),
      flag("noSchedule", 0, "Don't run the functions of schedule events on their rate or cron."),
      flag("runSchedulesOnInit", 0, "Run every schedule once at start, then on its rate or cron."),
      flag("noPrependStageInUrl", 0, "Don't prepend http routes with the stage."),
      str("prefix", 0, "Adds a prefix to every path, to send your requests to http://localhost:3000/prefix/[your_path] instead."),
      flag("noTimeout", 't', "Disables the timeout feature."),
      flag("noAuth", 0, "Turns off all authorizers."),
      str("apiKey", 0, "Defines the API key value to be used for endpoints marked as private. Defaults to a random hash."),
      flag("ignoreJWTSignature", 0, "When using HttpApi with a JWT authorizer, don't check the signature of the JWT token.")};
  add({"offline", "Simulate AWS Lambda and API Gateway locally", offline_options, {"start"}, true, true, true, false});
  add({"offline start", "Simulate AWS Lambda and API Gateway locally", offline_options,
       {"init", "ready", "end"}, true, true, true, false});
  add({"help", "Show this help", {}, {}, false, false, true, false});
  return c;
}

}  // namespace

const std::vector<CommandSpec>& all_commands() {
  static const std::vector<CommandSpec> kCommands = make_commands();
  return kCommands;
}

const CommandSpec* find_command(const std::string& name) {
  for (const auto& c : all_commands())
    if (c.name == name) return &c;
  return nullptr;
}

const std::vector<OptionSpec>& global_options() {
  static const std::vector<OptionSpec> kGlobal = {
      flag("help", 'h', "Show this message"),
      flag("version", 'v', "Show version info"),
      flag("verbose", 0, "Show verbose logs"),
      {"debug", 0, OptionType::Boolean, "Show debug logs (AWS calls, timings)"},
  };
  return kGlobal;
}

std::vector<OptionSpec> options_for(const CommandSpec& cmd) {
  std::vector<OptionSpec> out = cmd.options;
  if (cmd.aws_options) {
    out.push_back(str("region", 'r', "Region of the service"));
    out.push_back(str("aws-profile", 0, "AWS profile to use with the command"));
  }
  if (cmd.service_options) {
    out.push_back(str("config", 'c', "Path to serverless config file"));
    out.push_back(str("stage", 's', "Stage of the service"));
    out.push_back({"param", 0, OptionType::Multiple,
                   "Pass custom parameter values for \"param\" variable source (usage: --param=\"key=value\")"});
    out.push_back({"skip-plugins", 0, OptionType::Multiple,
                   "Proceed without these \"plugins\" entries (comma-separated; also SLS_SKIP_PLUGINS)"});
  }
  for (const auto& g : global_options()) out.push_back(g);
  return out;
}

}  // namespace sls::cli
