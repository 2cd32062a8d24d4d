#include "config/var_dotenv.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

namespace sls::config::vars {
namespace {

bool is_word(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }
bool is_space(char c) { return is_blank(c) || c == '\n' || c == '\r'; }

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  std::string out;
  std::size_t last = 0;
  for (std::size_t at; (at = s.find(from, last)) != std::string::npos; last = at + from.size()) {
    out.append(s, last, at - last);
    out.append(to);
  }
  out.append(s, last, std::string::npos);
  s = std::move(out);
}

// After a value: blanks, an optional #comment, then the end of the line.
bool rest_of_line_ok(std::string_view text, std::size_t i) {
  while (i < text.size() && is_blank(text[i])) ++i;
  return i >= text.size() || text[i] == '\n' || text[i] == '#';
}

struct Match {
  std::string key, value;
  std::size_t end;  // where the next line starts
};

// One `[export] KEY=value` entry starting at line start `i`, or nullopt.
std::optional<Match> match_line(std::string_view text, std::size_t i, bool allow_export) {
  std::size_t j = i;
  while (j < text.size() && is_blank(text[j])) ++j;
  if (allow_export && text.substr(j, 6) == "export" && j + 6 < text.size() && is_space(text[j + 6])) {
    std::size_t k = j + 6;
    while (k < text.size() && is_blank(text[k])) ++k;
    if (auto m = match_line(text.substr(0, text.size()), k, false)) return m;
  }
  std::size_t key_start = j;
  while (j < text.size() && (is_word(text[j]) || text[j] == '.' || text[j] == '-')) ++j;
  if (j == key_start) return std::nullopt;
  Match m;
  m.key = std::string(text.substr(key_start, j - key_start));
  std::size_t k = j;
  while (k < text.size() && is_blank(text[k])) ++k;
  if (k < text.size() && text[k] == '=') {
    ++k;
  } else if (j < text.size() && text[j] == ':' && j + 1 < text.size() && is_blank(text[j + 1])) {
    k = j + 2;
  } else {
    return std::nullopt;
  }
  auto line_end = [&](std::size_t from) {
    auto nl = text.find('\n', from);
    return nl == std::string_view::npos ? text.size() : nl + 1;
  };
  // Quoted value (may span lines), when followed by only a comment.
  std::size_t q = k;
  while (q < text.size() && is_blank(text[q])) ++q;
  if (q < text.size() && (text[q] == '\'' || text[q] == '"' || text[q] == '`')) {
    char quote = text[q];
    std::size_t p = q + 1;
    while (p < text.size() && text[p] != quote) p += (text[p] == '\\' && p + 1 < text.size() && text[p + 1] == quote) ? 2 : 1;
    if (p < text.size() && rest_of_line_ok(text, p + 1)) {
      m.value = std::string(text.substr(q, p + 1 - q));
      m.end = line_end(p + 1);
      return m;
    }
  }
  std::size_t v = k;
  while (v < text.size() && text[v] != '#' && text[v] != '\n' && text[v] != '\r') ++v;
  m.value = std::string(text.substr(k, v - k));
  m.end = line_end(v);
  return m;
}

std::string finish_value(std::string value) {
  value = trim(value);
  char first = value.empty() ? '\0' : value[0];
  if (value.size() >= 2 && (first == '\'' || first == '"' || first == '`') && value.back() == first)
    value = value.substr(1, value.size() - 2);
  if (first == '"') {
    replace_all(value, "\\n", "\n");
    replace_all(value, "\\r", "\r");
  }
  return value;
}

// dotenv-expand's expansion of ${VAR}, ${VAR:-default}, ${VAR-default},
// ${VAR:+alt}, ${VAR+alt} and $VAR (not after a backslash).
std::string expand_value(std::string result, const std::function<std::string(const std::string&)>& env,
                         const std::map<std::string, std::string>& running) {
  std::set<std::string> seen;
  for (int guard = 0; guard < 10000; ++guard) {
    // Find the first unescaped ${...} (no braces inside) or $NAME.
    std::size_t at = std::string::npos, len = 0;
    std::string expression;
    for (std::size_t i = 0; i < result.size(); ++i) {
      if (result[i] != '$' || (i > 0 && result[i - 1] == '\\')) continue;
      if (i + 1 < result.size() && result[i + 1] == '{') {
        std::size_t close = result.find_first_of("{}", i + 2);
        if (close != std::string::npos && result[close] == '}' && close > i + 2) {
          at = i;
          len = close + 1 - i;
          expression = result.substr(i + 2, close - i - 2);
          break;
        }
      }
      if (i + 1 < result.size() && (std::isalpha(static_cast<unsigned char>(result[i + 1])) || result[i + 1] == '_')) {
        std::size_t e = i + 1;
        while (e < result.size() && (std::isalnum(static_cast<unsigned char>(result[e])) || result[e] == '_')) ++e;
        at = i;
        len = e - i;
        expression = result.substr(i + 1, e - i - 1);
        break;
      }
    }
    if (at == std::string::npos) break;
    seen.insert(result);
    std::string splitter;
    std::size_t op = std::string::npos;
    for (std::size_t i = 0; i < expression.size(); ++i) {
      if (expression.compare(i, 2, ":+") == 0 || expression.compare(i, 2, ":-") == 0) {
        op = i;
        splitter = expression.substr(i, 2);
        break;
      }
      if (expression[i] == '+' || expression[i] == '-') {
        op = i;
        splitter = expression.substr(i, 1);
        break;
      }
    }
    std::string key = op == std::string::npos ? expression : expression.substr(0, op);
    std::string rest = op == std::string::npos ? "" : expression.substr(op + splitter.size());
    std::string replacement;
    std::string current = env(key);
    if (splitter == ":+" || splitter == "+") {
      replacement = current.empty() ? "" : rest;
    } else if (!current.empty()) {
      replacement = seen.count(current) ? rest : current;
    } else {
      replacement = rest;
    }
    result.replace(at, len, replacement);
    auto r = running.find(key);
    if (r != running.end() && result == r->second) break;
  }
  return result;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> parse_dotenv(std::string_view input) {
  std::string text(input);
  replace_all(text, "\r\n", "\n");
  replace_all(text, "\r", "\n");
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t i = 0;
  while (i < text.size()) {
    auto m = match_line(text, i, true);
    if (!m) {
      auto nl = text.find('\n', i);
      i = nl == std::string::npos ? text.size() : nl + 1;
      continue;
    }
    std::string value = finish_value(m->value);
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& kv) { return kv.first == m->key; });
    if (it != out.end()) it->second = value;
    else out.emplace_back(m->key, value);
    i = std::max(m->end, i + 1);
  }
  return out;
}

bool load_dotenv(const std::filesystem::path& dir, const std::string& stage, const EnvLookup& getenv,
                 std::map<std::string, std::string>& overlay) {
  std::ifstream in(dir / (".env." + stage), std::ios::binary);
  if (!in) in.open(dir / ".env", std::ios::binary);
  if (!in) return false;
  std::ostringstream text;
  text << in.rdbuf();
  auto parsed = parse_dotenv(text.str());

  // process.env as the dotenv packages see it: the overlay, then the real environment.
  auto current = [&](const std::string& key) -> std::optional<std::string> {
    if (auto it = overlay.find(key); it != overlay.end()) return it->second;
    return getenv ? getenv(key) : std::nullopt;
  };
  for (const auto& [key, value] : parsed)  // dotenv: do not override defined variables
    if (!current(key)) overlay[key] = value;
  std::map<std::string, std::string> running;
  for (auto& [key, value] : parsed) {
    std::string now = current(key).value_or("");
    if (!now.empty() && now != value) {
      value = now;
    } else {
      value = expand_value(value,
                           [&](const std::string& name) {
                             if (auto v = current(name)) return *v;
                             auto r = running.find(name);
                             return r == running.end() ? std::string() : r->second;
                           },
                           running);
    }
    replace_all(value, "\\$", "$");
    running[key] = value;
  }
  for (const auto& [key, value] : parsed) overlay[key] = value;
  return true;
}

}  // namespace sls::config::vars
