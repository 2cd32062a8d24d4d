// serverless-esbuild's packExternalModules with the npm packager: the modules
// of custom.esbuild.external that are not excluded, at the versions of the
// service's package.json `dependencies` (with their non-optional peers), are
// installed into the build folder by `npm install` (`npm ci` with a
// package-lock.json), then `npm prune`, so they ship beside the bundles.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "util/json.h"

namespace sls::package {

struct ExternalsInput {
  std::filesystem::path service_dir, build_dir;
  std::string service_name;
  std::vector<std::string> externals;  // external minus exclude
  std::vector<std::string> exclude;
  Json options;                        // the merged build options (packager, packagerOptions, installExtraArgs)
};

// The "name@version" specs to install (getProdModules); empty when the
// package.json has no dependencies or lists none of them.
std::vector<std::string> external_modules(const ExternalsInput& in, const Json& package_json);

// Installs them; nothing when there is nothing to install. Throws UserError.
void install_externals(const ExternalsInput& in);

}  // namespace sls::package
