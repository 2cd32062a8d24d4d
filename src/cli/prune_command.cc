#include "cli/prune_command.h"

#include <cstdlib>

#include "aws/ops/after_deploy.h"
#include "aws/ops/prune.h"
#include "cli/plugin_check.h"
#include "cli/run.h"
#include "util/error.h"
#include "util/js_like.h"

namespace sls::cli {
namespace {

namespace ops = aws::ops;

std::optional<std::string> text_option(const ParsedArgs& args, const char* name) {
  auto it = args.options.find(name);
  if (it == args.options.end() || it->is_null()) return std::nullopt;
  return it->is_string() ? it->get<std::string>() : it->dump();
}

long long keep_option(const ParsedArgs& args) {
  auto given = text_option(args, "number");
  if (!given)
    throw UserError("sls command \"prune\" requires \"--number\" option (-n N: how many versions of each "
                    "function to keep).",
                    "MISSING_REQUIRED_CLI_OPTION");
  std::size_t used = 0;
  long long n = -1;
  try {
    n = std::stoll(*given, &used);
  } catch (const std::exception&) {
  }
  if (used != given->size() || n < 0)
    throw UserError("Invalid \"--number\" value \"" + *given + "\": give how many versions to keep, e.g. -n 3.",
                    "INVALID_PRUNE_NUMBER");
  return n;
}

// functions.<key> / layers.<key> the user named with -f / -l, as the plugin's getFunction/getLayer.
const Json& named(const Service& service, const char* section, const std::string& key, const char* what) {
  const Json* all = js::get(service.config, section);
  const Json* entry = all ? js::get(*all, key) : nullptr;
  if (!entry || !entry->is_object())
    throw UserError(std::string(what) + " \"" + key + "\" doesn't exist in this Service",
                    std::string(what) == "Function" ? "FUNCTION_MISSING_IN_SERVICE" : "LAYER_MISSING_IN_SERVICE");
  return *entry;
}

ops::PruneTargets targets_for(const ParsedArgs& args, const Service& service) {
  Json config = service.config;
  auto function = text_option(args, "function");
  auto layer = text_option(args, "layer");
  if (function) config["functions"] = Json{{*function, named(service, "functions", *function, "Function")}};
  if (layer) config["layers"] = Json{{*layer, named(service, "layers", *layer, "Layer")}};
  return ops::prune_targets(config, service.name, service.stage, false);
}

aws::deploy::Reporter prune_reporter(Output& out) {
  aws::deploy::Reporter r;
  r.info = [&out](const std::string& s) { out.info(s); };
  r.debug = [&out](const std::string& s) { out.debug(s); };
  r.warning = [&out](const std::string& s) { out.warning(s); };
  r.verbose = out.verbose();
  return r;
}

}  // namespace

int run_prune(const ParsedArgs& args, Output& out) {
  Service service = load_command_service(args, to_cli_options(args), out);
  for (const auto& w : service.warnings) out.warning(w);
  ops::PruneRequest request{targets_for(args, service), keep_option(args)};
  request.dry_run = args.options.value("dryRun", false);
  // The plugin's choice: -i both; -l alone only layers; otherwise only functions.
  bool include_layers = args.options.value("includeLayers", false);
  bool only_layers = !include_layers && text_option(args, "layer") && !text_option(args, "function");
  request.functions = include_layers || !only_layers;
  request.layers = include_layers || only_layers;
  if (request.dry_run) out.notice("Dry-run enabled, no pruning actions will be performed.");
  auto aws = connect(args, service, out);
  out.start_progress(request.functions ? "Pruning function versions" : "Pruning layer versions");
  ops::PruneCounts counts = ops::prune_versions(aws->ctx, request, prune_reporter(out));
  out.stop_progress();
  if (request.functions) out.success("Pruning of functions complete");
  if (request.layers) out.success("Pruning of layers complete");
  if (!request.dry_run) {
    out.debug("deleted " + std::to_string(counts.function_versions) + " function and " +
              std::to_string(counts.layer_versions) + " layer versions");
  }
  return 0;
}

void check_before_deploy(const Service& service) { ops::check_before_deploy(service.config, make_target(service)); }

void run_after_deploy(const ParsedArgs& args, Aws& aws, const Service& service, bool empty_change_set,
                      const aws::deploy::Reporter& reporter, Output& out) {
  ops::AfterDeployInput input;
  input.config = &service.config;
  input.target = make_target(service);
  input.empty_change_set = empty_change_set;
  const char* skip_env = std::getenv("SLS_SKIP_PLUGINS");
  auto skipped = skipped_plugins(args.options, skip_env ? std::optional<std::string>(skip_env) : std::nullopt);
  input.prune_plugin_listed = ops::lists_prune_plugin(service.config) && !skipped.count("serverless-prune-plugin");
  auto lines = ops::after_deploy(aws.ctx, input, reporter);
  out.stop_progress();
  for (const auto& line : lines) out.success(line);
}

}  // namespace sls::cli
