#include "package/file_select.h"

#include <sys/stat.h>

#include <algorithm>
#include <set>
#include <utility>

#include "util/error.h"

namespace sls::package {
namespace fs = std::filesystem;

namespace {

void walk(const fs::path& dir, const std::string& rel, std::vector<std::pair<dev_t, ino_t>>& stack,
          std::vector<std::string>& out) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec), end;
  if (ec) return;
  for (; it != end; it.increment(ec)) {
    if (ec) break;
    const fs::path& p = it->path();
    std::string name = p.filename().string();
    std::string child_rel = rel.empty() ? name : rel + "/" + name;
    struct stat st;
    if (::stat(p.c_str(), &st) != 0) continue;  // broken symlink
    if (S_ISDIR(st.st_mode)) {
      auto key = std::make_pair(st.st_dev, st.st_ino);
      if (std::find(stack.begin(), stack.end(), key) != stack.end()) continue;  // cycle
      stack.push_back(key);
      walk(p, child_rel, stack, out);
      stack.pop_back();
    } else if (S_ISREG(st.st_mode)) {
      out.push_back(std::move(child_rel));
    }
  }
}

std::vector<std::string> unique(const std::vector<std::string>& v) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& s : v)
    if (seen.insert(s).second) out.push_back(s);
  return out;
}

}  // namespace

std::vector<std::string> list_files(const fs::path& root) {
  std::vector<std::string> out;
  std::vector<std::pair<dev_t, ino_t>> stack;
  struct stat st;
  if (::stat(root.c_str(), &st) == 0) stack.emplace_back(st.st_dev, st.st_ino);
  walk(root, "", stack, out);
  std::sort(out.begin(), out.end());
  return out;
}

bool OrderedPatterns::Group::match(std::string_view path) const {
  if (!exact.empty() && exact.count(std::string(path))) return true;
  if (!dirs.empty()) {
    std::string p(path);
    if (dirs.count(p)) return true;
    for (size_t i = p.find('/'); i != std::string::npos; i = p.find('/', i + 1))
      if (dirs.count(p.substr(0, i))) return true;
  }
  for (const auto& g : globs)
    if (g.match(path)) return true;
  return false;
}

void OrderedPatterns::add(const std::string& pattern, bool include) {
  if (groups_.empty() || groups_.back().include != include) groups_.push_back(Group{include, {}, {}, {}});
  Group& g = groups_.back();
  Glob glob(pattern);
  if (glob.is_literal()) g.exact.insert(glob.literal_path());
  else if (glob.is_literal_dir()) g.dirs.insert(glob.literal_path());
  else g.globs.push_back(std::move(glob));
}

std::optional<bool> OrderedPatterns::decide(std::string_view path) const {
  for (auto it = groups_.rbegin(); it != groups_.rend(); ++it)
    if (it->match(path)) return it->include;
  return std::nullopt;
}

std::optional<bool> OrderedPatterns::decide_pruning(std::string_view path) const {
  for (auto it = groups_.rbegin(); it != groups_.rend(); ++it) {
    if (it->match(path)) return it->include;
    if (!it->include) {
      for (size_t i = path.find('/'); i != std::string_view::npos; i = path.find('/', i + 1))
        if (it->match(path.substr(0, i))) return false;
    }
  }
  return std::nullopt;
}

std::vector<std::string> select_files(const std::vector<std::string>& all_files,
                                      const SelectPatterns& in) {
  std::vector<std::string> dev = unique(in.dev_dependency_excludes);
  std::set<std::string> dev_set(dev.begin(), dev.end());
  std::vector<std::string> excludes = unique(in.excludes);
  std::vector<std::string> includes = unique(in.includes);

  auto add_negatable = [](OrderedPatterns& op, const std::string& p, bool include_if_plain) {
    if (!p.empty() && p[0] == '!') op.add(p.substr(1), !include_if_plain);
    else op.add(p, include_if_plain);
  };

  // Phase 1: what osls's glob(['**', ...include]) returns. fast-glob turns each
  // "!x" include into an ignore of the patterns before it, pruning folders.
  OrderedPatterns globbing;
  globbing.add("**", true);
  for (const auto& p : includes) add_negatable(globbing, p, true);

  // Phase 2: micromatch over those files, excludes first, then includes, then
  // dev dependencies; the last pattern that matches wins.
  OrderedPatterns states;
  for (const auto& p : excludes)
    if (!dev_set.count(p)) add_negatable(states, p, false);
  for (const auto& p : includes) add_negatable(states, p, true);
  for (const auto& p : dev) add_negatable(states, p, false);

  std::vector<std::string> out;
  for (const auto& f : all_files) {
    if (globbing.decide_pruning(f) != true) continue;
    if (states.decide(f).value_or(true)) out.push_back(f);
  }
  if (out.empty())
    throw UserError("No file matches include / exclude patterns", "NO_MATCHED_FILES");
  return out;
}

}  // namespace sls::package
