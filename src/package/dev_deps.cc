#include "package/dev_deps.h"

#include <deque>
#include <fstream>
#include <optional>
#include <set>

#include "util/json.h"
#include "util/json_file.h"

namespace sls::package {
namespace fs = std::filesystem;

namespace {

std::vector<std::string> keys_of(const Json& pkg, std::initializer_list<const char*> fields) {
  std::vector<std::string> out;
  if (!pkg.is_object()) return out;
  for (const char* f : fields) {
    auto it = pkg.find(f);
    if (it == pkg.end() || !it->is_object()) continue;
    for (auto& [k, v] : it->items()) out.push_back(k);
  }
  return out;
}

// Where node finds `name` required from the package in `from`: its own
// node_modules, then those of the packages (and the project) enclosing it.
std::optional<fs::path> resolve(const fs::path& project, const fs::path& from, const std::string& name) {
  std::string s = from.string();
  const std::string root = project.string();
  for (;;) {
    fs::path candidate = fs::path(s) / "node_modules" / name;
    std::error_code ec;
    if (fs::is_directory(candidate, ec)) return candidate;
    if (s.size() <= root.size()) break;
    size_t cut = s.rfind("/node_modules/");
    if (cut == std::string::npos || cut < root.size()) {
      s = root;
    } else {
      s = s.substr(0, cut);
    }
  }
  return std::nullopt;
}

std::set<fs::path> reach(const fs::path& project, const std::vector<std::string>& roots) {
  std::set<fs::path> seen;
  std::deque<fs::path> queue;
  for (const auto& name : roots)
    if (auto p = resolve(project, project, name); p && seen.insert(*p).second) queue.push_back(*p);
  while (!queue.empty()) {
    fs::path pkg = queue.front();
    queue.pop_front();
    Json manifest = read_json_file(pkg / "package.json");
    for (const auto& name : keys_of(manifest, {"dependencies", "optionalDependencies", "peerDependencies"}))
      if (auto p = resolve(project, pkg, name); p && seen.insert(*p).second) queue.push_back(*p);
  }
  return seen;
}

void find_projects(const fs::path& dir, const std::string& rel, std::vector<fs::path>& out, int depth) {
  if (depth > 64) return;
  std::error_code ec;
  if (fs::is_regular_file(dir / "package.json", ec) && rel.find("node_modules") == std::string::npos)
    out.push_back(dir);
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name == "node_modules") continue;
    std::error_code ec2;
    if (!fs::is_directory(it->path(), ec2)) continue;
    find_projects(it->path(), rel.empty() ? name : rel + "/" + name, out, depth + 1);
  }
}

}  // namespace

std::vector<fs::path> dev_only_packages(const fs::path& project) {
  Json manifest = read_json_file(project / "package.json");
  auto prod_roots = keys_of(manifest, {"dependencies", "optionalDependencies", "peerDependencies"});
  auto all_roots = prod_roots;
  for (auto& d : keys_of(manifest, {"devDependencies"})) all_roots.push_back(d);
  std::set<fs::path> prod = reach(project, prod_roots);
  std::set<fs::path> all = reach(project, all_roots);
  std::vector<fs::path> out;
  for (const auto& p : all)
    if (!prod.count(p)) out.push_back(p);
  return out;
}

std::vector<std::string> dev_dependency_excludes(const fs::path& service_dir) {
  std::vector<fs::path> projects;
  find_projects(service_dir, "", projects, 0);
  std::set<fs::path> dev;
  for (const auto& project : projects)
    for (auto& p : dev_only_packages(project)) dev.insert(p);
  std::vector<std::string> globs;
  const std::string prefix = service_dir.string() + "/";
  for (const auto& pkg : dev) {
    std::string item = pkg.string();
    if (item.rfind(prefix, 0) == 0) item = item.substr(prefix.size());
    if (item.find("node_modules/") == std::string::npos) continue;
    Json manifest = read_json_file(service_dir / item / "package.json");
    if (manifest.is_null()) continue;
    size_t last = item.rfind('/') + 1;
    std::string module_name = item.substr(last), module_path = item.substr(0, last);
    globs.push_back(item + "/**");
    auto bin = manifest.find("bin");
    if (bin != manifest.end() && bin->is_object()) {
      for (auto& [exe, v] : bin->items()) globs.push_back(module_path + ".bin/" + exe);
    } else if (bin != manifest.end() && bin->is_string()) {
      globs.push_back(module_path + ".bin/" + module_name);
    }
  }
  return globs;
}

}  // namespace sls::package
