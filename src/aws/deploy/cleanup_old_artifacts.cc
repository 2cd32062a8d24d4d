#include "aws/deploy/cleanup_old_artifacts.h"

#include <algorithm>
#include <map>

#include "aws/api/s3.h"
#include "aws/compile/provider_util.h"
#include "aws/deploy/check_for_changes.h"

namespace sls::aws::deploy {

int max_previous_deployment_artifacts(const Json& provider) {
  if (const Json* b = compile::deployment_bucket_object(provider)) {
    if (b->contains("maxPreviousDeploymentArtifacts") && (*b)["maxPreviousDeploymentArtifacts"].is_number())
      return (*b)["maxPreviousDeploymentArtifacts"].get<int>();
  }
  return 5;
}

std::vector<std::string> keys_to_remove(const std::vector<std::string>& keys, const std::string& prefix,
                                        const std::string& service, const std::string& stage, int keep) {
  std::map<std::string, std::vector<std::string>> by_dir;
  for (const auto& k : keys) {
    auto entry = parse_deployment_key(k, prefix, service, stage);
    if (entry) by_dir[entry->directory].push_back(k);
  }
  std::vector<std::string> dirs;
  for (const auto& [d, _] : by_dir) dirs.push_back(d);
  std::sort(dirs.begin(), dirs.end(), [](const std::string& a, const std::string& b) {
    long long ta = directory_timestamp(a), tb = directory_timestamp(b);
    return ta != tb ? ta < tb : a < b;
  });
  // keep == 0 removes every directory, as osls's slice(0, -0 || Infinity) does.
  size_t remove_count = keep <= 0 ? dirs.size() : (dirs.size() > static_cast<size_t>(keep) ? dirs.size() - keep : 0);
  std::vector<std::string> out;
  for (size_t i = 0; i < remove_count; ++i)
    for (const auto& k : by_dir[dirs[i]]) out.push_back(k);
  return out;
}

void cleanup_old_artifacts(const api::AwsContext& ctx, const Target& target, const std::string& bucket,
                           const Reporter& reporter) {
  reporter.say_info("Removing old service artifacts from S3");
  std::string prefix = deployment_prefix(target.provider);
  std::vector<std::string> keys;
  for (const auto& o : api::s3::list_objects_v2(ctx, bucket, prefix + "/" + target.service + "/" + target.stage + "/"))
    keys.push_back(o.key);
  auto doomed = keys_to_remove(keys, prefix, target.service, target.stage,
                               max_previous_deployment_artifacts(target.provider));
  if (!doomed.empty()) api::s3::delete_objects(ctx, bucket, doomed);
}

void cleanup_current_artifacts(const api::AwsContext& ctx, const Target& target, const std::string& bucket,
                               const std::string& artifact_directory, const Reporter& reporter) {
  reporter.say_info("Removing unnecessary service artifacts from S3");
  std::vector<std::string> keys;
  for (const auto& o : api::s3::list_objects_v2(ctx, bucket, artifact_directory + "/")) keys.push_back(o.key);
  if (!keys.empty()) api::s3::delete_objects(ctx, bucket, keys);
}

}  // namespace sls::aws::deploy
