// What deploy, info and remove work on: the service's identity (name, stage,
// region, stack) and, for deploy, the package folder that `sls package` wrote
// (serverless-state.json and both CloudFormation templates).
#pragma once
#include <atomic>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include "config/load_service.h"
#include "util/json.h"

namespace sls::aws::deploy {

struct Target {
  std::string service;
  std::string stage;
  std::string region;
  std::string stack_name;
  Json provider = Json::object();  // resolved provider block (serverless.yml, or the state's)
};

// provider.stackName when it is a string, else "<service>-<stage>".
std::string stack_name_for(const std::string& service, const std::string& stage, const Json& provider);

struct Package {
  std::filesystem::path dir;                // the package folder
  Json state;                               // serverless-state.json
  Json compiled_template;                   // cloudformation-template-update-stack.json
  std::optional<Json> core_template;        // cloudformation-template-create-stack.json, if written
  std::string artifact_directory;           // package.artifactDirectoryName
};

// Reads a package folder; UserError naming the missing file and `sls package`.
Package read_package(const std::filesystem::path& dir);

// "serverless" unless provider.deploymentPrefix is set.
using config::deployment_prefix;
// provider.deploymentBucket as a name ("" when the stack's own bucket is used).
std::string custom_bucket_name(const Json& provider);
// provider.iam.deploymentRole, else provider.cfnRole ("" when neither is a string).
std::string deployment_role(const Json& provider);

// How the AWS steps talk to the user; every member may be empty.
struct Reporter {
  std::function<void(const std::string&)> progress;  // the main progress line
  std::function<void(const std::string&)> info;      // --verbose lines
  std::function<void(const std::string&)> debug;     // --debug lines
  std::function<void(const std::string&)> warning;
  const std::atomic<bool>* cancelled = nullptr;      // set by SIGINT
  bool verbose = false;

  void say_progress(const std::string& s) const { if (progress) progress(s); }
  void say_info(const std::string& s) const { if (info) info(s); }
  void say_debug(const std::string& s) const { if (debug) debug(s); }
  void say_warning(const std::string& s) const { if (warning) warning(s); }
  bool is_cancelled() const { return cancelled && cancelled->load(); }
};

// Thrown when the user interrupted a wait (Ctrl-C).
struct Interrupted : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Sleeps `ms` in small slices; throws Interrupted when cancelled.
void wait_ms(const Reporter& reporter, long ms);

// SLS_AWS_MONITORING_FREQUENCY (ms) or 5000, as osls polls.
long monitoring_frequency_ms();

}  // namespace sls::aws::deploy
