#include "aws/deploy/target.h"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "aws/naming.h"
#include "util/error.h"

namespace sls::aws::deploy {

namespace {

Json read_json(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw UserError("Cannot read \"" + file.string() + "\". Run \"sls package\" first, or point --package at a "
                    "folder that \"sls package\" wrote.", "MISSING_PACKAGE_FILE");
  }
  std::stringstream ss;
  ss << in.rdbuf();
  try {
    return Json::parse(ss.str());
  } catch (const std::exception& e) {
    throw UserError("Cannot parse \"" + file.string() + "\": " + e.what(), "INVALID_PACKAGE_FILE");
  }
}

}  // namespace

std::string stack_name_for(const std::string& service, const std::string& stage, const Json& provider) {
  if (provider.is_object() && provider.contains("stackName") && provider["stackName"].is_string() &&
      !provider["stackName"].get<std::string>().empty())
    return provider["stackName"].get<std::string>();
  return sls::naming::stack_name(service, stage);
}

Package read_package(const std::filesystem::path& dir) {
  Package p;
  p.dir = dir;
  p.state = read_json(dir / "serverless-state.json");
  p.compiled_template = read_json(dir / sls::naming::kUpdateTemplateFile);
  if (std::filesystem::exists(dir / sls::naming::kCreateTemplateFile))
    p.core_template = read_json(dir / sls::naming::kCreateTemplateFile);
  const Json& pkg = p.state.contains("package") ? p.state["package"] : Json::object();
  if (pkg.contains("artifactDirectoryName") && pkg["artifactDirectoryName"].is_string())
    p.artifact_directory = pkg["artifactDirectoryName"].get<std::string>();
  if (p.artifact_directory.empty())
    throw UserError("\"" + (dir / "serverless-state.json").string() +
                        "\" has no package.artifactDirectoryName. Run \"sls package\" again.",
                    "INVALID_PACKAGE_FILE");
  return p;
}

std::string custom_bucket_name(const Json& provider) {
  if (!provider.contains("deploymentBucket")) return "";
  const Json& b = provider["deploymentBucket"];
  if (b.is_string()) return b.get<std::string>();
  if (b.is_object() && b.contains("name") && b["name"].is_string()) return b["name"].get<std::string>();
  return "";
}

std::string deployment_role(const Json& provider) {
  if (provider.contains("iam") && provider["iam"].is_object() && provider["iam"].contains("deploymentRole")) {
    const Json& r = provider["iam"]["deploymentRole"];
    return r.is_string() ? r.get<std::string>() : "";
  }
  if (provider.contains("cfnRole") && provider["cfnRole"].is_string()) return provider["cfnRole"].get<std::string>();
  return "";
}

void wait_ms(const Reporter& reporter, long ms) {
  using namespace std::chrono;
  auto end = steady_clock::now() + milliseconds(ms);
  while (true) {
    if (reporter.is_cancelled()) throw Interrupted("interrupted");
    auto now = steady_clock::now();
    if (now >= end) break;
    std::this_thread::sleep_for(std::min<steady_clock::duration>(milliseconds(50), end - now));
  }
  if (reporter.is_cancelled()) throw Interrupted("interrupted");
}

long monitoring_frequency_ms() {
  if (const char* v = std::getenv("SLS_AWS_MONITORING_FREQUENCY")) {
    char* end = nullptr;
    long n = std::strtol(v, &end, 10);
    if (end != v && n > 0) return n;
  }
  return 5000;
}

}  // namespace sls::aws::deploy
