// Uploading a deployment (osls's upload-artifacts): the compiled template
// (compiled-cloudformation-template.json), serverless-state.json, and every
// function and layer zip under the package's artifactDirectoryName, each with
// x-amz-meta-filesha256; zips go up in parallel (SLS_MAX_CONCURRENT_ARTIFACTS_UPLOADS, default 3).
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "aws/api/client.h"
#include "aws/deploy/target.h"

namespace sls::aws::deploy {

struct UploadItem {
  std::string key;
  std::filesystem::path file;  // empty when `body` is used
  std::string body;
  std::string content_type;
  std::string filesha256;
};

// The bytes of an artifact; UserError INACCESSIBLE_FILE_ARTIFACT when it cannot be read.
std::string read_file(const std::filesystem::path& file);

// The artifact files of the package: function zips (unless image), then layer zips, each once.
std::vector<std::filesystem::path> artifact_files(const Package& package);

// Everything the deployment uploads, in osls's order: template, state, artifacts.
std::vector<UploadItem> upload_plan(const Package& package);

// S3 encryption options from provider.deploymentBucket (serverSideEncryption, sseKMSKeyId).
void upload_deployment(const api::AwsContext& ctx, const Target& target, const Package& package,
                       const std::string& bucket, const Reporter& reporter);

}  // namespace sls::aws::deploy
