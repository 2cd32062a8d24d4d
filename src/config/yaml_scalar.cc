#include "config/yaml_scalar.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>

namespace sls::config {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

// A JavaScript number as osls's JSON round trip leaves it: integral values
// become integers (JSON.stringify(10.0) is "10"), non-finite ones null.
Json js_number(double v) {
  if (!std::isfinite(v)) return nullptr;
  if (v == std::trunc(v)) {
    if (std::fabs(v) < 9.2e18) return static_cast<std::int64_t>(v);  // also turns -0 into 0
    if (v > 0 && v < 1.8e19) return static_cast<std::uint64_t>(v);
  }
  return v;
}

// js-yaml's int: [-+]? then 0, 0b[01]+, 0x[0-9a-fA-F]+, 0o[0-7]+ or [0-9]+.
// Decimal digits may have leading zeros and are still base 10 ("012" is 12).
std::optional<Json> resolve_int(std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  int base = 10;
  if (s.size() >= 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'x' || s[1] == 'o')) {
    base = s[1] == 'b' ? 2 : s[1] == 'x' ? 16 : 8;
    s.remove_prefix(2);
    if (s.empty()) return std::nullopt;
  }
  for (char c : s) {
    bool ok = base == 2 ? (c == '0' || c == '1')
              : base == 8 ? (c >= '0' && c <= '7')
              : base == 16 ? is_hex(c)
                           : is_digit(c);
    if (!ok) return std::nullopt;
  }
  double value = 0;
  if (base == 10) {
    // parseInt rounds to the nearest double; too many digits is Infinity (a string then).
    if (std::from_chars(s.data(), s.data() + s.size(), value).ec != std::errc()) {
      return std::nullopt;
    }
    std::int64_t exact = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), exact);
    if (ec == std::errc() && ptr == s.data() + s.size()) {
      constexpr std::int64_t kSafe = (std::int64_t{1} << 53);  // JavaScript's exact integer range
      if (exact <= kSafe) return negative ? -exact : exact;
    }
  } else {
    for (char c : s) value = value * base + hex_value(c);
  }
  if (!std::isfinite(value)) return std::nullopt;
  return js_number(negative ? -value : value);
}

// js-yaml's float: [-+]?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)? | \.[0-9]+([eE][-+]?[0-9]+)?
// | [-+]?\.(inf|Inf|INF) | \.(nan|NaN|NAN); finite ones must not overflow.
std::optional<Json> resolve_float(std::string_view s) {
  std::string_view body = s;
  bool negative = false;
  bool had_sign = false;
  if (!body.empty() && (body[0] == '-' || body[0] == '+')) {
    negative = body[0] == '-';
    had_sign = true;
    body.remove_prefix(1);
  }
  if (body == ".inf" || body == ".Inf" || body == ".INF") return nullptr;  // Infinity -> JSON null
  if (!had_sign && (body == ".nan" || body == ".NaN" || body == ".NAN")) return nullptr;

  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < body.size() && is_digit(body[i])) ++i;
    return i - start;
  };
  if (i < body.size() && body[i] == '.') {
    if (had_sign) return std::nullopt;  // "+.5" / "-.5" stay strings in js-yaml
    ++i;
    if (digits() == 0) return std::nullopt;
  } else {
    if (digits() == 0) return std::nullopt;
    if (i < body.size() && body[i] == '.') {
      ++i;
      digits();
    }
  }
  if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
    ++i;
    if (i < body.size() && (body[i] == '-' || body[i] == '+')) ++i;
    if (digits() == 0) return std::nullopt;
  }
  if (i != body.size()) return std::nullopt;

  double value = 0;
  auto result = std::from_chars(body.data(), body.data() + body.size(), value);
  if (result.ec == std::errc::result_out_of_range) {
    // Overflow stays a string in js-yaml (parseFloat gives Infinity); underflow is 0.
    size_t e = body.find_first_of("eE");
    if (e == std::string_view::npos || e + 1 >= body.size() || body[e + 1] != '-') {
      return std::nullopt;
    }
    value = 0;
  }
  return js_number(negative ? -value : value);
}

}  // namespace

Json resolve_plain_scalar(std::string_view text) {
  if (text.empty()) return nullptr;
  switch (text[0]) {  // the only first characters of a null, bool or number
    case '~': case 'n': case 'N': case 't': case 'T': case 'f': case 'F':
    case '+': case '-': case '.':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      break;
    default:
      return std::string(text);
  }
  if (text == "~" || text == "null" || text == "Null" || text == "NULL") return nullptr;
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  if (auto v = resolve_int(text)) return *v;
  if (auto v = resolve_float(text)) return *v;
  return std::string(text);
}

std::string js_key_string(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "null";
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  return value.dump();
}

}  // namespace sls::config
