#include "config/patterns.h"

#include <array>

namespace sls::config::patterns {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_letter(c) || is_digit(c); }
bool is_word(char c) { return is_alnum(c) || c == '_'; }  // \w
// What \s is for char in the "C" locale; \S is every other byte (NUL and
// bytes >= 0x80 included).
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}
bool is_hex_digit(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

template <typename Pred>
bool all_of(std::string_view s, Pred pred) {
  for (char c : s)
    if (!pred(c)) return false;
  return true;
}

bool no_space(std::string_view s) { return all_of(s, [](char c) { return !is_space(c); }); }

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ignoring_case(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != lower[i]) return false;
  return true;
}

// GET|POST|PUT|PATCH|OPTIONS|HEAD|DELETE|ANY, ignoring case.
bool is_method_name(std::string_view s) {
  static constexpr std::array<std::string_view, 8> kMethods = {
      "get", "post", "put", "patch", "options", "head", "delete", "any"};
  for (auto m : kMethods)
    if (equals_ignoring_case(s, m)) return true;
  return false;
}

bool is_rate_unit(std::string_view s) { return s == "minute" || s == "hour" || s == "day"; }

// "1 minute|hour|day", or a number without leading zero other than 1 and a plural unit.
bool is_rate(std::string_view inner) {
  size_t space = inner.find(' ');
  if (space == std::string_view::npos) return false;
  std::string_view number = inner.substr(0, space);
  std::string_view unit = inner.substr(space + 1);
  if (number.empty() || !all_of(number, is_digit)) return false;
  if (number == "1") return is_rate_unit(unit);
  if (number[0] == '0') return false;
  return unit.size() > 1 && unit.back() == 's' && is_rate_unit(unit.substr(0, unit.size() - 1));
}

// Six non-empty fields without whitespace, separated by single spaces.
bool is_cron(std::string_view inner) {
  int fields = 0;
  size_t from = 0;
  for (;;) {
    size_t space = inner.find(' ', from);
    std::string_view field = inner.substr(from, space == std::string_view::npos ? inner.npos : space - from);
    if (field.empty() || !no_space(field)) return false;
    ++fields;
    if (space == std::string_view::npos) break;
    from = space + 1;
  }
  return fields == 6;
}

// The text between "<name>(" and a final ")", if `s` has that shape.
bool call_argument(std::string_view s, std::string_view name, std::string_view& inner) {
  if (s.size() < name.size() + 2 || s.substr(0, name.size()) != name || s[name.size()] != '(' ||
      s.back() != ')')
    return false;
  inner = s.substr(name.size() + 1, s.size() - name.size() - 2);
  return true;
}

// ^[A-Za-z]<rest>*$ with at least `min_size` characters.
template <typename Pred>
bool letter_then(std::string_view s, size_t min_size, Pred rest) {
  return s.size() >= min_size && !s.empty() && is_letter(s[0]) && all_of(s.substr(1), rest);
}

bool is_alnum_or_dash(char c) { return is_alnum(c) || c == '-'; }
bool is_word_or_dash(char c) { return is_word(c) || c == '-'; }

}  // namespace

bool is_stage_name(std::string_view s) { return !s.empty() && all_of(s, is_alnum_or_dash); }

bool is_api_gateway_stage_name(std::string_view s) {
  return !s.empty() && all_of(s, is_word_or_dash);
}

bool is_stack_name(std::string_view s) { return letter_then(s, 1, is_alnum_or_dash); }

bool is_service_name(std::string_view s) { return letter_then(s, 2, is_alnum_or_dash); }

bool is_function_name(std::string_view s) { return !s.empty() && all_of(s, is_word_or_dash); }

bool is_http_method(std::string_view s) { return s == "*" || is_method_name(s); }

bool is_http_method_and_path(std::string_view s) {
  if (s == "*") return true;
  size_t space = s.find(' ');
  if (space == std::string_view::npos || !is_method_name(s.substr(0, space))) return false;
  std::string_view path = s.substr(space + 1);
  return !path.empty() && path[0] == '/' && no_space(path);
}

bool is_http_path(std::string_view s) { return no_space(s); }

bool is_schedule_expression(std::string_view s) {
  std::string_view inner;
  if (call_argument(s, "rate", inner)) return is_rate(inner);
  if (call_argument(s, "cron", inner)) return is_cron(inner);
  return false;
}

bool is_decimal_number(std::string_view s) {
  size_t i = 0, n = s.size();
  auto digits = [&] {
    size_t from = i;
    while (i < n && is_digit(s[i])) ++i;
    return i > from;
  };
  if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
  if (digits()) {
    if (i < n && s[i] == '.') {
      ++i;
      digits();
    }
  } else if (i < n && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  } else {
    return false;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == n;
}

bool is_prefixed_integer(std::string_view s) {
  if (s.size() < 3 || s[0] != '0') return false;
  std::string_view digits = s.substr(2);
  switch (s[1]) {
    case 'x':
    case 'X':
      return all_of(digits, is_hex_digit);
    case 'o':
    case 'O':
      return all_of(digits, [](char c) { return c >= '0' && c <= '7'; });
    case 'b':
    case 'B':
      return all_of(digits, [](char c) { return c == '0' || c == '1'; });
    default:
      return false;
  }
}

bool is_env_var_name(std::string_view s) {
  return !s.empty() && (is_letter(s[0]) || s[0] == '_') && all_of(s.substr(1), is_word);
}

bool is_tag_key(std::string_view s) {
  static constexpr std::string_view kPunctuation = "./=+:-_ ";
  return !s.empty() && s.size() <= 128 && all_of(s, [](char c) {
           return is_word(c) || kPunctuation.find(c) != std::string_view::npos;
         });
}

bool is_logical_resource_id(std::string_view s) {
  if (!s.empty() && s.back() == '*') s.remove_suffix(1);
  static constexpr std::string_view kPunctuation = "#-_./";
  return !s.empty() && all_of(s, [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           kPunctuation.find(c) != std::string_view::npos;
  });
}

bool is_iam_role_name(std::string_view s) {
  static constexpr std::string_view kPunctuation = "/_+=,.@-";
  return !s.empty() && s.size() <= 64 && all_of(s, [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  kPunctuation.find(c) != std::string_view::npos;
         });
}

bool is_kms_arn(std::string_view s) {
  if (s.substr(0, 7) != "arn:aws") return false;
  size_t i = 7;
  while (i < s.size() && ((s[i] >= 'a' && s[i] <= 'z') || s[i] == '-')) ++i;
  return s.substr(i, 4) == ":kms";
}

bool is_uri(std::string_view s) {
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  auto alnum = [&](char c) { return alpha(c) || (c >= '0' && c <= '9'); };
  size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0 || !alpha(s[0])) return false;
  for (char c : s.substr(0, colon))
    if (!alnum(c) && c != '+' && c != '-' && c != '.') return false;
  static constexpr std::string_view kAllowed = "-._~!$&'()*+,;=:@/?#[]%";
  for (char c : s.substr(colon + 1))
    if (!alnum(c) && kAllowed.find(c) == std::string_view::npos) return false;
  return true;
}

bool is_s3_bucket_name(std::string_view s) {
  auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  // Not four dot-separated groups of 1-3 digits.
  size_t groups = 0;
  bool ipv4 = true;
  for (size_t start = 0; ipv4;) {
    size_t dot = s.find('.', start);
    std::string_view g = s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    ipv4 = !g.empty() && g.size() <= 3 && all_of(g, [](char c) { return c >= '0' && c <= '9'; });
    ++groups;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (ipv4 && groups == 4) return false;
  // Labels of [a-z0-9-] that start and end with [a-z0-9].
  if (s.empty()) return false;
  for (size_t start = 0;;) {
    size_t dot = s.find('.', start);
    std::string_view label = s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || !lower_or_digit(label.front()) || !lower_or_digit(label.back())) return false;
    if (!all_of(label, [&](char c) { return lower_or_digit(c) || c == '-'; })) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

}  // namespace sls::config::patterns
