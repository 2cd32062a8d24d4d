#include "package/esbuild_externals.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>

#include "util/error.h"
#include "util/js_like.h"
#include "util/json_file.h"
#include "util/json_write.h"
#include "util/subprocess.h"

namespace sls::package {
namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& message, const char* code = "ESBUILD_EXTERNALS") {
  throw UserError("serverless-esbuild: " + message, code);
}

const Json* member(const Json& obj, const std::string& key) { return js::get(obj, key); }

std::optional<fs::path> find_up(const fs::path& from, const char* name) {
  std::error_code ec;
  for (fs::path p = fs::absolute(from).lexically_normal();; p = p.parent_path()) {
    if (fs::exists(p / name, ec)) return p;
    if (p == p.parent_path()) return std::nullopt;
  }
}

void collect(const ExternalsInput& in, const Json& package_json, const fs::path& package_dir,
             const std::vector<std::string>& names, std::vector<std::string>& out) {
  const Json* deps = member(package_json, "dependencies");
  const Json* dev = member(package_json, "devDependencies");
  for (const auto& name : names) {
    const Json* version = deps ? member(*deps, name) : nullptr;
    if (!js::truthy(version)) {
      if (js::truthy(dev ? member(*dev, name) : nullptr) && name != "aws-sdk")
        fail("ERROR: Runtime dependency '" + name + "' found in devDependencies: move it to dependencies, or add "
             "it to custom.esbuild.exclude.", "ESBUILD_EXTERNAL_IN_DEV_DEPENDENCIES");
      continue;  // not a dependency: the plugin leaves it out
    }
    Json module = read_json_file(package_dir / "node_modules" / name / "package.json");
    std::string v = version->is_string() ? version->get<std::string>() : "";
    if (v.starts_with("file:") || v.starts_with("./") || v.starts_with("../"))
      fail("custom.esbuild.external \"" + name + "\" is a local file dependency (" + v +
           "), which sls does not install yet.", "ESBUILD_NOT_SUPPORTED");
    out.push_back(name + "@" + v);
    const Json* peers = member(module, "peerDependencies");
    if (!peers || !peers->is_object()) continue;
    const Json* meta = member(module, "peerDependenciesMeta");
    std::vector<std::string> needed;
    for (auto& [peer, _] : peers->items()) {
      const Json* m = meta ? member(*meta, peer) : nullptr;
      bool optional = m && js::truthy(member(*m, "optional"));
      if (!optional && std::find(in.exclude.begin(), in.exclude.end(), peer) == in.exclude.end())
        needed.push_back(peer);
    }
    collect(in, package_json, package_dir, needed, out);
  }
}

void run(const std::vector<std::string>& argv, const fs::path& cwd) {
  auto result = run_processes({argv}, cwd, 1).front();
  if (result.exit_code != 0) {
    std::string line;
    for (const auto& a : argv) line += (line.empty() ? "" : " ") + a;
    fail("\"" + line + "\" failed in " + cwd.string() + " (exit " + std::to_string(result.exit_code) + "):\n" +
             result.output,
         "ESBUILD_EXTERNALS_INSTALL_FAILED");
  }
}

}  // namespace

std::vector<std::string> external_modules(const ExternalsInput& in, const Json& package_json) {
  std::vector<std::string> out;
  if (!member(package_json, "dependencies")) return out;
  auto dir = find_up(in.service_dir, "package.json");
  collect(in, package_json, dir ? *dir : in.service_dir, in.externals, out);
  std::vector<std::string> unique;
  for (const auto& m : out)
    if (std::find(unique.begin(), unique.end(), m) == unique.end()) unique.push_back(m);
  return unique;
}

void install_externals(const ExternalsInput& in) {
  if (in.externals.empty()) return;
  const Json* packager = member(in.options, "packager");
  if (packager && *packager != "npm")
    fail("custom.esbuild.packager \"" + js::stringify(*packager) + "\": sls installs externals with npm only.",
         "ESBUILD_NOT_SUPPORTED");
  auto package_dir = find_up(in.service_dir, "package.json");
  if (!package_dir) fail("custom.esbuild.external needs the service's package.json (none found).");
  Json package_json = read_json_file(*package_dir / "package.json");
  std::vector<std::string> modules = external_modules(in, package_json);
  if (modules.empty()) return;  // the plugin: "No external modules needed"
  Json composite = {{"name", in.service_name},
                    {"version", "1.0.0"},
                    {"description", "Packaged externals for " + in.service_name},
                    {"private", true},
                    {"scripts", Json::object()}};
  const Json* scripts = member(member(in.options, "packagerOptions") ? *member(in.options, "packagerOptions")
                                                                     : Json::object(),
                               "scripts");
  std::vector<std::string> script_names;
  if (scripts && !scripts->is_null()) {
    Json list = scripts->is_array() ? *scripts : Json::array({*scripts});
    for (size_t i = 0; i < list.size(); ++i) {
      composite["scripts"]["script" + std::to_string(i)] = list[i];
      script_names.push_back("script" + std::to_string(i));
    }
  }
  Json dependencies = Json::object();
  for (const auto& m : modules) {
    size_t at = m.find('@', m.starts_with('@') ? 1 : 0);
    dependencies[m.substr(0, at)] = at == std::string::npos ? "" : m.substr(at + 1);
  }
  composite["dependencies"] = dependencies;
  std::ofstream(in.build_dir / "package.json") << json_text(composite, 2);
  bool locked = fs::exists(*package_dir / "package-lock.json");
  const Json* ignore = member(in.options, "packagerOptions");
  bool ignore_lock = ignore && js::truthy(member(*ignore, "ignoreLockfile"));
  if (locked) fs::copy_file(*package_dir / "package-lock.json", in.build_dir / "package-lock.json",
                            fs::copy_options::overwrite_existing);
  auto npm = find_program("npm");
  if (!npm) fail("custom.esbuild.external needs npm to install " + modules.front() + ": install Node.js and npm.",
                 "ESBUILD_NPM_NOT_FOUND");
  std::vector<std::string> install = {npm->string(), locked && !ignore_lock ? "ci" : "install"};
  if (const Json* extra = member(in.options, "installExtraArgs"); extra && extra->is_array())
    for (const Json& a : *extra)
      if (a.is_string()) install.push_back(a.get<std::string>());
  run(install, in.build_dir);
  run({npm->string(), "prune"}, in.build_dir);
  for (const auto& s : script_names) run({npm->string(), "run", s}, in.build_dir);
}

}  // namespace sls::package
