#include "config/var_js.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace sls::config::vars {
namespace {

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// Length of a (non-ASCII) Unicode white space sequence starting at `pos`, or 0.
std::size_t unicode_space_at(std::string_view s, std::size_t pos) {
  static constexpr std::string_view kSpaces[] = {
      "\xC2\xA0",      // no-break space
      "\xEF\xBB\xBF",  // byte order mark
      "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE3\x80\x80", "\xE2\x80\xAF", "\xE2\x81\x9F",
      "\xE1\x9A\x80"};
  for (auto sp : kSpaces)
    if (s.substr(pos, sp.size()) == sp) return sp.size();
  // U+2000..U+200A
  if (pos + 2 < s.size() && s[pos] == '\xE2' && s[pos + 1] == '\x80' &&
      static_cast<unsigned char>(s[pos + 2]) >= 0x80 &&
      static_cast<unsigned char>(s[pos + 2]) <= 0x8A)
    return 3;
  return 0;
}

bool all_of(std::string_view s, bool (*pred)(char)) {
  if (s.empty()) return false;
  for (char c : s)
    if (!pred(c)) return false;
  return true;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::optional<double> parse_radix(std::string_view digits, int radix) {
  if (digits.empty()) return std::nullopt;
  double result = 0;
  for (char c : digits) {
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'z') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'Z') d = c - 'A' + 10;
    else return std::nullopt;
    if (d >= radix) return std::nullopt;
    result = result * radix + d;
  }
  return result;
}

// StrDecimalLiteral: [+-] (digits [. digits] | . digits) [e [+-] digits]
bool is_decimal_literal(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t int_digits = 0, frac_digits = 0;
  while (i < s.size() && is_digit(s[i])) ++i, ++int_digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i, ++frac_digits;
  }
  if (int_digits + frac_digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exp_digits = 0;
    while (i < s.size() && is_digit(s[i])) ++i, ++exp_digits;
    if (!exp_digits) return false;
  }
  return i == s.size();
}

}  // namespace

std::string js_trim(std::string_view text) {
  std::size_t begin = 0, end = text.size();
  while (begin < end) {
    if (is_ascii_space(text[begin])) { ++begin; continue; }
    std::size_t n = unicode_space_at(text, begin);
    if (!n) break;
    begin += n;
  }
  while (end > begin) {
    if (is_ascii_space(text[end - 1])) { --end; continue; }
    bool trimmed = false;
    for (std::size_t n : {2u, 3u}) {
      if (end - begin >= n && unicode_space_at(text, end - n) == n) {
        end -= n;
        trimmed = true;
        break;
      }
    }
    if (!trimmed) break;
  }
  return std::string(text.substr(begin, end - begin));
}

std::optional<double> js_string_to_number(std::string_view text) {
  std::string s = js_trim(text);
  if (s.empty()) return 0.0;
  if (s == "Infinity" || s == "+Infinity") return HUGE_VAL;
  if (s == "-Infinity") return -HUGE_VAL;
  if (s.size() > 2 && s[0] == '0') {
    char p = s[1];
    if (p == 'x' || p == 'X') return parse_radix(std::string_view(s).substr(2), 16);
    if (p == 'o' || p == 'O') return parse_radix(std::string_view(s).substr(2), 8);
    if (p == 'b' || p == 'B') return parse_radix(std::string_view(s).substr(2), 2);
  }
  if (!is_decimal_literal(s)) return std::nullopt;
  return std::strtod(s.c_str(), nullptr);
}

Json js_number_json(double value) {
  if (std::isfinite(value) && value == std::trunc(value) && std::fabs(value) < 9007199254740992.0) {
    if (value == 0 && std::signbit(value)) return Json(0);
    return Json(static_cast<std::int64_t>(value));
  }
  return Json(value);
}

std::string js_number_to_string(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value == 0) return "0";
  char buf[64];
  double magnitude = std::fabs(value);
  if (magnitude >= 1e21 || magnitude < 1e-6) {
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
    std::string out(buf, end);
    // to_chars writes "1e+21" / "1e-07"; JS writes "1e+21" / "1e-7".
    auto e = out.find('e');
    std::string mantissa = out.substr(0, e);
    char sign = out[e + 1];
    std::string exp = out.substr(e + 2);
    while (exp.size() > 1 && exp[0] == '0') exp.erase(0, 1);
    return mantissa + 'e' + sign + exp;
  }
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
  return std::string(buf, end);
}

std::optional<std::string> js_coerce_string(const Json& value) {
  switch (value.type()) {
    case Json::value_t::string: return value.get<std::string>();
    case Json::value_t::boolean: return value.get<bool>() ? "true" : "false";
    case Json::value_t::number_integer: return std::to_string(value.get<std::int64_t>());
    case Json::value_t::number_unsigned: return std::to_string(value.get<std::uint64_t>());
    case Json::value_t::number_float: return js_number_to_string(value.get<double>());
    case Json::value_t::array: {
      std::string out;
      bool first = true;
      for (const auto& item : value) {
        if (!first) out += ',';
        first = false;
        if (item.is_null()) continue;
        if (item.is_object()) { out += "[object Object]"; continue; }
        out += js_coerce_string(item).value_or("");
      }
      return out;
    }
    default: return std::nullopt;
  }
}

namespace {

std::optional<std::size_t> array_index(const std::string& key) {
  if (key.empty() || (key.size() > 1 && key[0] == '0') || key.size() > 10) return std::nullopt;
  if (!all_of(key, is_digit)) return std::nullopt;
  return std::stoull(key);
}

// The UTF-16 code units of `text`, each re-encoded as its own UTF-8 string.
std::optional<std::string> utf16_unit_at(const std::string& text, std::size_t wanted,
                                         std::size_t* length) {
  std::size_t unit = 0;
  std::optional<std::string> found;
  for (std::size_t i = 0; i < text.size();) {
    unsigned char c = text[i];
    std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (n == 4) {
      if (unit == wanted || unit + 1 == wanted) found = "\xEF\xBF\xBD";  // lone surrogate
      unit += 2;
    } else {
      if (unit == wanted) found = text.substr(i, n);
      unit += 1;
    }
    i += n;
  }
  *length = unit;
  return found;
}

}  // namespace

std::optional<Json> js_own_property(const Json& value, const std::string& key) {
  if (value.is_object()) {
    auto it = value.find(key);
    if (it == value.end()) return std::nullopt;
    return *it;
  }
  if (value.is_array()) {
    if (key == "length") return Json(value.size());
    auto index = array_index(key);
    if (!index || *index >= value.size()) return std::nullopt;
    return value[*index];
  }
  if (value.is_string()) {
    std::size_t length = 0;
    auto index = array_index(key);
    auto unit = utf16_unit_at(value.get_ref<const std::string&>(), index ? *index : SIZE_MAX,
                              &length);
    if (key == "length") return Json(length);
    if (!unit) return std::nullopt;
    return Json(*unit);
  }
  return std::nullopt;
}

std::size_t js_index(std::string_view text, std::size_t byte_index) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < text.size() && i < byte_index;) {
    unsigned char c = text[i];
    std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    units += n == 4 ? 2 : 1;
    i += n;
  }
  return units;
}

}  // namespace sls::config::vars
