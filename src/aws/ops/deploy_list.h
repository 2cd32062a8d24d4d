// `sls deploy list` and `sls deploy list functions` (osls's aws/deploy-list.js):
// the deployments kept in the deployment bucket under
// <prefix>/<service>/<stage>/<ms>-<ISO time>/, and the published versions of
// each function.
#pragma once
#include <string>
#include <vector>

#include "aws/api/client.h"
#include "aws/deploy/target.h"
#include "util/json.h"

namespace sls::aws::ops {

struct Deployment {
  std::string directory;           // "1796164911701-2026-12-01T22:41:51.701Z"
  std::vector<std::string> files;  // relative to the directory, in listing order
};

// Groups object keys into deployments (first-seen order); other keys are left out.
std::vector<Deployment> group_deployments(const std::vector<std::string>& keys, const std::string& prefix,
                                          const std::string& service, const std::string& stage);

// What osls prints for one deployment:
//   2026-12-01 22:41:51 UTC / Timestamp: 1796164911701 / Files: / "  - <file>"...
std::vector<std::string> deployment_lines(const Deployment& deployment);

// The deployments of the service and stage in `bucket` (deploy::existing_deployment_bucket).
std::vector<Deployment> list_deployments(const api::AwsContext& ctx, const deploy::Target& target,
                                         const std::string& bucket);

// For `deploy list functions`: "<name>" then "  All versions: $LATEST, 1" (at most
// 5 versions: "  Last 5 versions: ..."), the name without "<service>-" and "<stage>-" as osls strips them.
std::vector<std::string> function_versions_lines(const std::string& deployed_name,
                                                 const std::vector<std::string>& versions,
                                                 const std::string& service, const std::string& stage);

}  // namespace sls::aws::ops
