// Emptying a versioned deployment bucket (deploymentBucket.versioning): every
// object version and delete marker under a prefix, then DeleteObjects with
// VersionIds. Built on the S3 client's addressing; the client itself has no
// ListObjectVersions yet.
#pragma once
#include <string>
#include <vector>

#include "aws/api/client.h"

namespace sls::aws::deploy {

struct ObjectVersion {
  std::string key;
  std::string version_id;
};

// Versions and delete markers under `prefix`, following key/version markers.
std::vector<ObjectVersion> list_object_versions(const api::AwsContext& ctx, const std::string& bucket,
                                                const std::string& prefix);
// DeleteObjects in batches of 1000 with VersionId; UserError on per-key errors.
void delete_object_versions(const api::AwsContext& ctx, const std::string& bucket,
                            const std::vector<ObjectVersion>& versions);
// The <Delete> document of one batch.
std::string delete_versions_body(const std::vector<ObjectVersion>& versions, size_t start, size_t end);

}  // namespace sls::aws::deploy
