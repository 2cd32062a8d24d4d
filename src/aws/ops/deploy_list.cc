#include "aws/ops/deploy_list.h"

#include <map>

#include "aws/api/s3.h"
#include "aws/deploy/check_for_changes.h"
#include "util/error.h"

namespace sls::aws::ops {
namespace {

// JavaScript's String.prototype.replace with a string: the first occurrence only.
std::string replace_first(std::string s, const std::string& what) {
  const size_t at = s.find(what);
  if (at != std::string::npos) s.erase(at, what.size());
  return s;
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

}  // namespace

std::vector<Deployment> group_deployments(const std::vector<std::string>& keys, const std::string& prefix,
                                          const std::string& service, const std::string& stage) {
  std::vector<Deployment> out;
  std::map<std::string, size_t> index;
  for (const auto& key : keys) {
    auto entry = deploy::parse_deployment_key(key, prefix, service, stage);
    if (!entry) continue;
    auto [it, added] = index.emplace(entry->directory, out.size());
    if (added) out.push_back({entry->directory, {}});
    out[it->second].files.push_back(entry->file);
  }
  return out;
}

std::vector<std::string> deployment_lines(const Deployment& d) {
  // osls splits "<ms>-<ISO time>" with /(.+)-(.+-.+-.+)/; the directory always starts with "<digits>-".
  const size_t dash = d.directory.find('-');
  const std::string ms = d.directory.substr(0, dash);
  const std::string iso = dash == std::string::npos ? "" : d.directory.substr(dash + 1);
  // "2026-12-01T22:41:51.701Z" -> "2026-12-01 22:41:51 UTC"
  std::string when = iso.size() >= 19 ? iso.substr(0, 10) + " " + iso.substr(11, 8) + " UTC" : iso;
  std::vector<std::string> out = {when, "Timestamp: " + ms, "Files:"};
  for (const auto& f : d.files) out.push_back("  - " + f);
  return out;
}

std::vector<Deployment> list_deployments(const api::AwsContext& ctx, const deploy::Target& target,
                                         const std::string& bucket) {
  const std::string prefix = deploy::deployment_prefix(target.provider);
  std::vector<std::string> keys;
  try {
    for (const auto& o : api::s3::list_objects_v2(ctx, bucket, prefix + "/" + target.service + "/" + target.stage + "/"))
      keys.push_back(o.key);
  } catch (const UserError& e) {
    if (e.code != "AccessDenied" && e.code != "Forbidden") throw;
    throw UserError("Could not list objects in the deployment bucket. Make sure you have sufficient permissions to "
                    "access it.",
                    "AWS_S3_LIST_OBJECTS_V2_ACCESS_DENIED");
  }
  return group_deployments(keys, prefix, target.service, target.stage);
}

std::vector<std::string> function_versions_lines(const std::string& deployed_name,
                                                 const std::vector<std::string>& versions,
                                                 const std::string& service, const std::string& stage) {
  std::string name = replace_first(replace_first(deployed_name, service + "-"), stage + "-");
  const size_t from = versions.size() > 5 ? versions.size() - 5 : 0;
  std::vector<std::string> last(versions.begin() + static_cast<long>(from), versions.end());
  return {name, (versions.size() < 6 ? "  All versions: " : "  Last 5 versions: ") + join(last)};
}

}  // namespace sls::aws::ops
