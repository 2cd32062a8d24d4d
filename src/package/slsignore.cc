#include "package/slsignore.h"

#include <fstream>
#include <sstream>

namespace sls::package {

IgnoreRules IgnoreRules::parse(std::string_view text) {
  IgnoreRules out;
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    // Trailing spaces go unless escaped with a backslash.
    while (!line.empty() && line.back() == ' ' && !(line.size() >= 2 && line[line.size() - 2] == '\\'))
      line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    bool negate = false;
    if (line[0] == '!') {
      negate = true;
      line.erase(0, 1);
    } else if (line[0] == '\\' && line.size() > 1 && (line[1] == '#' || line[1] == '!')) {
      line.erase(0, 1);
    }
    bool dir_only = false;
    if (!line.empty() && line.back() == '/') {
      dir_only = true;
      line.pop_back();
    }
    if (line.empty()) continue;
    bool anchored = line.find('/') != std::string::npos;
    if (line[0] == '/') line.erase(0, 1);
    std::string pattern = anchored ? line : "**/" + line;
    out.rules_.push_back(Rule{Glob(pattern), negate, dir_only});
  }
  return out;
}

IgnoreRules IgnoreRules::load(const std::filesystem::path& service_dir) {
  std::ifstream in(service_dir / ".slsignore", std::ios::binary);
  if (!in) return IgnoreRules{};
  std::stringstream ss;
  ss << in.rdbuf();
  return parse(ss.str());
}

int IgnoreRules::decide(std::string_view path, bool is_dir) const {
  for (auto it = rules_.rbegin(); it != rules_.rend(); ++it) {
    if (it->dir_only && !is_dir) continue;
    if (it->glob.match(path)) return it->negate ? 0 : 1;
  }
  return -1;
}

bool IgnoreRules::ignored(std::string_view path) const {
  if (rules_.empty()) return false;
  for (size_t i = path.find('/'); i != std::string_view::npos; i = path.find('/', i + 1))
    if (decide(path.substr(0, i), true) == 1) return true;
  return decide(path, false) == 1;
}

}  // namespace sls::package
