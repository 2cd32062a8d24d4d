#include "config/plugins.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <string_view>

#include "util/error.h"
#include "util/json_file.h"

namespace sls::config {
namespace fs = std::filesystem;

namespace {

// ---- entries (osls: validateConfiguredPluginReference) ----

bool is_name_char(char c, bool first) {
  if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  return !first && (c == '.' || c == '_' || c == '~' || c == '-');
}

bool is_plain_name(std::string_view s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i)
    if (!is_name_char(s[i], i == 0)) return false;
  return true;
}

// npm's package name pattern: [@scope/]name, lower case.
bool is_package_name(const std::string& name) {
  if (name.size() > 214) return false;
  if (name.empty() || name[0] != '@') return is_plain_name(name);
  size_t slash = name.find('/');
  return slash != std::string::npos && is_plain_name(std::string_view(name).substr(1, slash - 1)) &&
         is_plain_name(std::string_view(name).substr(slash + 1));
}

// "pkg[/sub]" or "@scope/pkg[/sub]" -> {package, subpath}.
std::pair<std::string, std::string> split_reference(const std::string& name) {
  size_t segments = name.starts_with('@') ? 2 : 1;
  size_t cut = 0;
  for (size_t i = 0; i < segments && cut != std::string::npos; ++i)
    cut = name.find('/', i ? cut + 1 : 0);
  if (cut == std::string::npos) return {name, ""};
  return {name.substr(0, cut), name.substr(cut + 1)};
}

bool is_valid_subpath(const std::string& subpath) {
  size_t start = 0;
  for (;;) {
    size_t end = subpath.find('/', start);
    std::string seg = subpath.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (seg.empty() || seg == "." || seg == "..") return false;
    for (char c : seg)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '~' && c != '-')
        return false;
    if (end == std::string::npos) return true;
    start = end + 1;
  }
}

void check_local_entry(const std::string& entry, const fs::path& service_dir) {
  fs::path root = fs::absolute(service_dir).lexically_normal();
  std::string rel = (root / entry).lexically_normal().lexically_relative(root).generic_string();
  if (rel.starts_with("..") || fs::path(rel).is_absolute())
    throw UserError("Local plugin path \"" + entry + "\" must stay inside the service directory.",
                    "INVALID_LOCAL_PLUGIN_PATH");
}

std::string validated_entry(const Json& value, const fs::path& service_dir) {
  const std::string* entry = value.is_string() ? &value.get_ref<const std::string&>() : nullptr;
  if (!entry || entry->empty() || std::isspace(static_cast<unsigned char>(entry->front())) ||
      std::isspace(static_cast<unsigned char>(entry->back())))
    throw UserError("Plugin entries must be strings.", "INVALID_PLUGIN_REFERENCE");
  if (entry->starts_with("./")) {
    check_local_entry(*entry, service_dir);
    return *entry;
  }
  size_t at = entry->find('@', entry->starts_with('@') ? entry->find('/') : 0);
  std::string name = entry->substr(0, at);
  auto [package, subpath] = split_reference(name);
  if (!is_package_name(package))
    throw UserError("Invalid plugin name \"" + package + "\". Plugin names must be valid npm package names.",
                    "INVALID_PLUGIN_NAME");
  if (name.size() > package.size() && !is_valid_subpath(subpath))
    throw UserError("Invalid plugin reference \"" + *entry +
                        "\". A package subpath must not be empty or traverse directories.",
                    "INVALID_PLUGIN_REFERENCE");
  if (at != std::string::npos)
    throw UserError("The plugins configuration must list package names, not versioned install specs.",
                    "INVALID_PLUGIN_REFERENCE");
  return name;
}

// ---- Node.js module resolution (require.resolve from the service folder) ----

using Found = std::optional<fs::path>;

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

Found load_as_file(const fs::path& x) {
  if (is_file(x)) return x;
  for (const char* ext : {".js", ".json", ".node"})
    if (fs::path p = x.string() + ext; is_file(p)) return p;
  return std::nullopt;
}

Found load_index(const fs::path& x) {
  for (const char* index : {"index.js", "index.json", "index.node"})
    if (is_file(x / index)) return x / index;
  return std::nullopt;
}

Json read_manifest(const fs::path& dir) { return read_json_file(dir / "package.json"); }

Found load_as_directory(const fs::path& x) {
  Json manifest = read_manifest(x);
  if (manifest.is_object() && manifest.contains("main") && manifest["main"].is_string()) {
    fs::path main = x / manifest["main"].get<std::string>();
    if (Found f = load_as_file(main)) return f;
    if (Found f = load_index(main)) return f;
  }
  return load_index(x);
}

Found load_path(const fs::path& x) {
  if (Found f = load_as_file(x)) return f;
  return load_as_directory(x);
}

// Whether `exports` (a string, array or object) exports `key` ("." or "./sub").
bool exports_key(const Json& exports, const std::string& key) {
  if (!exports.is_object() || exports.empty()) return key == ".";
  if (!exports.begin().key().starts_with(".")) return key == ".";  // conditions of "."
  for (auto& [k, target] : exports.items()) {
    if (target.is_null()) continue;
    size_t star = k.find('*');
    if (k == key) return true;
    if (star != std::string::npos && key.size() > k.size() - 1 && key.starts_with(k.substr(0, star)) &&
        key.ends_with(k.substr(star + 1)))
      return true;
  }
  return false;
}

Found load_from_node_modules(const fs::path& node_modules, const std::string& name) {
  auto [package, subpath] = split_reference(name);
  fs::path dir = node_modules / package;
  Json manifest = read_manifest(dir);
  if (manifest.is_object() && manifest.contains("exports") && !manifest["exports"].is_null()) {
    if (!exports_key(manifest["exports"], subpath.empty() ? "." : "./" + subpath)) return std::nullopt;
    return dir / "package.json";
  }
  return load_path(node_modules / name);
}

std::vector<fs::path> node_modules_dirs(const fs::path& from, const std::vector<fs::path>& node_path) {
  std::vector<fs::path> dirs;
  for (fs::path p = fs::absolute(from).lexically_normal();; p = p.parent_path()) {
    if (p.filename() != "node_modules") dirs.push_back(p / "node_modules");
    if (p == p.parent_path()) break;
  }
  dirs.insert(dirs.end(), node_path.begin(), node_path.end());
  return dirs;
}

// ---- the check ----

void add_names(const std::string& list, const std::string& source, std::map<std::string, std::string>& out) {
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = std::min(list.find(',', start), list.size());
    std::string name = list.substr(start, end - start);
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    if (!name.empty()) out.emplace(name, source);
    start = end + 1;
  }
}


std::string skip_hint(const std::string& name) {
  return "--skip-plugins " + name + " (or SLS_SKIP_PLUGINS=" + name + ")";
}

std::string install_hint(const std::string& name) {
  if (name.starts_with("./")) return "Check the path, or run with " + skip_hint(name) + " to proceed without it.";
  return "Install it with \"npm install -D " + split_reference(name).first + "\", or run with " +
         skip_hint(name) + " to proceed without it.";
}

[[noreturn]] void not_installed(const std::string& name, const PluginList& plugins, const std::string& file) {
  std::string looked = name.starts_with("./") ? "at that path"
                                              : "in node_modules or " + plugins.local_path.filename().string() + "/";
  throw UserError("Serverless plugin \"" + name + "\" not found: it is not installed (looked " + looked +
                      "). Make sure it's installed and listed in the \"plugins\" section of " + file + ".\n" +
                      install_hint(name),
                  "PLUGIN_NOT_FOUND");
}

std::string shown_path(const fs::path& where, const fs::path& dir) {
  std::string rel = where.lexically_normal().lexically_relative(dir).generic_string();
  return rel.empty() || rel.starts_with("..") ? where.generic_string() : rel;
}

[[noreturn]] void not_supported(const std::string& name, const fs::path& where, const fs::path& dir) {
  throw UserError("Serverless plugin \"" + name + "\" is installed (" + shown_path(where, dir) +
                      "), but sls runs npm plugins through Node.js and \"node\" is not on PATH.\n"
                      "Install Node.js, or run with " + skip_hint(name) +
                      " to proceed without the plugin: what it adds or changes will then be missing.",
                  "PLUGIN_NOT_SUPPORTED");
}

[[noreturn]] void not_built_in_for(const std::string& name, const std::vector<std::string>& commands,
                                   const std::string& command) {
  std::string list;
  for (const auto& c : commands) list += (list.empty() ? "\"" : ", \"") + c + "\"";
  throw UserError("Serverless plugin \"" + name + "\" is built into sls for " + list + ", but not yet for \"" +
                      command + "\".\nUse osls for this command, or run with " + skip_hint(name) +
                      " to proceed without the plugin: what it adds or changes will then be missing.",
                  "PLUGIN_NOT_SUPPORTED");
}

bool affects(const std::string& plugin, const std::string& command) {
  const auto* commands = commands_affected_by(plugin);
  if (!commands) return true;
  for (const auto& c : *commands)
    if (c == command || command.starts_with(c + " ")) return true;
  return false;
}

bool runs_natively(const std::string& plugin, const std::string& command) {
  const auto* commands = commands_run_natively(plugin);
  return commands && std::any_of(commands->begin(), commands->end(),
                                 [&](const std::string& c) { return c == "*" || c == command; });
}

}  // namespace

PluginList parse_plugins(const Json& config, const fs::path& service_dir) {
  PluginList out;
  out.local_path = fs::absolute(service_dir) / ".serverless_plugins";
  const Json* plugins = config.is_object() && config.contains("plugins") ? &config["plugins"] : nullptr;
  const Json* modules = plugins && plugins->is_array() ? plugins : nullptr;
  if (plugins && plugins->is_object()) {
    if (plugins->contains("localPath") && (*plugins)["localPath"].is_string() &&
        !(*plugins)["localPath"].get_ref<const std::string&>().empty())
      out.local_path = fs::absolute(service_dir) / (*plugins)["localPath"].get<std::string>();
    if (plugins->contains("modules") && (*plugins)["modules"].is_array()) modules = &(*plugins)["modules"];
  }
  if (!modules) return out;
  for (const Json& entry : *modules) {
    std::string name = validated_entry(entry, service_dir);
    if (name != "@serverless/enterprise-plugin") out.modules.push_back(name);
  }
  return out;
}

Found locate_plugin(const PluginList& plugins, const std::string& name, const fs::path& service_dir,
                    const std::vector<fs::path>& node_path) {
  if (name.starts_with("./")) return load_path(fs::absolute(service_dir) / name);
  if (Found f = load_path(plugins.local_path / name)) return f;
  for (const fs::path& dir : node_modules_dirs(service_dir, node_path))
    if (Found f = load_from_node_modules(dir, name)) return f;
  return std::nullopt;
}

std::map<std::string, std::string> skipped_plugins(const Json& options, const std::optional<std::string>& env) {
  std::map<std::string, std::string> out;
  if (options.contains("skip-plugins") && options["skip-plugins"].is_array())
    for (const Json& value : options["skip-plugins"])
      if (value.is_string()) add_names(value.get<std::string>(), "--skip-plugins", out);
  if (env) add_names(*env, "SLS_SKIP_PLUGINS", out);
  return out;
}

std::set<std::string> bridge_forced_plugins(const std::optional<std::string>& env) {
  std::map<std::string, std::string> names;
  if (env) add_names(*env, "SLS_BRIDGE_PLUGINS", names);
  std::set<std::string> out;
  for (const auto& entry : names) out.insert(entry.first);
  return out;
}

bool uses_plugin(const Json& config, const fs::path& service_dir, const Json& options, const std::string& name) {
  auto env = [](const char* key) {
    const char* v = std::getenv(key);
    return v ? std::optional<std::string>(v) : std::nullopt;
  };
  auto skip = skipped_plugins(options, env("SLS_SKIP_PLUGINS"));
  if (skip.count(name) || bridge_forced_plugins(env("SLS_BRIDGE_PLUGINS")).count(name)) return false;
  const auto& listed = parse_plugins(config, service_dir).modules;
  return std::find(listed.begin(), listed.end(), name) != listed.end();
}

const std::vector<std::string>* commands_affected_by(const std::string& plugin) {
  // Plugins that only add commands sls does not run (their hooks are all on
  // those commands' own lifecycle events).
  static const std::map<std::string, std::vector<std::string>> kKnown = {
      {"serverless-offline", {"offline", "offline start"}},
      {"serverless-iam-roles-per-function", {"package", "deploy"}},
      {"serverless-esbuild", {"package", "deploy", "deploy function", "invoke local", "offline", "offline start"}},
  };
  auto it = kKnown.find(plugin);
  return it == kKnown.end() ? nullptr : &it->second;
}

const std::vector<std::string>* commands_run_natively(const std::string& plugin) {
  // Plugins built into sls, with the commands whose part of them sls does ("*": all).
  static const std::map<std::string, std::vector<std::string>> kBuiltin = {
      {"serverless-iam-roles-per-function", {"package", "deploy"}},
      {"serverless-dotenv-plugin", {"*"}},
      {"serverless-esbuild", {"package", "deploy", "invoke local", "offline", "offline start"}},
  };
  auto it = kBuiltin.find(plugin);
  return it == kBuiltin.end() ? nullptr : &it->second;
}

PluginCheckResult check_plugins(const Json& config, const fs::path& service_dir, const PluginCheckInput& input) {
  PluginList plugins = parse_plugins(config, service_dir);
  PluginCheckResult result;
  for (const std::string& name : plugins.modules) {
    auto skip = input.skip.find(name);
    if (skip == input.skip.end()) skip = input.skip.find(split_reference(name).first);
    if (skip != input.skip.end()) {
      result.warnings.push_back("Plugin \"" + name + "\" skipped (" + skip->second +
                                "): whatever it adds or changes is not applied.");
    } else if (input.bridge_forced.count(name)) {  // SLS_BRIDGE_PLUGINS: the npm plugin, not sls's
      Found where = locate_plugin(plugins, name, service_dir, input.node_path);
      if (!where) not_installed(name, plugins, input.config_file_name);
      if (!input.bridge) not_supported(name, *where, fs::absolute(service_dir));
      result.bridged.emplace_back(name, *where);
    } else if (input.native.count(name) || runs_natively(name, input.command)) {
      result.debug.push_back("plugin \"" + name + "\": sls runs \"" + input.command + "\" natively");
    } else if (!affects(name, input.command)) {
      result.debug.push_back("plugin \"" + name + "\" has no effect on \"" + input.command + "\"");
    } else if (const auto* native = commands_run_natively(name)) {
      not_built_in_for(name, *native, input.command);
    } else if (Found where = locate_plugin(plugins, name, service_dir, input.node_path)) {
      if (!input.bridge) not_supported(name, *where, fs::absolute(service_dir));
      result.bridged.emplace_back(name, *where);
    } else {
      not_installed(name, plugins, input.config_file_name);
    }
  }
  return result;
}

}  // namespace sls::config
