// package.excludeDevDependencies: the globs osls adds to exclude npm packages
// that only development dependencies need. osls runs `npm ls --dev` and
// `npm ls --prod` in every folder with a package.json (outside node_modules)
// and excludes what the first lists and the second does not. We get the same
// sets without npm by walking the installed tree: a package is dev-only when
// the root's devDependencies reach it and its dependencies/optional/peer
// edges from the root do not; packages nothing reaches (extraneous) stay,
// as with npm. For each dev-only package: "<path>/**" plus its `.bin` links
// ("<parent>/.bin/<name>", osls's formula, kept as is for scoped packages).
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace sls::package {

// Package folders (absolute) that only devDependencies of the project in
// `project_dir` need, in a stable order.
std::vector<std::filesystem::path> dev_only_packages(const std::filesystem::path& project_dir);

// The exclude globs (relative to `service_dir`) for every package.json
// project under it.
std::vector<std::string> dev_dependency_excludes(const std::filesystem::path& service_dir);

}  // namespace sls::package
