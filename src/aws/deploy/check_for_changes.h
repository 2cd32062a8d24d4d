// osls's skip-when-unchanged check (deploy/lib/check-for-changes.js): the
// latest deployment directory in the bucket holds objects whose
// x-amz-meta-filesha256 are the hashes of the normalized compiled template, the
// normalized state and the zips; when the local hashes are the same multiset,
// and no object is newer than the functions' earliest LastModified, the
// deployment is skipped. --force always deploys.
#pragma once
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "aws/api/client.h"
#include "aws/deploy/target.h"
#include "util/json.h"

namespace sls::aws::deploy {

using TimePoint = std::chrono::system_clock::time_point;

struct DeploymentKey {
  std::string directory;  // "1795711660757-2026-11-26T16:47:40.757Z"
  std::string file;
};

// Parses "<prefix>/<service>/<stage>/<directory>/<file>"; nullopt for other keys.
std::optional<DeploymentKey> parse_deployment_key(const std::string& key, const std::string& prefix,
                                                  const std::string& service, const std::string& stage);
// The leading millisecond number of a deployment directory.
long long directory_timestamp(const std::string& directory);

// Keys sorted like osls's deepSortObjectByKey (array-index keys first, as JS objects order them).
Json deep_sort(const Json& value);
Json normalize_template(const Json& compiled_template);
Json normalize_state(const Json& state);
// base64(sha256(JSON.stringify(value))).
std::string json_hash(const Json& value);
std::string file_hash(const std::filesystem::path& file);

// "2026-11-26T16:47:40.757Z" or Lambda's "2026-11-26T16:47:40.757+0000".
std::optional<TimePoint> parse_time(const std::string& text);

struct RemoteObject {
  std::string key;
  std::string filesha256;
  std::optional<TimePoint> last_modified;
};

struct LocalArtifacts {
  std::vector<std::string> hashes;  // template, state, every zip
};

LocalArtifacts local_hashes(const Package& package);

// The pure decision: true when a deployment is needed.
bool deployment_needed(const std::vector<RemoteObject>& latest, const LocalArtifacts& local,
                       std::optional<TimePoint> functions_earliest_modified, const Reporter& reporter);

// Lists the bucket, reads metadata and functions' LastModified, decides.
bool check_for_changes(const api::AwsContext& ctx, const Target& target, const Package& package,
                       const std::string& bucket, const Reporter& reporter);

}  // namespace sls::aws::deploy
