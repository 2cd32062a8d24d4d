#include "package/package_service.h"

#include <algorithm>
#include <optional>
#include <regex>
#include <set>

#include "package/artifact_names.h"
#include "package/deflate_cache.h"
#include "package/dev_deps.h"
#include "package/file_select.h"
#include "package/slsignore.h"
#include "package/zip.h"
#include "util/js_like.h"
#include "util/error.h"

namespace sls::package {
namespace fs = std::filesystem;

namespace {

// osls's defaultExcludes (package-service.js).
const std::vector<std::string> kDefaultExcludes = {
    ".git/**", ".gitignore", ".DS_Store", "npm-debug.log", "yarn-*.log", ".serverless/**",
    ".serverless_plugins/**"};

const Json& member(const Json& obj, const char* key) {
  static const Json kNull;
  if (!obj.is_object()) return kNull;
  auto it = obj.find(key);
  return it == obj.end() ? kNull : *it;
}

std::vector<std::string> strings_of(const Json& arr) {
  std::vector<std::string> out;
  if (!arr.is_array()) return out;
  for (const auto& v : arr)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}



// parse-s3-uri.js: s3://bucket/key, or an https URL on an S3 host.
bool is_s3_uri(const std::string& s) {
  static const std::regex s3(R"(^s3://[^/?#@\s]+/[^?#]+([?#].*)?$)");
  static const std::regex url(R"(^(?:https?://)?([^/?#@\s]+)(/[^?#]+)([?#].*)?$)", std::regex::icase);
  static const std::regex vhost(R"(^.+\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$)", std::regex::icase);
  static const std::regex pstyle(R"(^s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$)", std::regex::icase);
  if (std::regex_match(s, s3)) return true;
  std::smatch m;
  if (!std::regex_match(s, m, url)) return false;
  std::string host = m[1], path = m[2];
  if (std::regex_match(host, vhost)) return true;
  return std::regex_match(host, pstyle) && std::regex_match(path, std::regex(R"(^/[^/]+/.+$)"));
}

struct Packer {
  PackageContext& ctx;
  const fs::path& dir;
  const Json& config;
  const Json& pkg;  // service-level `package`
  IgnoreRules slsignore;
  std::optional<std::vector<std::string>> dev_excludes;   // computed once
  std::optional<std::vector<std::string>> service_files;  // the service tree, listed once

  std::vector<std::string> excludes(bool exclude_layers) const {
    std::vector<std::string> out = kDefaultExcludes;
    if (!ctx.service.config_file_name.empty()) out.push_back(ctx.service.config_file_name);
    const Json& local_path = member(member(config, "plugins"), "localPath");
    if (local_path.is_string() && !local_path.get<std::string>().empty())
      out.push_back(local_path.get<std::string>());
    if (exclude_layers && member(config, "layers").is_object())
      for (auto& [name, layer] : member(config, "layers").items())
        if (member(layer, "path").is_string()) out.push_back(member(layer, "path").get<std::string>() + "/**");
    // Not in osls: our own package folders inside the service are never zipped
    // (osls would zip the stale artifacts of an earlier `--package dist` run).
    for (const fs::path& own : {ctx.package_dir, ctx.final_package_dir}) {
      if (own.empty()) continue;
      fs::path rel = own.lexically_normal().lexically_relative(dir.lexically_normal());
      std::string r = rel.generic_string();
      bool outside = rel.empty() || *rel.begin() == "..";
      if (!outside && r != ".") out.push_back(r + "/**");
    }
    const Json& dotenv = member(ctx.service.initial_config, "useDotenv");
    if (dotenv.is_boolean() && dotenv.get<bool>()) out.push_back(".env*");
    return out;
  }

  std::vector<std::string> includes(const Json& extra_patterns) const {
    std::vector<std::string> out = strings_of(member(pkg, "patterns"));
    for (auto& p : strings_of(extra_patterns)) out.push_back(p);
    return out;
  }

  const std::vector<std::string>& dev_dependency_globs() {
    if (!dev_excludes) {
      const Json& flag = member(pkg, "excludeDevDependencies");
      bool on = flag.is_boolean() ? flag.get<bool>() : true;
      dev_excludes = on ? dev_dependency_excludes(dir) : std::vector<std::string>{};
    }
    return *dev_excludes;
  }

  // Selects files under `root` (the service folder or a layer folder) and
  // zips them as `zip_name` into the package folder.
  std::pair<Artifact, std::vector<std::string>> build(const fs::path& root, const std::string& zip_name,
                                                      SelectPatterns patterns) {
    std::vector<std::string> listed_here;
    const std::vector<std::string>* all = nullptr;
    if (root == dir) {
      if (!service_files) service_files = list_files(dir);
      all = &*service_files;
    } else {
      listed_here = list_files(root);
      all = &listed_here;
    }
    std::vector<std::string> files = select_files(*all, patterns);
    if (!slsignore.empty()) {
      std::string prefix = root == dir ? "" : fs::relative(root, dir).generic_string() + "/";
      std::erase_if(files, [&](const std::string& f) { return slsignore.ignored(prefix + f); });
      if (files.empty())
        throw UserError("No file matches include / exclude patterns (after applying .slsignore)",
                        "NO_MATCHED_FILES");
    }
    std::vector<ZipInput> inputs;
    inputs.reserve(files.size());
    for (const auto& f : files) {
      fs::path full = root / f;
      // osls drops leading "." / ".." segments from entry names.
      std::string name = f;
      while (name.rfind("./", 0) == 0 || name.rfind("../", 0) == 0) name = name.substr(name.find('/') + 1);
      inputs.push_back(zip_input(std::move(name), std::move(full)));
    }
    std::stable_sort(inputs.begin(), inputs.end(),
                     [](const ZipInput& a, const ZipInput& b) { return a.name < b.name; });
    fs::path out = ctx.package_dir / zip_name;
    ZipOptions zip_options;
    zip_options.cache_dir = default_deflate_cache_dir().value_or(fs::path());
    zip_options.cache_id = fs::absolute(root).lexically_normal().string() + "\n" + zip_name;
    ZipResult z = write_zip(out, inputs, zip_options);
    Artifact a{out, zip_name, z.sha256_base64, z.sha256_hex, z.size};
    return {a, files};
  }

  Artifact prebuilt(const std::string& given, const std::string& for_what) {
    fs::path p = fs::path(given).is_absolute() ? fs::path(given) : dir / given;
    std::error_code ec;
    if (!fs::exists(p, ec))
      throw UserError("Cannot access package artifact at \"" + given + "\"" + for_what +
                          ": ENOENT: no such file or directory, access '" + p.lexically_normal().string() +
                          "'",
                      "INVALID_PACKAGE_ARTIFACT_PATH");
    auto [hex, b64] = sha256_file(p);
    return Artifact{p.lexically_normal(), p.filename().string(), b64, hex, fs::file_size(p, ec)};
  }
};

std::string runtime_of(const Json& fn, const Json& provider) {
  if (member(fn, "runtime").is_string()) return member(fn, "runtime").get<std::string>();
  if (member(provider, "runtime").is_string()) return member(provider, "runtime").get<std::string>();
  return "nodejs24.x";
}

bool has_layers(const Json& config) {
  const Json& layers = member(config, "layers");
  return layers.is_array() ? !layers.empty() : js::truthy(layers);
}

// Not in osls: osls zips whatever the patterns select, even when the
// handler's own file is excluded, and the function fails only when invoked.
// A handler a layer may serve (the function or provider lists layers, or the
// path is absolute such as /opt/...) only gets a warning.
void check_handler_included(PackageContext& ctx, const std::string& fn_name, const Json& fn, const Json& provider,
                            const std::vector<std::string>& files, const std::string& zip_name) {
  const Json& handler = member(fn, "handler");
  if (!handler.is_string()) return;
  std::string runtime = runtime_of(fn, provider);
  bool python = runtime.rfind("python", 0) == 0;
  if (!(runtime.rfind("nodejs", 0) == 0 || python || runtime.rfind("ruby", 0) == 0)) return;
  std::string h = handler.get<std::string>();
  size_t dot = h.rfind('.');
  if (dot == std::string::npos || dot == 0) return;
  std::string base = h.substr(0, dot);
  std::vector<std::string> prefixes = {base + "."};
  if (python) {
    std::string dotted = base;
    std::replace(dotted.begin(), dotted.end(), '.', '/');
    prefixes.push_back(dotted + ".");
    prefixes.push_back(dotted + "/__init__.");
  }
  std::vector<std::string> names;
  for (auto& p : prefixes) names.push_back(p.rfind("./", 0) == 0 ? p.substr(2) : p);
  for (const auto& f : files)
    for (const auto& p : names)
      if (f.rfind(p, 0) == 0) return;
  std::string want = names[0] + "*";
  if (h.front() == '/' || has_layers(fn) || has_layers(provider)) {
    ctx.warnings.push_back("Function \"" + fn_name + "\": no file matching \"" + want + "\" for its handler \"" + h +
                           "\" (functions." + fn_name + ".handler) is in " + zip_name +
                           "; it must come from one of the function's layers.");
    return;
  }
  throw UserError("Function \"" + fn_name + "\": its handler \"" + h + "\" (functions." + fn_name +
                      ".handler) needs a file matching \"" + want + "\", but none is in " + zip_name +
                      ". Check package.patterns (and .slsignore): add \"" + want +
                      "\" or remove the pattern that excludes it.",
                  "HANDLER_NOT_PACKAGED");
}

}  // namespace

void create_deployment_artifacts(PackageContext& ctx) {
  const Json& config = ctx.service.config;
  const Json& pkg = member(config, "package");
  Packer packer{ctx, ctx.service.dir, config, pkg, IgnoreRules::load(ctx.service.dir), {}, {}};
  const Json& provider = member(config, "provider");
  const bool service_individually = js::truthy(member(pkg, "individually"));

  if (!member(pkg, "include").is_null() || !member(pkg, "exclude").is_null())
    ctx.warnings.push_back(
        "package.include / package.exclude are not supported (osls ignores them): use package.patterns "
        "(\"!pattern\" excludes).");

  std::vector<std::string> service_functions;  // packaged into the service zip
  bool warned_patterns = false;
  for (auto& [name, fn] : ctx.functions().items()) {
    if (!member(fn, "image").is_null()) continue;
    if (ctx.function_artifacts.count(name)) continue;  // zipped before (a built-in plugin: serverless-esbuild)
    const Json& fpkg = member(fn, "package");
    if (js::truthy(member(fpkg, "disable"))) continue;
    const Json& artifact = member(fpkg, "artifact");
    if (artifact.is_string()) {
      std::string given = artifact.get<std::string>();
      if (is_s3_uri(given)) continue;
      ctx.function_artifacts[name] = packer.prebuilt(given, " (for \"" + name + "\")");
      continue;
    }
    if (js::truthy(member(fpkg, "individually")) || service_individually) {
      const Json& sart = member(pkg, "artifact");
      if (sart.is_string() && !js::truthy(member(fpkg, "individually"))) {
        // osls uses the service artifact for this function as it is.
        if (!is_s3_uri(sart.get<std::string>()))
          ctx.function_artifacts[name] = packer.prebuilt(sart.get<std::string>(), "");
        continue;
      }
      SelectPatterns patterns{packer.excludes(true), packer.includes(member(fpkg, "patterns")),
                              packer.dev_dependency_globs()};
      std::string zip_name = package::function_artifact_name(name);
      auto [art, files] = packer.build(ctx.service.dir, zip_name, std::move(patterns));
      check_handler_included(ctx, name, fn, provider, files, zip_name);
      ctx.function_artifacts[name] = std::move(art);
      continue;
    }
    if (member(fpkg, "patterns").is_array() && !warned_patterns) {
      warned_patterns = true;
      ctx.warnings.push_back(
          "Package patterns at function level are only applicable if package.individually is set to true "
          "at service level or function level in serverless.yaml. osls will ignore the patterns defined at "
          "the function level and apply only the service-wide ones.");
    }
    service_functions.push_back(name);
  }

  if (member(config, "layers").is_object()) {
    for (auto& [name, layer] : member(config, "layers").items()) {
      const Json& lpkg = member(layer, "package");
      if (member(lpkg, "artifact").is_string()) continue;
      const Json& path = member(layer, "path");
      if (!path.is_string())
        throw UserError("layers." + name + ".path is required: set it to the folder to package for layer \"" +
                            name + "\".",
                        "INVALID_LAYER_PATH");
      std::string p = path.get<std::string>();
      if (p.find_first_of(std::string("\0\r\n", 3)) != std::string::npos)
        throw UserError("Invalid \"layers." + name +
                            ".path\": must not contain newline, carriage return, or NUL characters",
                        "INVALID_LAYER_PATH");
      SelectPatterns patterns{packer.excludes(false), packer.includes(member(lpkg, "patterns")),
                              packer.dev_dependency_globs()};
      ctx.layer_artifacts[name] =
          packer.build(ctx.service.dir / p, package::layer_artifact_name(name), std::move(patterns)).first;
    }
  }

  if (service_functions.empty() || ctx.service_artifact) return;  // (already zipped: serverless-esbuild)
  const Json& sart = member(pkg, "artifact");
  if (sart.is_string()) {
    if (!is_s3_uri(sart.get<std::string>())) ctx.service_artifact = packer.prebuilt(sart.get<std::string>(), "");
    return;
  }
  SelectPatterns patterns{packer.excludes(true), packer.includes(Json()), packer.dev_dependency_globs()};
  std::string zip_name = package::service_artifact_name(ctx.service.name);
  auto [art, files] = packer.build(ctx.service.dir, zip_name, std::move(patterns));
  for (const auto& name : service_functions)
    check_handler_included(ctx, name, ctx.functions()[name], provider, files, zip_name);
  ctx.service_artifact = std::move(art);
}

std::filesystem::path package_function(PackageContext& ctx, const std::string& name) {
  const Json& config = ctx.service.config;
  const Json& pkg = member(config, "package");
  const Json& fn = member(ctx.functions(), name.c_str());
  if (!member(fn, "image").is_null()) return {};
  Packer packer{ctx, ctx.service.dir, config, pkg, IgnoreRules::load(ctx.service.dir), {}, {}};
  const Json& fpkg = member(fn, "package");
  if (member(fpkg, "artifact").is_string()) return packer.prebuilt(fpkg["artifact"].get<std::string>(), "").path;
  if (member(pkg, "artifact").is_string() && !js::truthy(member(fpkg, "individually")))
    return packer.prebuilt(pkg["artifact"].get<std::string>(), "").path;
  SelectPatterns patterns{packer.excludes(true), packer.includes(member(fpkg, "patterns")),
                          packer.dev_dependency_globs()};
  const std::string zip_name = package::function_artifact_name(name);
  auto [art, files] = packer.build(ctx.service.dir, zip_name, std::move(patterns));
  check_handler_included(ctx, name, fn, member(config, "provider"), files, zip_name);
  return art.path;
}

}  // namespace sls::package
