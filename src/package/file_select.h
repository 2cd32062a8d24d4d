// Which files go into an artifact, decided the way osls decides it:
// every file under the root (dot files included, symlinks followed) is a
// candidate; `package.patterns` entries are applied after the default
// excludes, in order, the last matching pattern wins ("!x" excludes), and
// dev-dependency excludes come last of all.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "package/glob.h"

namespace sls::package {

// Every regular file under `root`, as '/'-separated paths relative to it,
// sorted bytewise. Symlinks are followed (cycles skipped), broken ones dropped.
std::vector<std::string> list_files(const std::filesystem::path& root);

// An ordered list of patterns, each including or excluding; the last one that
// matches a path decides. Runs of patterns with the same polarity are grouped,
// and plain paths / "dir/**" patterns are looked up in hash sets, so long
// lists (one entry per dev dependency) stay fast.
class OrderedPatterns {
 public:
  void add(const std::string& pattern, bool include);
  // true: included, false: excluded, nullopt: no pattern matches.
  std::optional<bool> decide(std::string_view path) const;
  // Like decide(), but an excluding pattern that matches a parent folder of
  // `path` excludes it too (fast-glob's ignore option prunes whole folders).
  std::optional<bool> decide_pruning(std::string_view path) const;

 private:
  struct Group {
    bool include = true;
    std::unordered_set<std::string> exact;  // plain paths
    std::unordered_set<std::string> dirs;   // "<dir>/**"
    std::vector<Glob> globs;
    bool match(std::string_view path) const;
  };
  std::vector<Group> groups_;
};

struct SelectPatterns {
  std::vector<std::string> excludes;                 // defaults, config file, layers, ...
  std::vector<std::string> includes;                 // package.patterns (service then function)
  std::vector<std::string> dev_dependency_excludes;  // applied last
};

// osls's resolveFilePathsFromPatterns over an already listed tree. Throws
// UserError("No file matches include / exclude patterns") when nothing is left.
std::vector<std::string> select_files(const std::vector<std::string>& all_files,
                                      const SelectPatterns& patterns);

}  // namespace sls::package
