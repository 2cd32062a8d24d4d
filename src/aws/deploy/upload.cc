#include "aws/deploy/upload.h"

#include "aws/deploy/stack_params.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "aws/api/http.h"
#include "aws/api/s3.h"
#include "aws/compile/provider_util.h"
#include "aws/deploy/check_for_changes.h"
#include "aws/deploy/filesize.h"
#include "aws/naming.h"
#include "util/error.h"

namespace sls::aws::deploy {

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw UserError("Cannot read file artifact \"" + file.string() + "\".", "INACCESSIBLE_FILE_ARTIFACT");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

namespace {


std::filesystem::path resolve_artifact(const Package& package, const std::string& artifact) {
  std::filesystem::path p(artifact);
  std::filesystem::path in_package = package.dir / p.filename();
  if (std::filesystem::exists(in_package)) return in_package;
  return p;
}

api::s3::PutObjectOptions put_options(const Target& target, const UploadItem& item) {
  api::s3::PutObjectOptions o;
  o.content_type = item.content_type;
  o.metadata["filesha256"] = item.filesha256;
  if (const Json* b = compile::deployment_bucket_object(target.provider)) {
    o.server_side_encryption = b->value("serverSideEncryption", "");
    o.sse_kms_key_id = b->value("sseKMSKeyId", "");
  }
  return o;
}

}  // namespace

std::vector<std::filesystem::path> artifact_files(const Package& package) {
  std::vector<std::filesystem::path> out;
  std::set<std::string> seen;
  auto add = [&](const std::filesystem::path& p) {
    if (seen.insert(p.string()).second) out.push_back(p);
  };
  const Json& service = package.state.value("service", Json::object());
  const Json& pkg = package.state.value("package", Json::object());
  std::string service_artifact = pkg.value("artifact", "");
  if (service_artifact.empty()) service_artifact = service.value("service", "") + ".zip";
  const Json functions = service.value("functions", Json::object());
  const Json layers = service.value("layers", Json::object());
  for (const auto& [name, fn] : functions.items()) {
    if (!fn.is_object() || fn.contains("image")) continue;
    std::string artifact;
    if (fn.contains("package") && fn["package"].is_object()) artifact = fn["package"].value("artifact", "");
    if (artifact.empty()) artifact = service_artifact;
    add(resolve_artifact(package, artifact));
  }
  for (const auto& [name, layer] : layers.items()) {
    if (!layer.is_object() || layer.value("artifactAlreadyUploaded", false)) continue;
    std::string artifact;
    if (layer.contains("package") && layer["package"].is_object()) artifact = layer["package"].value("artifact", "");
    if (artifact.empty()) artifact = name + ".zip";
    add(resolve_artifact(package, artifact));
  }
  return out;
}

std::vector<UploadItem> upload_plan(const Package& package) {
  std::vector<UploadItem> items;
  const std::string& dir = package.artifact_directory;
  items.push_back({dir + "/compiled-cloudformation-template.json", {}, package.compiled_template.dump(),
                   "application/json", json_hash(normalize_template(package.compiled_template))});
  items.push_back({dir + "/serverless-state.json", {}, read_file(package.dir / "serverless-state.json"),
                   "application/json", json_hash(normalize_state(package.state))});
  for (const auto& file : artifact_files(package)) {
    if (!std::filesystem::exists(file))
      throw UserError("Cannot read file artifact \"" + file.string() + "\": no such file. Run \"sls package\" again.",
                      "INACCESSIBLE_FILE_ARTIFACT");
    items.push_back({dir + "/" + file.filename().string(), file, "", "application/zip", file_hash(file)});
  }
  // osls's uploadCustomResources: the custom resource handlers, when the package has them.
  if (auto file = package.dir / naming::kCustomResourcesArtifactName; std::filesystem::exists(file))
    items.push_back({dir + "/" + naming::kCustomResourcesArtifactName, file, "", "application/zip", file_hash(file)});
  return items;
}

void upload_deployment(const api::AwsContext& ctx, const Target& target, const Package& package,
                       const std::string& bucket, const Reporter& reporter) {
  std::vector<UploadItem> items = upload_plan(package);
  size_t artifacts = 0;
  for (const auto& i : items) artifacts += i.file.empty() ? 0 : 1;
  if (artifacts == 1) {
    for (const auto& i : items)
      if (!i.file.empty()) reporter.say_progress("Uploading (" + file_size_text(std::filesystem::file_size(i.file)) + ")");
  } else {
    reporter.say_progress("Uploading (0/" + std::to_string(artifacts) + ")");
  }
  stop_if_cancelled(reporter, "uploading the artifacts");
  reporter.say_info("Uploading CloudFormation file to S3");
  api::s3::put_object(ctx, bucket, items[0].key, items[0].body, put_options(target, items[0]));
  reporter.say_info("Uploading State file to S3");
  api::s3::put_object(ctx, bucket, items[1].key, items[1].body, put_options(target, items[1]));

  // Zips in parallel: one HttpClient per worker (a client is one curl handle).
  long limit = 3;
  if (const char* v = std::getenv("SLS_MAX_CONCURRENT_ARTIFACTS_UPLOADS")) limit = std::max(1L, std::atol(v));
  std::vector<const UploadItem*> queue;
  for (size_t i = 2; i < items.size(); ++i) queue.push_back(&items[i]);
  std::atomic<size_t> next{0}, done{0};
  std::mutex mu;
  std::exception_ptr failure;
  auto worker = [&]() {
    api::HttpClient http(ctx.http->options());
    api::AwsContext local = ctx;
    local.http = &http;
    while (true) {
      size_t i = next++;
      if (i >= queue.size()) return;
      {
        std::lock_guard<std::mutex> lock(mu);
        if (failure) return;
      }
      const UploadItem& item = *queue[i];
      try {
        stop_if_cancelled(reporter, "uploading " + item.file.filename().string());
        std::string body = read_file(item.file);
        if (item.file.filename() == naming::kCustomResourcesArtifactName)
          reporter.say_info("Uploading custom CloudFormation resources");
        else
          reporter.say_info("Uploading service " + item.file.filename().string() + " file to S3 (" +
                            file_size_text(body.size()) + ")");
        api::s3::put_object(local, bucket, item.key, body, put_options(target, item));
        size_t n = ++done;
        if (artifacts > 1) {
          std::lock_guard<std::mutex> lock(mu);
          reporter.say_progress("Uploading (" + std::to_string(n) + "/" + std::to_string(artifacts) + ")");
        }
      } catch (...) {
        std::lock_guard<std::mutex> lock(mu);
        if (!failure) failure = std::current_exception();
        return;
      }
    }
  };
  std::vector<std::thread> threads;
  size_t count = std::min<size_t>(static_cast<size_t>(limit), queue.size());
  for (size_t i = 0; i < count; ++i) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace sls::aws::deploy
