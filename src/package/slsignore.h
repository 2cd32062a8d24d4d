// .slsignore at the service root: gitignore syntax, and every file it
// ignores is left out of every artifact (an sls addition; osls has none).
// Supported: blank lines, `#` comments (`\#` for a literal #), trailing
// spaces trimmed unless escaped, `!` negation (`\!` for a literal !), a
// trailing `/` for folders only, patterns with a '/' before their end
// anchored at the root (a leading '/' anchors too), others matching at any
// depth, `*`, `?`, `[...]`, `**`. As in git, a file inside an ignored folder
// stays ignored even if a later `!` pattern names the file.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "package/glob.h"

namespace sls::package {

class IgnoreRules {
 public:
  static IgnoreRules parse(std::string_view text);
  // Reads <dir>/.slsignore; no rules when it does not exist.
  static IgnoreRules load(const std::filesystem::path& service_dir);

  // `path` is a file path relative to the root, '/'-separated.
  bool ignored(std::string_view path) const;
  bool empty() const { return rules_.empty(); }

 private:
  struct Rule {
    Glob glob;
    bool negate;
    bool dir_only;
  };
  // Last matching rule for one path: 1 ignored, 0 re-included, -1 none.
  int decide(std::string_view path, bool is_dir) const;
  std::vector<Rule> rules_;
};

}  // namespace sls::package
