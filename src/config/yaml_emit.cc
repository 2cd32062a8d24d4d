#include "config/yaml_emit.h"

#include <regex>
#include <vector>

namespace sls::config {

namespace {

constexpr int kLineWidth = 80;

bool is_printable(unsigned char c) { return c >= 0x20 && c != 0x7f; }

// Plain scalars that a YAML reader would take for null, a bool, a number or a
// timestamp (js-yaml's default schema plus YAML 1.1 yes/no/on/off), so they
// must be quoted to stay strings.
bool looks_implicit(const std::string& s) {
  static const std::regex kImplicit(
      "^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE"
      "|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF"
      "|[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|0o[0-7_]+|[0-9][0-9_]*)"
      "|[-+]?(?:[0-9][0-9_]*)(?:\\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?"
      "|[-+]?\\.[0-9_]+(?:[eE][-+]?[0-9]+)?"
      "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)"
      "|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:(?:[Tt]|[ \\t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\\.[0-9]*)?(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)?"
      ")$");
  // js-yaml's int type rejects a bare "_"-only tail like "1_000"? It accepts
  // digits with underscores only in some forms; mirror what dump shows.
  if (s.find('_') != std::string::npos) return false;
  return std::regex_match(s, kImplicit);
}

bool plain_safe_first(unsigned char c) {
  if (!is_printable(c) || c == ' ' || c == '\t') return false;
  switch (c) {
    case '-': case '?': case ':': case ',': case '[': case ']': case '{': case '}':
    case '#': case '&': case '*': case '!': case '|': case '=': case '>': case '\'':
    case '"': case '%': case '@': case '`':
      return false;
    default:
      return true;
  }
}

bool can_be_plain(const std::string& s) {
  if (s.empty() || looks_implicit(s)) return false;
  if (!plain_safe_first(static_cast<unsigned char>(s[0]))) return false;
  if (s.back() == ' ' || s.back() == '\t') return false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80 && !is_printable(c) ) return false;
    if (c == '#' && i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t')) return false;
    if (c == ':' && (i + 1 == s.size() || s[i + 1] == ' ' || s[i + 1] == '\t')) return false;
  }
  return true;
}

bool needs_double_quotes(const std::string& s) {
  for (unsigned char c : s)
    if (c < 0x80 && !is_printable(c) && c != '\n') return true;
  return false;
}

std::string double_quoted(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case 0: out += "\\0"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02X", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string single_quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += (c == '\'') ? std::string("''") : std::string(1, c);
  return out + "'";
}

// UTF-16 units (JavaScript's string length) before each byte offset of `s`.
std::vector<size_t> js_offsets(std::string_view s) {
  std::vector<size_t> at(s.size() + 1);
  size_t units = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    at[i] = units;
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) units += c >= 0xF0 ? 2 : 1;
  }
  at[s.size()] = units;
  return at;
}

// js-yaml's foldLine: break a long line at single spaces (a space not followed
// by another) into lines of at most `width` UTF-16 units where possible.
std::string fold_line(const std::string& line, int width) {
  if (line.empty() || line[0] == ' ') return line;
  const std::vector<size_t> js = js_offsets(line);
  const auto w = static_cast<size_t>(width);
  std::string result;
  size_t start = 0, curr = 0;
  for (size_t next = 0; next + 1 < line.size(); ++next) {
    if (!(line[next] == ' ' && line[next + 1] != ' ')) continue;
    if (js[next] - js[start] > w) {
      size_t end = curr > start ? curr : next;
      result += "\n" + line.substr(start, end - start);
      start = end + 1;
    }
    curr = next;
  }
  result += "\n";
  if (js[line.size()] - js[start] > w && curr > start)
    result += line.substr(start, curr - start) + "\n" + line.substr(curr + 1);
  else
    result += line.substr(start);
  return result.substr(1);
}

// js-yaml's foldString: fold every content line; k newlines between two
// not-more-indented content lines become k+1 (folding reads them back as k).
std::string fold_string(const std::string& s, int width) {
  size_t end = s.find('\n');
  if (end == std::string::npos) end = s.size();
  std::string result = fold_line(s.substr(0, end), width);
  bool prev_more_indented = !s.empty() && (s[0] == '\n' || s[0] == ' ');
  for (size_t i = end; i < s.size();) {
    size_t line_start = s.find_first_not_of('\n', i);
    if (line_start == std::string::npos) line_start = s.size();
    size_t line_end = s.find('\n', line_start);
    if (line_end == std::string::npos) line_end = s.size();
    const std::string line = s.substr(line_start, line_end - line_start);
    const bool more_indented = !line.empty() && line[0] == ' ';
    result.append(s, i, line_start - i);
    if (!prev_more_indented && !more_indented && !line.empty()) result += '\n';
    result += fold_line(line, width);
    prev_more_indented = more_indented;
    i = line_end;
  }
  return result;
}

// The length JavaScript gives s[from, to) (UTF-16 units).
size_t js_length(std::string_view s, size_t from, size_t to) {
  size_t n = 0;
  for (size_t i = from; i < to; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) n += c >= 0xF0 ? 2 : 1;
  }
  return n;
}

// js-yaml's indentString: `indent` spaces before every line that is not empty.
std::string indent_string(const std::string& text, int indent) {
  const std::string pad(static_cast<size_t>(indent), ' ');
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    size_t end = nl == std::string::npos ? text.size() : nl + 1;
    if (end - start > 0 && !(end - start == 1 && text[start] == '\n')) out += pad;
    out.append(text, start, end - start);
    start = end;
  }
  return out;
}

std::string drop_ending_newline(std::string s) {
  if (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

// js-yaml's blockHeader: an indentation indicator when the text starts (after
// any newlines) with a space, then the chomping indicator, then the newline.
std::string block_header(const std::string& s) {
  std::string h;
  size_t first = s.find_first_not_of('\n');
  if (first != std::string::npos && s[first] == ' ') h += "2";
  const bool clip = !s.empty() && s.back() == '\n';
  const bool keep = clip && (s == "\n" || (s.size() >= 2 && s[s.size() - 2] == '\n'));
  h += keep ? "+" : (clip ? "" : "-");
  return h + "\n";
}

// A string scalar at the given nesting indent (the indent its block lines get).
std::string scalar_string(const std::string& s, int indent, bool is_key) {
  int width = std::max(40, kLineWidth - indent);
  bool multi = s.find('\n') != std::string::npos;
  bool foldable = false;
  {
    size_t line_start = 0;
    for (size_t i = 0; i <= s.size(); ++i) {
      if (i == s.size() || s[i] == '\n') {
        // js-yaml: a line longer than the width that is not more-indented,
        // whether or not it has a space to break at.
        if (static_cast<int>(js_length(s, line_start, i)) > width && (line_start >= s.size() || s[line_start] != ' '))
          foldable = true;
        line_start = i + 1;
      }
    }
  }
  if (is_key || (!multi && !foldable)) {
    if (needs_double_quotes(s) || (is_key && multi)) return double_quoted(s);
    if (can_be_plain(s)) return s;
    return single_quoted(s);
  }
  if (needs_double_quotes(s)) return double_quoted(s);
  if (foldable) return ">" + block_header(s) + drop_ending_newline(indent_string(fold_string(s, width), indent));
  return "|" + block_header(s) + drop_ending_newline(indent_string(s, indent));
}

std::string scalar(const Json& v, int indent) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number()) return v.dump();
  return scalar_string(v.get<std::string>(), indent, false);
}

bool is_empty_collection(const Json& v) { return (v.is_object() || v.is_array()) && v.empty(); }

void emit(const Json& v, int indent, std::string& out);

void emit_mapping(const Json& v, int indent, std::string& out, bool first_inline) {
  std::string pad(indent, ' ');
  bool first = true;
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (!(first && first_inline)) out += pad;
    first = false;
    out += scalar_string(it.key(), indent, true) + ":";
    const Json& child = it.value();
    if (child.is_object() && !child.empty()) {
      out += "\n";
      emit_mapping(child, indent + 2, out, false);
    } else if (child.is_array() && !child.empty()) {
      out += "\n";
      emit(child, indent + 2, out);
    } else {
      out += " " + (is_empty_collection(child) ? (child.is_object() ? "{}" : "[]") : scalar(child, indent + 2)) + "\n";
    }
  }
}

void emit_sequence(const Json& v, int indent, std::string& out) {
  std::string pad(indent, ' ');
  for (const auto& item : v) {
    out += pad + "-";
    if (item.is_object() && !item.empty()) {
      out += " ";
      emit_mapping(item, indent + 2, out, true);
    } else if (item.is_array() && !item.empty()) {
      out += " ";
      std::string inner;
      emit_sequence(item, indent + 2, inner);
      out += inner.substr(indent + 2);
    } else {
      out += " " + (is_empty_collection(item) ? (item.is_object() ? "{}" : "[]") : scalar(item, indent + 2)) + "\n";
    }
  }
}

void emit(const Json& v, int indent, std::string& out) {
  if (v.is_object() && !v.empty()) emit_mapping(v, indent, out, false);
  else if (v.is_array() && !v.empty()) emit_sequence(v, indent, out);
  else out += std::string(indent, ' ') + (is_empty_collection(v) ? (v.is_object() ? "{}" : "[]") : scalar(v, indent)) + "\n";
}

}  // namespace

std::string dump_yaml(const Json& value) {
  std::string out;
  emit(value, 0, out);
  return out;
}

}  // namespace sls::config
