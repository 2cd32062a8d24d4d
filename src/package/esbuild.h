// serverless-esbuild (1.x), built in: before package:createDeploymentArtifacts
// each Node.js function's handler file (.ts, .js, .jsx, .tsx, or
// custom.esbuild.resolveExtensions) is bundled by the `esbuild` binary of the
// service's node_modules, one process per entry, in parallel, into
// <service>/.esbuild/.build as the plugin builds it; package.patterns extras are
// copied beside the bundles; then the build folder is zipped deterministically
// into the service zip, or one zip per function with package.individually, with
// the entries the plugin's zips hold. createDeploymentArtifacts then packages
// only what esbuild did not.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "package/context.h"

namespace sls::package {

inline constexpr const char* kEsbuildPlugin = "serverless-esbuild";

// The esbuild command-line flags for custom.esbuild merged over the plugin's
// defaults (bundle, target from the runtime, platform node, exclude aws-sdk).
// Throws UserError for options sls cannot run natively (JavaScript plugins or
// config files, skipBuild). Externals to install: esbuild_externals.h.
std::vector<std::string> esbuild_flags(const Json& config);

// The esbuild binary: node_modules/.bin/esbuild from `service_dir` up, else
// `esbuild` on PATH; nullopt when neither exists.
std::optional<std::filesystem::path> find_esbuild(const std::filesystem::path& service_dir);

void bundle_with_esbuild(PackageContext& ctx);

// For `invoke local` (the plugin's before:invoke:local:invoke): the bundles
// only, no zips. The handlers then run from `build_dir`; the caller removes
// `work_dir` afterwards unless `keep` (keepOutputDirectory).
struct LocalBundle {
  std::filesystem::path build_dir, work_dir;
  bool keep = false;
};
std::optional<LocalBundle> bundle_for_local(Service& service);

}  // namespace sls::package
