#include "package/glob.h"

#include <cstdlib>

namespace sls::package {
namespace {

// Index of the '}' closing the '{' at `open`, or npos; records top-level commas.
size_t find_brace_close(std::string_view s, size_t open, std::vector<size_t>& commas) {
  int depth = 0;
  for (size_t i = open; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    if (c == '{') {
      ++depth;
    } else if (c == '}') {
      if (--depth == 0) return i;
    } else if (c == ',' && depth == 1) {
      commas.push_back(i);
    }
  }
  return std::string_view::npos;
}

bool parse_int(std::string_view s, long& out) {
  if (s.empty()) return false;
  size_t i = (s[0] == '-') ? 1 : 0;
  if (i == s.size()) return false;
  for (size_t j = i; j < s.size(); ++j)
    if (s[j] < '0' || s[j] > '9') return false;
  out = std::strtol(std::string(s).c_str(), nullptr, 10);
  return true;
}

// Rewrites the extglobs `@(a|b)` and `?(a|b)` into brace alternatives.
std::string rewrite_extglobs(std::string_view p) {
  std::string out;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      out += c;
      out += p[++i];
      continue;
    }
    if ((c == '@' || c == '?') && i + 1 < p.size() && p[i + 1] == '(') {
      size_t close = p.find(')', i + 2);
      if (close != std::string_view::npos) {
        std::string body(p.substr(i + 2, close - i - 2));
        for (char& b : body)
          if (b == '|') b = ',';
        if (c == '?') out += "{," + body + "}";
        else if (body.find(',') != std::string::npos) out += "{" + body + "}";
        else out += body;
        i = close;
        continue;
      }
    }
    out += c;
  }
  return out;
}

bool match_class(std::string_view pat, size_t& pi, char c) {
  // pat[pi] == '['; on success pi points past ']'. Returns whether c matched.
  size_t i = pi + 1;
  bool negate = false;
  if (i < pat.size() && (pat[i] == '!' || pat[i] == '^')) {
    negate = true;
    ++i;
  }
  bool matched = false;
  bool first = true;
  unsigned char uc = static_cast<unsigned char>(c);
  while (i < pat.size() && (first || pat[i] != ']')) {
    first = false;
    if (pat[i] == '[' && i + 1 < pat.size() && pat[i + 1] == ':') {
      size_t end = pat.find(":]", i + 2);
      if (end != std::string_view::npos) {
        std::string_view name = pat.substr(i + 2, end - i - 2);
        bool m = false;
        if (name == "alpha") m = std::isalpha(uc);
        else if (name == "digit") m = std::isdigit(uc);
        else if (name == "alnum") m = std::isalnum(uc);
        else if (name == "upper") m = std::isupper(uc);
        else if (name == "lower") m = std::islower(uc);
        else if (name == "space") m = std::isspace(uc);
        else if (name == "punct") m = std::ispunct(uc);
        else if (name == "xdigit") m = std::isxdigit(uc);
        else if (name == "word") m = std::isalnum(uc) || c == '_';
        matched |= m;
        i = end + 2;
        continue;
      }
    }
    char lo = pat[i];
    if (lo == '\\' && i + 1 < pat.size()) lo = pat[++i];
    char hi = lo;
    if (i + 2 < pat.size() && pat[i + 1] == '-' && pat[i + 2] != ']') {
      hi = pat[i + 2];
      if (hi == '\\' && i + 3 < pat.size()) hi = pat[++i + 2];
      i += 2;
    }
    if (c >= lo && c <= hi) matched = true;
    ++i;
  }
  if (i >= pat.size()) return false;  // unterminated: treated as no match
  pi = i + 1;
  return matched != negate;
}

}  // namespace

bool has_magic(std::string_view s) {
  return s.find_first_of("*?[]{}()\\") != std::string_view::npos;
}

std::vector<std::string> expand_braces(std::string_view p) {
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\') {
      ++i;
      continue;
    }
    if (p[i] != '{') continue;
    std::vector<size_t> commas;
    size_t close = find_brace_close(p, i, commas);
    if (close == std::string_view::npos) return {std::string(p)};
    std::string_view prefix = p.substr(0, i), suffix = p.substr(close + 1);
    std::string_view body = p.substr(i + 1, close - i - 1);
    std::vector<std::string> parts;
    if (commas.empty()) {
      size_t dots = body.find("..");
      long a = 0, b = 0;
      if (dots != std::string_view::npos && parse_int(body.substr(0, dots), a) &&
          parse_int(body.substr(dots + 2), b)) {
        long step = a <= b ? 1 : -1;
        for (long v = a;; v += step) {
          parts.push_back(std::to_string(v));
          if (v == b) break;
        }
      } else if (dots != std::string_view::npos && dots == 1 && body.size() == 4) {
        char x = body[0], y = body[3];
        char step = x <= y ? 1 : -1;
        for (char v = x;; v += step) {
          parts.emplace_back(1, v);
          if (v == y) break;
        }
      } else {
        // "{a}" is not an alternative: keep it literally, expand what follows.
        std::vector<std::string> out;
        for (auto& rest : expand_braces(suffix))
          for (auto& head : expand_braces(prefix))
            out.push_back(head + "\\{" + std::string(body) + "\\}" + rest);
        return out;
      }
    } else {
      size_t start = i + 1;
      for (size_t c : commas) {
        parts.emplace_back(p.substr(start, c - start));
        start = c + 1;
      }
      parts.emplace_back(p.substr(start, close - start));
    }
    std::vector<std::string> out;
    for (auto& part : parts)
      for (auto& e : expand_braces(std::string(prefix) + part + std::string(suffix)))
        out.push_back(std::move(e));
    return out;
  }
  return {std::string(p)};
}

bool match_segment(std::string_view pat, std::string_view name) {
  size_t pi = 0, ni = 0;
  size_t star_p = std::string_view::npos, star_n = 0;
  while (ni < name.size()) {
    if (pi < pat.size()) {
      char c = pat[pi];
      if (c == '*') {
        while (pi < pat.size() && pat[pi] == '*') ++pi;
        star_p = pi;
        star_n = ni;
        continue;
      }
      if (c == '?') {
        ++pi;
        ++ni;
        continue;
      }
      if (c == '[') {
        size_t p2 = pi;
        if (match_class(pat, p2, name[ni])) {
          pi = p2;
          ++ni;
          continue;
        }
        if (p2 == pi && pat.find(']', pi + 1) == std::string_view::npos) {
          // An unterminated '[' is a literal character.
          if (name[ni] == '[') {
            ++pi;
            ++ni;
            continue;
          }
        }
      } else {
        if (c == '\\' && pi + 1 < pat.size()) c = pat[pi + 1];
        if (c == name[ni]) {
          pi += pat[pi] == '\\' && pi + 1 < pat.size() ? 2 : 1;
          ++ni;
          continue;
        }
      }
    }
    if (star_p == std::string_view::npos) return false;
    pi = star_p;
    ni = ++star_n;
  }
  while (pi < pat.size() && pat[pi] == '*') ++pi;
  return pi == pat.size();
}

Glob::Glob(std::string_view pattern) : pattern_(pattern) {
  std::string_view p = pattern;
  while (p.size() >= 2 && p[0] == '.' && p[1] == '/') p.remove_prefix(2);
  for (const std::string& alt : expand_braces(rewrite_extglobs(p))) {
    Segments segs;
    size_t start = 0;
    for (size_t i = 0; i <= alt.size(); ++i) {
      if (i == alt.size() || alt[i] == '/') {
        std::string seg = alt.substr(start, i - start);
        // Repeated "**" segments are one; "a**b" acts like "a*b".
        if (seg == "**" && !segs.empty() && segs.back() == "**") {
        } else if (seg.empty() && i != alt.size() && !segs.empty()) {
          // "a//b" == "a/b"
        } else {
          segs.push_back(std::move(seg));
        }
        start = i + 1;
      }
    }
    alternatives_.push_back(std::move(segs));
  }
  if (alternatives_.size() == 1 && !has_magic(p)) {
    literal_ = true;
    literal_path_ = std::string(p);
  } else if (alternatives_.size() == 1 && p.size() > 3 && p.substr(p.size() - 3) == "/**" &&
             !has_magic(p.substr(0, p.size() - 3))) {
    literal_dir_ = true;
    literal_path_ = std::string(p.substr(0, p.size() - 3));
  }
}

bool Glob::match_segments(const std::vector<std::string>& pat, size_t pi,
                          const std::vector<std::string_view>& path, size_t si) {
  while (pi < pat.size()) {
    const std::string& seg = pat[pi];
    if (seg == "**") {
      if (pi + 1 == pat.size()) return true;  // spans the rest (even nothing)
      for (size_t k = si; k <= path.size(); ++k)
        if (match_segments(pat, pi + 1, path, k)) return true;
      return false;
    }
    if (si >= path.size() || !match_segment(seg, path[si])) return false;
    ++pi;
    ++si;
  }
  return si == path.size();
}

bool Glob::match(std::string_view path) const {
  if (literal_) return path == literal_path_;
  if (literal_dir_) {
    return path == literal_path_ ||
           (path.size() > literal_path_.size() && path[literal_path_.size()] == '/' &&
            path.substr(0, literal_path_.size()) == literal_path_);
  }
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '/') {
      parts.push_back(path.substr(start, i - start));
      start = i + 1;
    }
  }
  for (const auto& alt : alternatives_)
    if (match_segments(alt, 0, parts, 0)) return true;
  return false;
}

}  // namespace sls::package
