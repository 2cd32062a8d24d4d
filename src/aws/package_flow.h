// `sls package` for the AWS provider: runs osls's package lifecycle
// (cleanup .. finalize) over a PackageContext and writes .serverless/
// atomically: everything goes to a temporary sibling folder that replaces the
// package folder only when every step succeeded.
#pragma once
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "package/context.h"
#include "util/lifecycle.h"

namespace sls::aws {

struct PackageOptions {
  std::filesystem::path package_dir;  // --package, else <service>/.serverless
  bool minify_template = false;
  std::function<void(const std::string&)> trace;  // called with each lifecycle event (--debug)
  // Adds the hooks of the service's plugins (bridge) after the built-in ones.
  std::function<void(Lifecycle<PackageContext>&)> plugin_hooks;
};

// Registers the built-in AWS hooks on `lifecycle`; callers (and later plugins)
// may add their own before running it.
void register_package_hooks(Lifecycle<PackageContext>& lifecycle, const PackageOptions& options);

// The package lifecycle events in osls's order, prefixed "package:".
const std::vector<std::string>& package_events();
// The events package:finalize runs (osls's aws:package:finalize lifecycle).
const std::vector<std::string>& aws_finalize_events();
// Every event of `sls package` a plugin hook can attach to (both lists).
const std::vector<std::string>& package_hook_events();

struct PackageResult {
  std::filesystem::path package_dir;   // the final package folder
  std::vector<std::string> warnings;   // collected by the steps
  // The compiled context (templates, artifacts). A command that exits right
  // after packaging may release() it instead of freeing it node by node.
  std::unique_ptr<PackageContext> context;
};

// Packages `service`. On failure nothing of the previous package folder is
// changed and the temporary folder is removed.
PackageResult package_service(Service& service, const PackageOptions& options);

// serverless-state.json for a finished context (what deploy reads); without
// the two templates when `with_templates` is false.
Json service_state(const PackageContext& ctx, bool with_templates = true);

// Appends the text of serverless-state.json, service_state(ctx).dump(2), to
// `out`, written straight from the context without building that Json.
void write_service_state(std::string& out, const PackageContext& ctx);

}  // namespace sls::aws
