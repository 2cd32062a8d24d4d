#include "aws/api/shared_config.h"

#include <cctype>
#include <fstream>
#include <sstream>

namespace sls::aws::api {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string expand_home(const std::string& path, const EnvLookup& env) {
  return path.starts_with("~/") ? home_dir(env) + path.substr(1) : path;
}

}  // namespace

IniFile parse_ini(std::string_view text) {
  IniFile out;
  IniSection* current = nullptr;
  bool in_subsection = false;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(pos, end - pos);
    pos = end + 1;
    std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    if (line.front() == '[') {
      auto close = line.find(']');
      std::string name(trim(line.substr(1, close == std::string_view::npos ? line.size() - 1 : close - 1)));
      current = &out[name];
      in_subsection = false;
      continue;
    }
    bool indented = std::isspace(static_cast<unsigned char>(raw.front()));
    if (!current || (indented && in_subsection)) continue;
    auto eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    std::string key(trim(line.substr(0, eq)));
    std::string_view value = trim(line.substr(eq + 1));
    // Inline comments need whitespace before them: "value ; comment".
    for (const char* marker : {" #", " ;", "\t#", "\t;"}) {
      if (auto c = value.find(marker); c != std::string_view::npos) value = trim(value.substr(0, c));
    }
    in_subsection = value.empty();
    if (!in_subsection) (*current)[key] = std::string(value);
  }
  return out;
}

const IniSection* SharedConfig::profile(const std::string& name) const {
  auto it = profiles.find(name);
  return it == profiles.end() ? nullptr : &it->second;
}

std::string home_dir(const EnvLookup& env) {
  if (auto h = env("HOME")) return *h;
  if (auto h = env("USERPROFILE")) return *h;
  return ".";
}

std::string credentials_file_path(const EnvLookup& env) {
  return expand_home(env("AWS_SHARED_CREDENTIALS_FILE").value_or(home_dir(env) + "/.aws/credentials"), env);
}

std::string config_file_path(const EnvLookup& env) {
  return expand_home(env("AWS_CONFIG_FILE").value_or(home_dir(env) + "/.aws/config"), env);
}

SharedConfig load_shared_config(const EnvLookup& env) {
  SharedConfig out;
  if (auto text = read_file(config_file_path(env))) {
    for (auto& [section, values] : parse_ini(*text)) {
      std::string name = section;
      if (name.starts_with("profile ") || name.starts_with("profile\t")) {
        name = std::string(trim(std::string_view(name).substr(8)));
      } else if (name.starts_with("sso-session ")) {
        out.sso_sessions[std::string(trim(std::string_view(name).substr(12)))] = values;
        continue;
      } else if (name != "default") {
        continue;  // the config file names profiles "[profile x]"
      }
      if (name.size() >= 2 && (name.front() == '"' || name.front() == '\'') && name.back() == name.front()) {
        name = name.substr(1, name.size() - 2);
      }
      for (auto& [k, v] : values) out.profiles[name][k] = v;
    }
  }
  if (auto text = read_file(credentials_file_path(env))) {
    for (auto& [section, values] : parse_ini(*text)) {
      for (auto& [k, v] : values) out.profiles[section][k] = v;
    }
  }
  return out;
}

std::optional<std::string> profile_value(const IniSection& profile, const std::string& key) {
  auto it = profile.find(key);
  if (it == profile.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

}  // namespace sls::aws::api
