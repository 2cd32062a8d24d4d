#include "aws/plugins/builtin.h"

#include "aws/plugins/iam_roles_per_function.h"
#include "config/plugins.h"
#include "package/esbuild.h"

namespace sls::plugins {

void register_builtin_plugins(Lifecycle<PackageContext>& lc, const Service& service) {
  auto uses = [&service](const char* name) {
    return config::uses_plugin(service.config, service.dir, service.options.values, name);
  };
  if (uses(package::kEsbuildPlugin)) lc.on("before:package:createDeploymentArtifacts", package::bundle_with_esbuild);
  if (uses(kIamRolesPerFunction)) lc.on("before:package:finalize", create_roles_per_function);
}

}  // namespace sls::plugins
