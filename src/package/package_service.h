// package:createDeploymentArtifacts -- selects files by osls's rules
// (package.patterns, include/exclude, default excludes, dev dependencies,
// .slsignore) and writes deterministic zips into ctx.package_dir.
#pragma once
#include "package/context.h"

namespace sls::package {

void create_deployment_artifacts(PackageContext& ctx);

}  // namespace sls::package
