#include "aws/ops/after_deploy.h"

#include "aws/api/cloudformation.h"
#include "aws/deploy/deletion_protection.h"
#include "aws/ops/prune.h"
#include "util/js_like.h"

namespace sls::aws::ops {
namespace {

// osls leaves a stack its first, empty change set did not create (REVIEW_IN_PROGRESS) unprotected.
bool stack_not_created(const api::AwsContext& ctx, const deploy::Target& target) {
  auto stack = api::cfn::describe_stack(ctx, target.stack_name);
  return !stack || stack->status == "REVIEW_IN_PROGRESS";
}

void add(std::vector<std::string>& lines, const std::string& line) {
  if (!line.empty()) lines.push_back(line);
}

}  // namespace

bool lists_prune_plugin(const Json& config) {
  const Json* plugins = js::get(config, "plugins");
  const Json* modules = plugins && plugins->is_object() ? js::get(*plugins, "modules") : plugins;
  if (!modules || !modules->is_array()) return false;
  for (const Json& m : *modules)
    if (m == "serverless-prune-plugin") return true;
  return false;
}

void check_before_deploy(const Json& config, const deploy::Target& target) {
  deploy::deletion_protection_for(target.provider, target.stage);
  check_builtin_prune(config);
}

std::vector<std::string> after_deploy(const api::AwsContext& ctx, const AfterDeployInput& input,
                                      const deploy::Reporter& reporter) {
  std::vector<std::string> lines;
  const Json& config = *input.config;
  const deploy::Target& target = input.target;
  if (deploy::deletion_protection_for(target.provider, target.stage)) {
    if (input.empty_change_set && stack_not_created(ctx, target))
      reporter.say_info("Skipping deletion protection update as the stack has not been created");
    else
      reporter.say_info(deploy::apply_deletion_protection(ctx, target, reporter));
  }
  if (auto keep = builtin_prune_number(js::get(config, "provider") ? config["provider"] : Json::object())) {
    PruneRequest request{prune_targets(config, target.service, target.stage, true), *keep};
    PruneCounts counts = prune_versions(ctx, request, reporter);
    add(lines, pruned_summary(counts.function_versions, "function"));
    add(lines, pruned_summary(counts.layer_versions, "layer"));
  }
  PluginPruneSettings plugin = plugin_prune_settings(config);
  if (input.prune_plugin_listed && plugin.automatic && plugin.number && *plugin.number >= 0) {
    PruneRequest request{prune_targets(config, target.service, target.stage, false), *plugin.number};
    request.layers = plugin.include_layers;
    prune_versions(ctx, request, reporter);
    lines.push_back("Pruning of functions complete");
    if (plugin.include_layers) lines.push_back("Pruning of layers complete");
  }
  return lines;
}

}  // namespace sls::aws::ops
