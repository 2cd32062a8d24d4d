// Deleting old Lambda versions: osls 4.3.1's built-in prune
// (`provider.pruneFunctionVersions`, after every deploy) and
// serverless-prune-plugin (`custom.prune` after a deploy, `sls prune -n N`).
// Both keep the newest N published versions of each function, never delete
// $LATEST or a version an alias points to, and keep the newest N versions of
// each layer.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "aws/api/client.h"
#include "aws/api/lambda_versions.h"
#include "aws/deploy/target.h"
#include "util/json.h"

namespace sls::aws::ops {

// ---- which versions go (newest first by number; the first `keep` stay) ----

// Published versions of a function to delete: not $LATEST, not the target of
// an alias (FunctionVersion, or a weighted version of its RoutingConfig), and
// not among the `keep` newest of the rest.
std::vector<std::string> function_versions_to_prune(const std::vector<std::string>& versions,
                                                    const std::vector<api::lambda::AliasInfo>& aliases,
                                                    long long keep);
std::vector<long long> layer_versions_to_prune(std::vector<long long> versions, long long keep);

// ---- settings ----

// provider.pruneFunctionVersions: true -> 10, {number: N} -> N, unset/false ->
// nullopt; anything else is osls's INVALID_PRUNE_FUNCTION_VERSIONS_CONFIG.
std::optional<long long> builtin_prune_number(const Json& provider);

// osls's before:deploy:deploy check: pruning needs versions
// (PRUNE_INCOMPATIBLE_WITH_VERSION_FUNCTIONS).
void check_builtin_prune(const Json& config);

// custom.prune as serverless-prune-plugin reads it (number parsed as
// parseInt does; automatic and includeLayers only when booleans).
struct PluginPruneSettings {
  std::optional<long long> number;
  bool automatic = false;
  bool include_layers = false;
};
PluginPruneSettings plugin_prune_settings(const Json& config);

// ---- what to prune ----

struct PruneTargets {
  std::vector<std::string> functions;  // deployed function names
  std::vector<std::string> layers;     // layer names (layers.<key>.name, else the key)
};

// Every function of the service (the plugin's choice) or, with
// `versioned_only`, those osls's prune versions (not durable; versionFunction,
// else provider.versionFunctions). `config` is the resolved configuration.
PruneTargets prune_targets(const Json& config, const std::string& service, const std::string& stage,
                           bool versioned_only);

struct PruneRequest {
  PruneTargets targets;
  long long keep = 10;
  bool functions = true;
  bool layers = true;
  bool dry_run = false;  // list the candidates ("NAME:V selected for deletion.") and delete nothing
};

struct PruneCounts {
  size_t function_versions = 0;
  size_t layer_versions = 0;
};

// Lists and deletes (DeleteFunction with Qualifier, DeleteLayerVersion);
// "Deleting function version NAME:V." on --verbose. A replicated Lambda@Edge
// version that Lambda refuses to delete is a warning, as osls says it.
PruneCounts prune_versions(const api::AwsContext& ctx, const PruneRequest& request, const deploy::Reporter& reporter);

// "Pruned 3 function versions" / "Pruned 1 layer version" ("" for none).
std::string pruned_summary(size_t count, const std::string& what);

}  // namespace sls::aws::ops
