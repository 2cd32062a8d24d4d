// package:createDeploymentArtifacts -- selects files by osls's rules
// (package.patterns, include/exclude, default excludes, dev dependencies,
// .slsignore) and writes deterministic zips into ctx.package_dir.
#pragma once
#include "package/context.h"

namespace sls::package {

void create_deployment_artifacts(PackageContext& ctx);

// osls's packageFunction (`sls deploy function`): the artifact of one function:
// its package.artifact, else the service's package.artifact (unless the function
// is packaged individually), else "<function>.zip" written into ctx.package_dir
// from the service patterns and the function's. "" for an image function.
std::filesystem::path package_function(PackageContext& ctx, const std::string& name);

}  // namespace sls::package
