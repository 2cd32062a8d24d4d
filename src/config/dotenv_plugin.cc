#include "config/dotenv_plugin.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>

#include "util/error.h"
#include "util/js_like.h"

namespace sls::config {
namespace fs = std::filesystem;

namespace {

using Env = std::map<std::string, std::string>;
using Pairs = std::vector<std::pair<std::string, std::string>>;

// process.env as the plugin sees it: the real environment, useDotenv's
// variables and what the plugin has set so far.
struct ProcessEnv {
  const DotenvPluginInput& input;
  Env preloaded;  // useDotenv's variables
  Env set;
  std::optional<std::string> get(const std::string& key) const {
    if (auto it = set.find(key); it != set.end()) return it->second;
    if (auto it = preloaded.find(key); it != preloaded.end()) return it->second;
    if (input.getenv) return input.getenv(key);
    const char* v = std::getenv(key.c_str());
    return v ? std::optional<std::string>(v) : std::nullopt;
  }
};

struct Settings {
  Json include = "*";
  Json exclude = Json::array();
  bool logging = true;
  Json required = Json::object();
  bool variable_expansion = true;
  Json path, base_path;
};

Settings read_settings(const Json& config) {
  Settings s;
  const Json* custom = js::get(config, "custom");
  const Json* dotenv = custom ? js::get(*custom, "dotenv") : nullptr;
  if (!dotenv || !dotenv->is_object()) return s;
  if (const Json* v = js::get(*dotenv, "include")) s.include = *v;
  if (const Json* v = js::get(*dotenv, "exclude")) s.exclude = *v;
  if (const Json* v = js::get(*dotenv, "logging")) s.logging = js::truthy(*v);
  if (const Json* v = js::get(*dotenv, "required")) s.required = *v;
  if (const Json* v = js::get(*dotenv, "variableExpansion")) s.variable_expansion = js::truthy(*v);
  if (const Json* v = js::get(*dotenv, "path")) s.path = *v;
  if (const Json* v = js::get(*dotenv, "basePath")) s.base_path = *v;
  if (js::truthy(js::get(*dotenv, "dotenvParser")))
    throw UserError("custom.dotenv.dotenvParser names a JavaScript parser, which sls does not run: remove it "
                    "(sls parses the files as the plugin's default parser does), or use osls for this service.",
                    "DOTENV_PARSER_NOT_SUPPORTED");
  return s;
}

std::string env_name(const DotenvPluginInput& input, const ProcessEnv& env) {
  if (auto v = env.get("NODE_ENV"); v && !v->empty()) return *v;
  for (const char* key : {"env", "stage"})
    if (const Json* v = js::get(input.options, key); js::truthy(v) && v->is_string()) return v->get<std::string>();
  return "development";
}

std::string text_of(const Json& v) { return v.is_string() ? v.get<std::string>() : js::stringify(v); }

std::vector<std::string> file_names(const Settings& s, const std::string& env, const fs::path& dir,
                                    DotenvPluginLog& log) {
  std::string base = js::truthy(s.base_path) ? text_of(s.base_path) : "";
  if (js::truthy(s.path)) {
    if (!base.empty() && s.logging) log.warnings.push_back("DOTENV (WARNING): if \"path\" is set, \"basePath\" is ignored.");
    std::vector<std::string> out;
    if (s.path.is_array())
      for (const Json& p : s.path) out.push_back(text_of(p));
    else
      out.push_back(text_of(s.path));
    return out;
  }
  std::vector<std::string> candidates = {".env." + env + ".local", ".env." + env};
  if (env != "test") candidates.push_back(".env.local");
  candidates.push_back(".env");
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& name : candidates)
    if (fs::exists(dir / (base + name), ec)) out.push_back(base + name);
  return out;
}

Pairs read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return {};  // dotenv.config: a file it cannot read gives nothing
  std::ostringstream text;
  text << in.rdbuf();
  return vars::parse_dotenv(text.str());
}

// String.prototype.replace(group, replacement) with a string pattern: the first
// occurrence, with the replacement's $$, $&, $` and $' patterns.
std::string replace_first(const std::string& s, const std::string& group, const std::string& replacement) {
  size_t at = s.find(group);
  if (at == std::string::npos) return s;
  std::string r;
  for (size_t i = 0; i < replacement.size(); ++i) {
    char n = i + 1 < replacement.size() ? replacement[i + 1] : '\0';
    if (replacement[i] != '$' || !(n == '$' || n == '&' || n == '`' || n == '\'')) {
      r += replacement[i];
      continue;
    }
    r += n == '$' ? "$" : n == '&' ? group : n == '`' ? s.substr(0, at) : s.substr(at + group.size());
    ++i;
  }
  return s.substr(0, at) + r + s.substr(at + group.size());
}

bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// dotenv-expand 10's _interpolate: the right-most unescaped $NAME / ${NAME} /
// ${NAME:-default} is replaced, then the result is expanded again.
std::string interpolate(std::string value, const ProcessEnv& env, const Pairs& parsed) {
  for (int guard = 0; guard < 10000; ++guard) {
    size_t last = std::string::npos;
    for (size_t i = 0; i < value.size(); ++i)
      if (value[i] == '$' && (i == 0 || value[i - 1] != '\\')) last = i;
    if (last == std::string::npos) return value;
    size_t i = last + 1;
    bool brace = i < value.size() && value[i] == '{';
    if (brace) ++i;
    size_t name_start = i;
    while (i < value.size() && is_word(value[i])) ++i;
    if (i == name_start) return value;
    std::string name = value.substr(name_start, i - name_start), fallback;
    if (value.compare(i, 2, ":-") == 0) {
      size_t d = i + 2;
      while (d < value.size() && value[d] != '}' && value[d] != '\\') ++d;
      fallback = value.substr(i + 2, d - i - 2);
      i = d;
    }
    if (i < value.size() && value[i] == '}') ++i;
    std::string group = value.substr(last, i - last);
    std::string replacement = env.get(name).value_or("");
    if (replacement.empty()) replacement = fallback;
    if (replacement.empty())
      for (const auto& [k, v] : parsed)
        if (k == name) replacement = v;
    value = replace_first(value, group, replacement);
  }
  throw UserError("DOTENV: the value of a variable expands into itself without end: check its $ references.",
                  "DOTENV_EXPANSION_LOOP");
}

void unescape_dollars(std::string& s) {
  for (size_t at; (at = s.find("\\$")) != std::string::npos;) s.replace(at, 2, "$");
}

// dotenv.config (no override) then dotenv-expand's expand, for one file.
Pairs load_file(const fs::path& file, ProcessEnv& env, bool expand) {
  Pairs parsed = read_file(file);
  for (const auto& [key, value] : parsed)
    if (!env.get(key)) env.set[key] = value;
  if (!expand) return parsed;
  for (auto& [key, value] : parsed) {
    value = interpolate(*env.get(key), env, parsed);
    unescape_dollars(value);
  }
  for (const auto& [key, value] : parsed) env.set[key] = value;
  return parsed;
}

void merge(Pairs& into, const Pairs& from) {
  for (const auto& entry : from) {  // not a structured binding: clang's fuzz build cannot capture one
    auto it = std::find_if(into.begin(), into.end(), [&](const auto& kv) { return kv.first == entry.first; });
    if (it == into.end()) into.emplace_back(entry.first, entry.second);
    else it->second = entry.second;
  }
}

// Array.prototype.includes, or String.prototype.includes for a string.
bool includes(const Json& list, const std::string& key) {
  if (list.is_string()) return list.get_ref<const std::string&>().find(key) != std::string::npos;
  return list.is_array() && std::find(list.begin(), list.end(), Json(key)) != list.end();
}

void check_required(const Settings& s, const Pairs& vars, const ProcessEnv& env) {
  const Json* names = js::get(s.required, "env");
  if (!names || !names->is_array()) return;
  std::string missing;
  for (const Json& n : *names) {
    std::string name = text_of(n);
    auto it = std::find_if(vars.begin(), vars.end(), [&](const auto& kv) { return kv.first == name; });
    if ((it == vars.end() || it->second.empty()) && env.get(name).value_or("").empty())
      missing += (missing.empty() ? "" : ",") + name;
  }
  if (!missing.empty())
    throw UserError("Missing the following required environment variables: " + missing, "DOTENV_PLUGIN");
}

}  // namespace

DotenvPluginLog apply_dotenv_plugin(Json& config, const DotenvPluginInput& input) {
  DotenvPluginLog log;
  if (!config.is_object()) return log;
  Json& provider = config["provider"];
  if (!provider.is_object()) return log;
  if (!js::truthy(js::get(provider, "environment"))) provider["environment"] = Json::object();
  Settings s = read_settings(config);
  ProcessEnv env{input, {}, {}};
  if (js::truthy(js::get(config, "useDotenv")))  // what osls loaded into process.env before
    vars::load_dotenv(input.dir, input.stage, input.getenv, env.preloaded);
  std::vector<std::string> files = file_names(s, env_name(input, env), input.dir, log);
  auto notice = [&](const std::string& line) {
    if (s.logging) log.notices.push_back(line);
  };
  if (files.empty()) {
    notice("DOTENV: Could not find .env file.");
    if (js::get(s.required, "file") && *js::get(s.required, "file") == true)
      throw UserError("DOTENV: Could not find .env file (custom.dotenv.required.file).", "DOTENV_PLUGIN");
  } else {
    std::string list;
    for (auto it = files.rbegin(); it != files.rend(); ++it) list += (list.empty() ? "" : ", ") + *it;
    notice("DOTENV: Loading environment variables from " + list + ":");
  }
  Pairs vars;
  for (const auto& f : files) merge(vars, load_file(fs::path(f).is_absolute() ? fs::path(f) : input.dir / f, env, s.variable_expansion));
  try {
    check_required(s, vars, env);
  } catch (const UserError& e) {  // the lines the plugin logged before it stopped come first
    std::string lines;
    for (const auto& n : log.notices) lines += n + "\n";
    throw UserError(lines + e.what(), e.code);
  }
  bool all = s.include == "*";
  if (!all && s.exclude.is_array() && !s.exclude.empty() && s.logging)
    log.warnings.push_back("DOTENV (WARNING): if \"include\" is set, \"exclude\" is ignored.");
  Json& environment = provider["environment"];
  for (const auto& [key, value] : vars) {
    if (all ? includes(s.exclude, key) : !includes(s.include, key)) continue;
    notice("\t - " + key);
    if (environment.is_object()) environment[key] = value;
  }
  return log;
}

}  // namespace sls::config
