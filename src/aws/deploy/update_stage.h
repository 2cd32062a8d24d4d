// After the stack update, `sls deploy` applies the REST API stage settings that
// osls keeps out of the template (its update-stage hack): tracing
// (provider.tracing.apiGateway), metrics (provider.apiGateway.metrics), logs
// (provider.logs.restApi: access log destination and format, execution log
// level, full request data) and tags (provider.stackTags + tags), through the
// API Gateway API; and it deletes the access log group when access logging is off.
#pragma once
#include <string>
#include <vector>

#include "aws/api/client.h"
#include "aws/deploy/target.h"
#include "util/json.h"

namespace sls::aws::deploy {

struct StageContext {
  std::string service;
  std::string stage;       // the API Gateway stage (provider.apiGateway.stage or the service stage)
  std::string region;
  std::string partition;   // "aws", "aws-cn", ...
  std::string account_id;
};

// Whether the provider configures anything updateStage applies.
bool stage_settings_configured(const Json& provider);

// osls's handleTracing + handleMetrics + handleLogs, in that order.
Json stage_patch_operations(const Json& provider, const StageContext& stage);

struct TagChanges {
  Json tags = Json::object();          // TagResource input ({} when nothing to tag)
  std::vector<std::string> remove;     // UntagResource keys
};
// osls's handleTags: the merged provider tags (as strings) against the stage's current tags.
TagChanges stage_tag_changes(const Json& provider, const Json& current_tags);

// Runs the whole step (no AWS call unless stage_settings_configured).
void update_stage(const api::AwsContext& ctx, const Target& target, const Package& package,
                  const Reporter& reporter);

}  // namespace sls::aws::deploy
