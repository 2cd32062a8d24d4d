#include "package/esbuild.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

#include "package/artifact_names.h"
#include "package/esbuild_externals.h"
#include "package/file_select.h"
#include "package/glob.h"
#include "package/zip.h"
#include "util/error.h"
#include "util/js_like.h"
#include "util/subprocess.h"

namespace sls::package {
namespace fs = std::filesystem;

namespace {

const char* const kOnlyPrefix = "__only_";

[[noreturn]] void fail(const std::string& message, const char* code = "ESBUILD") {
  throw UserError(std::string(kEsbuildPlugin) + ": " + message, code);
}

const Json& member(const Json& obj, const char* key) {
  static const Json kNull;
  const Json* v = js::get(obj, key);
  return v ? *v : kNull;
}

// The plugin's awsNodeMatcher, and every runtime name its matchers know.
const std::map<std::string, std::string>& aws_node_targets() {
  static const std::map<std::string, std::string> k = {
      {"nodejs24.x", "node24"}, {"nodejs22.x", "node22"}, {"nodejs20.x", "node20"}, {"nodejs18.x", "node18"},
      {"nodejs16.x", "node16"}, {"nodejs14.x", "node14"}, {"nodejs12.x", "node12"}};
  return k;
}

bool is_known_node_runtime(const std::string& r) {
  if (aws_node_targets().count(r)) return true;
  static const std::set<std::string> others = {"nodejs24", "nodejs22", "nodejs20", "nodejs18", "nodejs16", "nodejs14",
                                               "nodejs12", "node22",   "node20",   "node18",   "node16",   "node14",
                                               "node12"};
  return others.count(r) > 0;
}

// ramda's mergeDeepRight: objects merge recursively, anything else from `right` wins.
void merge_deep_right(Json& left, const Json& right) {
  if (!left.is_object() || !right.is_object()) {
    left = right;
    return;
  }
  for (auto& [k, v] : right.items()) {
    if (left.contains(k) && left[k].is_object() && v.is_object()) merge_deep_right(left[k], v);
    else left[k] = v;
  }
}

// The plugin's build options: its defaults, the runtime's target, custom.esbuild.
Json build_options(const Json& config) {
  const Json& provider = member(config, "provider");
  const Json& runtime = member(provider, "runtime");
  if (!runtime.is_string() || !is_known_node_runtime(runtime.get<std::string>()))
    fail("provider.runtime must be a Node.js runtime (e.g. nodejs24.x) to bundle with esbuild, got " +
             (runtime.is_null() ? std::string("none") : js::stringify(runtime)) + ".",
         "ESBUILD_UNSUPPORTED_RUNTIME");
  Json options = {{"bundle", true},        {"target", "node18"},   {"external", Json::array()},
                  {"exclude", {"aws-sdk"}}, {"packager", "npm"},    {"keepOutputDirectory", false},
                  {"platform", "node"},     {"outputFileExtension", ".js"}, {"skipBuild", false}};
  if (auto it = aws_node_targets().find(runtime.get<std::string>()); it != aws_node_targets().end())
    options["target"] = it->second;
  const Json& custom = member(member(config, "custom"), "esbuild");
  if (js::truthy(member(custom, "config")))
    fail("custom.esbuild.config names a JavaScript file, which sls does not run: put the options in "
         "custom.esbuild instead.", "ESBUILD_NOT_SUPPORTED");
  if (custom.is_object()) merge_deep_right(options, custom);
  return options;
}

std::vector<std::string> strings(const Json& v) {
  std::vector<std::string> out;
  if (v.is_string()) out.push_back(v.get<std::string>());
  if (v.is_array())
    for (const Json& s : v)
      if (s.is_string()) out.push_back(s.get<std::string>());
  return out;
}

bool contains(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

std::string kebab(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c >= 'A' && c <= 'Z') out += std::string("-") + static_cast<char>(c - 'A' + 'a');
    else out += c;
  }
  return out;
}

std::string scalar_text(const Json& v) { return v.is_string() ? v.get<std::string>() : js::stringify(v); }

// Options that belong to the plugin, not to esbuild (the plugin removes them).
const std::set<std::string>& plugin_keys() {
  static const std::set<std::string> k = {
      "concurrency", "zipConcurrency", "exclude", "nativeZip", "packager", "packagePath", "watch",
      "keepOutputDirectory", "packagerOptions", "installExtraArgs", "outputFileExtension", "outputBuildFolder",
      "outputWorkFolder", "nodeExternals", "skipBuild", "skipRebuild", "skipBuildExcludeFns",
      "stripEntryResolveExtensions", "disposeContext", "config", "metafile"};
  return k;
}

void add_flag(std::vector<std::string>& flags, const std::string& key, const Json& value) {
  static const std::set<std::string> kLists = {"mainFields", "conditions", "resolveExtensions", "target",
                                               "dropLabels"};
  static const std::set<std::string> kRepeated = {"drop", "pure", "inject"};
  static const std::set<std::string> kMaps = {"define", "loader", "banner", "footer", "alias", "supported",
                                              "outExtension"};
  std::string flag = "--" + kebab(key);
  if (value.is_null()) return;
  if (key == "plugins")
    fail("custom.esbuild.plugins are JavaScript esbuild plugins, which sls does not run: remove them, or use "
         "osls for this service.", "ESBUILD_NOT_SUPPORTED");
  if (key == "sourcemap") {
    if (value.is_boolean()) {
      if (value.get<bool>()) flags.push_back(flag);
    } else {
      flags.push_back(flag + "=" + scalar_text(value));
    }
  } else if (value.is_boolean()) {
    flags.push_back(flag + (value.get<bool>() ? "" : "=false"));
  } else if (kLists.count(key) && value.is_array()) {
    std::string joined;
    for (const auto& s : strings(value)) joined += (joined.empty() ? "" : ",") + s;
    flags.push_back(flag + "=" + joined);
  } else if (kRepeated.count(key)) {
    for (const auto& s : strings(value)) flags.push_back(flag + ":" + s);
  } else if (kMaps.count(key) && value.is_object()) {
    for (auto& [k, v] : value.items()) flags.push_back(flag + ":" + k + "=" + scalar_text(v));
  } else if (key == "tsconfigRaw" && value.is_object()) {
    flags.push_back(flag + "=" + js::stringify(value));
  } else if (value.is_string() || value.is_number()) {
    flags.push_back(flag + "=" + scalar_text(value));
  } else {
    fail("custom.esbuild." + key + ": sls cannot pass " + js::stringify(value) + " to esbuild's command line.",
         "ESBUILD_NOT_SUPPORTED");
  }
}

std::string trim_extension(const std::string& entry) {
  std::string ext = fs::path(entry).extension().string();
  return ext.empty() ? "" : entry.substr(0, entry.size() - ext.size());  // JS: slice(0, -0) is ""
}

// The externals the plugin installs with the packager: external minus exclude.
std::vector<std::string> externals_to_install(const Json& options) {
  std::vector<std::string> exclude = strings(member(options, "exclude"));
  if (contains(exclude, "*")) return {};
  std::vector<std::string> out;
  for (const auto& e : strings(member(options, "external")))
    if (!contains(exclude, e)) out.push_back(e);
  return out;
}

struct Entry {
  std::string function;  // the function's key in `functions`
  std::string entry;     // "src/hello.ts"
};

// extractFunctionEntries: the handler's file with one of the extensions.
std::string entry_for(const fs::path& dir, const std::string& name, const Json& fn,
                      const std::vector<std::string>& extensions) {
  std::string handler = member(fn, "handler").get<std::string>();
  std::string ext = fs::path(handler).extension().string();
  std::string file = ext.empty() ? handler : handler.substr(0, handler.rfind(ext));
  std::error_code ec;
  for (const auto& e : extensions) {
    for (const fs::path& candidate : {fs::path(file + e), fs::path(file) / ("index" + e)}) {
      if (!fs::exists(dir / candidate, ec)) continue;
      return (dir / candidate).lexically_normal().lexically_relative(dir).generic_string();
    }
  }
  fail("Compilation failed for function alias " + name +
           ". Please ensure you have an index file with ext .ts or .js, or have a path listed as main key in "
           "package.json",
       "ESBUILD_ENTRY_NOT_FOUND");
}

// globby's matching (dot: false) of `patterns` ("!x" excludes) against `files`.
std::vector<std::string> globby(const std::vector<std::string>& patterns, const std::vector<std::string>& files) {
  std::vector<Glob> positive, negative;
  std::vector<std::string> positive_text;
  for (const auto& p : patterns) {
    if (p.starts_with("!")) negative.emplace_back(p.substr(1));
    else {
      positive.emplace_back(p);
      positive_text.push_back(p);
    }
  }
  std::vector<std::string> out;
  for (const auto& f : files) {
    bool hit = false;
    for (size_t i = 0; i < positive.size() && !hit; ++i) {
      if (!positive[i].match(f)) continue;
      bool dot_ok = true;  // a wildcard does not match a name starting with "."
      for (size_t start = 0; start < f.size() && dot_ok;) {
        size_t end = std::min(f.find('/', start), f.size());
        if (f[start] == '.') dot_ok = positive_text[i].find(f.substr(start, end - start)) != std::string::npos;
        start = end + 1;
      }
      hit = dot_ok;
    }
    if (!hit) continue;
    if (std::any_of(negative.begin(), negative.end(), [&](const Glob& g) { return g.match(f); })) continue;
    out.push_back(f);
  }
  return out;
}

void copy_into_build(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::create_directories(to.parent_path(), ec);
  fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
  if (ec) fail("cannot copy " + from.string() + " into the build folder: " + ec.message());
}

struct Build {
  PackageContext& ctx;
  Json options;
  fs::path dir, work_dir, build_dir;
  std::vector<Entry> entries;           // in function order
  std::vector<std::string> node_functions;  // functions the plugin handles (skipEsbuild ones too)

  const Json& functions() const { return ctx.functions(); }
  const Json& package() const { return member(ctx.service.config, "package"); }

  std::vector<std::string> service_patterns() const {
    std::vector<std::string> out;
    for (const auto& p : strings(member(package(), "patterns")))
      if (!contains(out, p)) out.push_back(p);
    if (!contains(out, "!node_modules/serverless-esbuild")) out.push_back("!node_modules/serverless-esbuild");
    return out;
  }

  void bundle() {
    auto esbuild = find_esbuild(dir);
    if (!esbuild)
      fail("sls bundles with the esbuild binary, which is not installed here: run \"npm install -D esbuild\" in "
           "the service folder (sls looks for node_modules/.bin/esbuild from there up, then esbuild on PATH).",
           "ESBUILD_NOT_FOUND");
    std::vector<std::string> flags = esbuild_flags(ctx.service.config);
    std::vector<std::string> unique;
    for (const auto& e : entries)
      if (!contains(unique, e.entry)) unique.push_back(e.entry);
    std::vector<std::vector<std::string>> commands;
    for (const auto& entry : unique) {
      std::vector<std::string> argv = {esbuild->string(), entry,
                                       "--outdir=" + (build_dir / fs::path(entry).parent_path()).string()};
      argv.insert(argv.end(), flags.begin(), flags.end());
      if (js::truthy(member(options, "metafile")))
        argv.push_back("--metafile=" + (build_dir / (trim_extension(entry) + "-meta.json")).string());
      commands.push_back(std::move(argv));
    }
    const Json& concurrency = member(options, "concurrency");
    unsigned parallel = concurrency.is_number() && concurrency.get<double>() >= 1 && concurrency.get<double>() < 1e6
                            ? static_cast<unsigned>(concurrency.get<double>())
                            : 0;
    auto results = run_processes(commands, dir, parallel);
    for (size_t i = 0; i < results.size(); ++i)
      if (results[i].exit_code != 0)
        fail("esbuild failed to bundle " + unique[i] + " (exit " + std::to_string(results[i].exit_code) + "):\n" +
                 results[i].output,
             "ESBUILD_BUILD_FAILED");
  }

  // copyExtras: package.patterns files beside the bundles, function patterns under __only_<name>/.
  void copy_extras(const std::vector<std::string>& service_files) {
    for (const auto& f : globby(service_patterns(), service_files)) copy_into_build(dir / f, build_dir / f);
    for (const auto& name : node_functions) {
      auto patterns = strings(member(member(functions()[name], "package"), "patterns"));
      if (patterns.empty()) continue;
      for (const auto& f : globby(patterns, service_files))
        copy_into_build(dir / f, build_dir / (kOnlyPrefix + name) / f);
    }
  }

  Artifact zip(const std::string& zip_name, std::vector<std::pair<std::string, fs::path>> files) {
    std::sort(files.begin(), files.end());
    std::vector<ZipInput> inputs;
    for (auto& [name, path] : files) inputs.push_back(zip_input(name, path));
    fs::path out = ctx.package_dir / zip_name;
    ZipResult z = write_zip(out, inputs);
    return Artifact{out, zip_name, z.sha256_base64, z.sha256_hex, z.size};
  }

  void pack(const std::vector<std::string>& service_files) {
    std::vector<std::string> built = list_files(build_dir);
    std::erase_if(built, [](const std::string& f) {
      return f == "package-lock.json" || f == "pnpm-lock.yaml" || f == "yarn.lock" || f == "package.json";
    });
    if (built.empty()) return;
    if (!js::truthy(member(package(), "individually"))) {
      std::vector<std::pair<std::string, fs::path>> files;
      for (const auto& f : built) {
        std::string name = f;
        if (name.starts_with(kOnlyPrefix)) {
          size_t slash = name.find('/');
          if (slash == std::string::npos) continue;
          name = name.substr(slash + 1);
        }
        files.emplace_back(name, build_dir / f);
      }
      ctx.service_artifact = zip(service_artifact_name(ctx.service.name), std::move(files));
      return;
    }
    std::vector<std::string> package_files = globby(service_patterns(), service_files);
    std::vector<std::string> bundles;
    for (const auto& e : entries) bundles.push_back(trim_extension(e.entry) + output_extension());
    for (size_t i = 0; i < entries.size(); ++i) pack_function(entries[i].function, bundles[i], bundles, built, package_files);
  }

  std::string output_extension() const { return scalar_text(member(options, "outputFileExtension")); }

  // filterFilesForZipPackage for one function.
  void pack_function(const std::string& name, const std::string& bundle, const std::vector<std::string>& bundles,
                     const std::vector<std::string>& built, const std::vector<std::string>& package_files) {
    std::vector<std::string> excluded;
    for (const auto& b : bundles)
      if (!bundle.starts_with(b)) excluded.push_back(trim_extension(b));
    std::vector<std::string> patterns = strings(member(member(functions()[name], "package"), "patterns"));
    std::vector<std::string> exclusions;
    for (const auto& p : patterns)
      if (p.starts_with("!")) exclusions.push_back(p.substr(1));
    std::vector<std::string> included = package_files;
    for (const auto& f : globby(patterns, built)) included.push_back(f);
    for (const auto& f : globby(exclusions, built)) excluded.push_back(trim_extension(f));
    std::string own = kOnlyPrefix + name + "/";
    std::vector<std::pair<std::string, fs::path>> files;
    for (const auto& f : built) {
      bool keep = contains(included, f);
      if (!keep) {
        bool derived = std::any_of(excluded.begin(), excluded.end(),
                                   [&](const std::string& x) { return f.starts_with(x + "."); });
        keep = !derived && !(f.starts_with(kOnlyPrefix) && !f.starts_with(own)) && !f.starts_with("node_modules");
      }
      if (!keep) continue;
      std::string entry = f;
      if (size_t at = entry.find(own); at != std::string::npos) entry.erase(at, own.size());
      files.emplace_back(entry, build_dir / f);
    }
    ctx.function_artifacts[name] = zip(function_artifact_name(name), std::move(files));
  }
};

bool is_node_function(const Json& fn, const Json& provider) {
  const Json& runtime = js::truthy(member(fn, "runtime")) ? member(fn, "runtime") : member(provider, "runtime");
  return runtime.is_string() && aws_node_targets().count(runtime.get<std::string>());
}

struct RemoveOnExit {
  fs::path dir;
  bool keep;
  ~RemoveOnExit() {
    std::error_code ec;
    if (!keep) fs::remove_all(dir, ec);
  }
};

}  // namespace

std::vector<std::string> esbuild_flags(const Json& config) {
  Json options = build_options(config);
  std::vector<std::string> exclude = strings(member(options, "exclude"));
  std::vector<std::string> external = strings(member(options, "external"));
  bool exclude_all = contains(exclude, "*") || member(options, "exclude") == "*";
  if (js::truthy(member(options, "skipBuild")))
    fail("custom.esbuild.skipBuild (reusing zips packaged earlier) is not supported by sls: remove it.",
         "ESBUILD_NOT_SUPPORTED");
  std::vector<std::string> flags;
  for (auto& [key, value] : options.items()) {
    if (plugin_keys().count(key) || key == "external") continue;
    add_flag(flags, key, value);
  }
  for (const auto& e : external) flags.push_back("--external:" + e);
  if (!exclude_all)
    for (const auto& e : exclude) flags.push_back("--external:" + e);
  std::string ext = scalar_text(member(options, "outputFileExtension"));
  bool esm = member(options, "format") == "esm" || member(options, "platform") == "neutral";
  if (esm && ext == ".cjs")
    fail("ERROR: format \"esm\" or platform \"neutral\" should not output a file with extension \".cjs\".");
  if (!esm && ext == ".mjs") fail("ERROR: Non esm builds should not output a file with extension \".mjs\".");
  if (ext != ".js") flags.push_back("--out-extension:.js=" + ext);
  return flags;
}

std::optional<fs::path> find_esbuild(const fs::path& service_dir) {
  std::error_code ec;
  for (fs::path p = fs::absolute(service_dir).lexically_normal();; p = p.parent_path()) {
    fs::path candidate = p / "node_modules" / ".bin" / "esbuild";
    if (fs::exists(candidate, ec)) return candidate;
    if (p == p.parent_path()) break;
  }
  return find_program("esbuild");
}

namespace {

// The functions to bundle and the build folder; false when there is nothing to bundle.
bool prepare(Build& b) {
  const Json& config = b.ctx.service.config;
  b.options = build_options(config);
  b.dir = b.ctx.service.dir;
  const Json& provider = member(config, "provider");
  std::vector<std::string> extensions = strings(member(b.options, "resolveExtensions"));
  if (extensions.empty()) extensions = {".ts", ".js", ".jsx", ".tsx"};
  for (const auto& [name, fn] : b.ctx.functions().items()) {
    if (!js::truthy(member(fn, "handler")) || !member(fn, "handler").is_string() || !is_node_function(fn, provider))
      continue;
    b.node_functions.push_back(name);
    if (js::truthy(member(fn, "skipEsbuild"))) continue;
    b.entries.push_back({name, entry_for(b.dir, name, fn, extensions)});
  }
  if (b.entries.empty()) return false;
  const Json& work = member(b.options, "outputWorkFolder");
  const Json& build = member(b.options, "outputBuildFolder");
  b.work_dir = b.dir / (js::truthy(work) ? scalar_text(work) : ".esbuild");
  b.build_dir = b.work_dir / (js::truthy(build) ? scalar_text(build) : ".build");
  return true;
}

bool keep_output(const Build& b) { return js::truthy(member(b.options, "keepOutputDirectory")); }

// Bundles, then copies the patterns' extras; returns the service's files
// (listed only when some pattern may select extras from them).
std::vector<std::string> bundle_into_build_dir(Build& b) {
  std::error_code ec;
  fs::remove_all(b.build_dir, ec);
  fs::create_directories(b.build_dir, ec);
  b.bundle();
  std::vector<std::string> externals = externals_to_install(b.options);
  if (!externals.empty() && js::truthy(member(b.package(), "individually")))
    fail("custom.esbuild.external lists " + externals.front() + ", which the plugin installs with npm; sls does "
         "that for a service zip, not yet with package.individually. Add it to custom.esbuild.exclude too if "
         "the Lambda runtime provides it, or let esbuild bundle it.", "ESBUILD_NOT_SUPPORTED");
  install_externals({b.dir, b.build_dir, b.ctx.service.name, externals, strings(member(b.options, "exclude")),
                     b.options});
  bool extras = false;
  for (const auto& p : b.service_patterns()) extras = extras || !p.starts_with("!");
  for (const auto& name : b.node_functions)
    for (const auto& p : strings(member(member(b.functions()[name], "package"), "patterns")))
      extras = extras || !p.starts_with("!");
  std::vector<std::string> service_files = extras ? list_files(b.dir) : std::vector<std::string>{};
  b.copy_extras(service_files);
  return service_files;
}

}  // namespace

std::optional<LocalBundle> bundle_for_local(Service& service) {
  PackageContext ctx{service};
  Build b{ctx, {}, {}, {}, {}, {}, {}};
  if (!prepare(b)) return std::nullopt;
  RemoveOnExit cleanup{b.work_dir, keep_output(b)};
  bundle_into_build_dir(b);
  cleanup.keep = true;  // the caller removes it after the invocation
  return LocalBundle{b.build_dir, b.work_dir, keep_output(b)};
}

void bundle_with_esbuild(PackageContext& ctx) {
  Build b{ctx, {}, {}, {}, {}, {}, {}};
  if (!prepare(b)) return;
  RemoveOnExit cleanup{b.work_dir, keep_output(b)};
  b.pack(bundle_into_build_dir(b));
}

}  // namespace sls::package
