// What osls (and serverless-prune-plugin) run on after:deploy:deploy, once the
// stack is deployed (or found unchanged): provider.deletionProtection, then
// provider.pruneFunctionVersions, then custom.prune (automatic) when the
// service lists serverless-prune-plugin. And their before:deploy:deploy checks.
#pragma once
#include <string>
#include <vector>

#include "aws/api/client.h"
#include "aws/deploy/target.h"
#include "util/json.h"

namespace sls::aws::ops {

// Throws the errors osls gives before anything is deployed.
void check_before_deploy(const Json& config, const deploy::Target& target);

struct AfterDeployInput {
  const Json* config = nullptr;           // the resolved configuration
  deploy::Target target;
  bool empty_change_set = false;          // the deploy ended with an empty change set
  bool prune_plugin_listed = false;       // `plugins:` lists serverless-prune-plugin
};

// Runs the steps; returns the success lines to show ("Pruned 2 function versions").
std::vector<std::string> after_deploy(const api::AwsContext& ctx, const AfterDeployInput& input,
                                      const deploy::Reporter& reporter);

// Whether `plugins:` lists serverless-prune-plugin.
bool lists_prune_plugin(const Json& config);

}  // namespace sls::aws::ops
