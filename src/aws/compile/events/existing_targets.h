// What osls's existing S3 buckets (s3 events with `existing: true`) and existing
// Cognito user pools share: one custom resource per function (Custom::S3,
// Custom::CognitoUserPool) listing the configs of all that function's events on
// its one bucket or pool, each resource DependsOn the previous one (grouped by
// bucket / pool, in JavaScript key order) so CloudFormation runs them in turn.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "aws/compile/custom_resources.h"
#include "aws/compile/events/registry.h"

namespace sls::compile::events {

struct ExistingTargetKind {
  const char* type;  // "Custom::S3"
  const custom_resources::Handler& handler;
  std::string (*logical_id)(std::string_view fn);  // naming::custom_s3_resource_logical_id
  const char* name_key;     // "BucketName"
  const char* configs_key;  // "BucketConfigs"
  const char* noun;         // "S3 Bucket", in the one-target-per-function error
  const char* code;         // that error's code
};

class ExistingTargets {
 public:
  explicit ExistingTargets(const ExistingTargetKind& kind) : kind_(kind) {}

  // Adds `config` of event `e` on `target` (a name, or an intrinsic for a
  // bucket) to the function's resource, creating it (with ForceDeploy, the
  // current time in ms, when `force_deploy`) on the function's first event, and
  // returns true then. A function's second target is osls's error.
  bool add(PackageContext& ctx, const Event& e, const Json& target, Json config, bool force_deploy);
  // add's check alone: fails when the function already has another target.
  void check(const PackageContext& ctx, const Event& e, const Json& target) const;

  bool empty() const { return by_target_.empty(); }

  // Chains the resources' DependsOn, as osls does after the last event.
  void finish(PackageContext& ctx) const;

 private:
  const ExistingTargetKind& kind_;
  std::map<std::string, std::string> function_target_;  // function -> its target's text
  Json by_target_ = Json::object();                      // target text -> [resource ids]
};

}  // namespace sls::compile::events
