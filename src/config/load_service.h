// From a folder and the CLI options to a resolved Service: find the config
// file, load it, resolve variables, validate, and apply osls's defaults
// (provider.stage/region/versionFunctions, function names, empty events).
#pragma once
#include <filesystem>
#include <functional>
#include <string>

#include "config/event_types.h"
#include "config/service.h"

namespace sls::config {

// What the AWS-backed variable sources (${aws:accountId}, ${ssm:}, ${cf:},
// ${s3:}) need to know about the service to reach AWS.
struct AwsVariableTarget {
  std::string region;            // --region > provider.region > "us-east-1"
  std::string stage;             // --stage > provider.stage > "dev"
  std::string cli_profile;       // --aws-profile, "" if not given
  std::string provider_profile;  // provider.profile, "" if not set
};

// Looks up one AWS-backed variable (see ResolveInput::aws_source for `source`
// and `address`); null when the value does not exist. The target is computed
// only when the first such variable is met, so configs without them never
// touch credentials. Built by aws/variables/aws_sources.h.
using AwsVariableSource = std::function<Json(const AwsVariableTarget& target, const std::string& source,
                                             const std::string& address)>;

// Without `aws_source`, AWS-backed variables fail with a "needs AWS access" error.
// provider.deploymentPrefix as osls's getDeploymentPrefix gives it: "serverless"
// when absent or null, else its text (numbers as JavaScript writes them).
std::string deployment_prefix(const Json& provider);

// What osls does to the resolved configuration before any command runs, so
// `sls print` and serverless-state.json show what osls shows: null-valued
// members moved last (its schema validation), provider.deploymentBucket as an
// object moved to provider.deploymentBucketObject, package.artifactsS3KeyDirname.
void apply_osls_normalizations(Service& service);

// Checks the `plugins:` of the configuration (resolved so far) before anything
// else is done with it; `service` has its dir, config file and options set.
// Returns what the plugins it loads add to the schema (validation accepts it).
using PluginCheck = std::function<PluginDefinitions(const Service& service, const Json& config)>;

// `events` are the event types of the provider (validation checks each event with them).
Service load_service(const std::filesystem::path& dir, const CliOptions& options, const EventTypes& events,
                     AwsVariableSource aws_source = {}, PluginCheck plugin_check = {});

// osls's mergeArrays: `resources:` and `functions:` given as lists of blocks
// (the `- ${file(resources/table.yml)}` layout) become one object, the blocks
// deep-merged in order; falsy items are skipped, any other non-object refused.
void merge_config_arrays(Json& config);

// Applies osls's defaults to an already resolved config (exposed for tests).
void apply_service_defaults(Service& service);

}  // namespace sls::config
