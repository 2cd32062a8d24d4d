// Glob patterns with the micromatch semantics osls relies on (`dot: true`):
// `*` and `?` never cross '/', `**` alone in a segment spans any number of
// segments (including none, so `dir/**` also matches `dir`), `[...]` classes,
// `{a,b}` alternatives and `{1..3}` ranges, `\` escapes, a leading "./" is
// ignored. With `dot: true` wildcards also match names starting with '.'.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace sls::package {

class Glob {
 public:
  explicit Glob(std::string_view pattern);

  bool match(std::string_view path) const;
  const std::string& pattern() const { return pattern_; }

  // Set when the pattern is a plain path (no wildcard at all).
  bool is_literal() const { return literal_; }
  // Set when the pattern is "<plain path>/**": everything under that folder.
  bool is_literal_dir() const { return literal_dir_; }
  // The plain path of a literal / literal-dir pattern.
  const std::string& literal_path() const { return literal_path_; }

 private:
  using Segments = std::vector<std::string>;
  static bool match_segments(const std::vector<std::string>& pat, size_t pi,
                             const std::vector<std::string_view>& path, size_t si);

  std::string pattern_;
  std::vector<Segments> alternatives_;  // one per brace expansion
  bool literal_ = false;
  bool literal_dir_ = false;
  std::string literal_path_;
};

// Expands `{a,b}` and `{1..3}` (nested too) into every alternative, in order.
std::vector<std::string> expand_braces(std::string_view pattern);

// Matches one path segment against one pattern segment (`*`, `?`, `[...]`, `\`).
bool match_segment(std::string_view pattern, std::string_view name);

// True if `s` contains glob magic characters (what fast-glob calls dynamic).
bool has_magic(std::string_view s);

}  // namespace sls::package
