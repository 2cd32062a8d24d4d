#include "config/schema_checks.h"

#include <cctype>
#include <cmath>
#include <cstdlib>

#include "config/patterns.h"
#include "config/yaml_scalar.h"

namespace sls::config::schema {
namespace {

// JavaScript's Number(text) for the spellings ajv's coercion accepts
// (decimal, exponent, 0x/0o/0b); nullopt when it would be NaN or empty.
std::optional<double> js_number_from_string(const std::string& text) {
  size_t b = text.find_first_not_of(" \t\n\r");
  if (b == std::string::npos) return std::nullopt;
  size_t e = text.find_last_not_of(" \t\n\r");
  std::string s = text.substr(b, e - b + 1);
  if (patterns::is_decimal_number(s)) return std::strtod(s.c_str(), nullptr);
  if (patterns::is_prefixed_integer(s)) {
    int base = (s[1] == 'x' || s[1] == 'X') ? 16 : (s[1] == 'o' || s[1] == 'O') ? 8 : 2;
    return static_cast<double>(std::strtoull(s.c_str() + 2, nullptr, base));
  }
  return std::nullopt;
}

Json number_json(double v) {
  if (v == std::trunc(v) && std::fabs(v) < 9.2e18) return static_cast<long long>(v);
  return v;
}

// ajv "array" coercion: a one-item list stands for its item where a scalar is expected.
void unwrap_single(Json& value) {
  if (value.is_array() && value.size() == 1 && !value[0].is_array() && !value[0].is_object()) {
    Json item = value[0];
    value = item;
  }
}

}  // namespace

std::string Path::str() const {
  std::string key = is_index_ ? std::to_string(index_) : std::string(key_);
  if (!parent_) return key;
  std::string parent = parent_->str();
  return parent.empty() ? key : parent + "." + key;
}

std::string describe(const Json& value) {
  if (value.is_object()) return "an object";
  if (value.is_array()) return "a list";
  if (value.is_null()) return "null";
  std::string s = value.dump();
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

bool is_cf_intrinsic(const Json& value) {
  if (!value.is_object() || value.size() != 1) return false;
  const std::string& key = value.begin().key();
  return key == "Ref" || key == "Condition" || key.rfind("Fn::", 0) == 0;
}

void Checker::add(const Path& path, std::string message) {
  issues_.push_back({path.str(), std::move(message)});
}

bool Checker::number(Json& value, const Path& path) {
  unwrap_single(value);
  if (value.is_string()) {
    if (auto n = js_number_from_string(value.get_ref<const std::string&>())) value = number_json(*n);
  } else if (value.is_boolean()) {
    value = value.get<bool>() ? 1 : 0;
  }
  if (!value.is_number()) {
    add(path, "must be number, got " + describe(value));
    return false;
  }
  return true;
}

bool Checker::integer(Json& value, const Path& path, std::optional<long long> min,
                      std::optional<long long> max) {
  if (!value.is_number_integer()) {  // coerce like ajv; an integer needs nothing
    Json original = value;
    unwrap_single(value);
    if (value.is_string()) {
      auto n = js_number_from_string(value.get_ref<const std::string&>());
      if (n && *n == std::trunc(*n)) value = number_json(*n);
    } else if (value.is_boolean()) {
      value = value.get<bool>() ? 1 : 0;
    }
    if (value.is_number_float() && value.get<double>() == std::trunc(value.get<double>())) {
      value = number_json(value.get<double>());
    }
    if (!value.is_number_integer()) {
      value = std::move(original);
      add(path, "must be integer, got " + describe(value));
      return false;
    }
  }
  long long v = value.is_number_unsigned() ? static_cast<long long>(value.get<unsigned long long>())
                                           : value.get<long long>();
  if (min && v < *min) {
    add(path, "must be >= " + std::to_string(*min) + ", got " + std::to_string(v));
    return false;
  }
  if (max && v > *max) {
    add(path, "must be <= " + std::to_string(*max) + ", got " + std::to_string(v));
    return false;
  }
  return true;
}

bool Checker::integer_or_cf(Json& value, const Path& path, long long min) {
  if (value.is_object()) return true;  // osls accepts any object here (its Fn::Base64 branch)
  return integer(value, path, min);
}

bool Checker::string(Json& value, const Path& path) {
  unwrap_single(value);
  if (value.is_number() || value.is_boolean()) value = js_key_string(value);
  if (!value.is_string()) {
    add(path, "must be string, got " + describe(value));
    return false;
  }
  return true;
}

bool Checker::string(Json& value, const Path& path, size_t min_length, size_t max_length) {
  if (!string(value, path)) return false;
  size_t length = 0;  // code points
  for (char ch : value.get_ref<const std::string&>())
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++length;
  if (length > max_length) {
    add(path, "must NOT have more than " + std::to_string(max_length) + " characters");
    return false;
  }
  if (length < min_length) {
    add(path, "must NOT have fewer than " + std::to_string(min_length) + " characters");
    return false;
  }
  return true;
}

Json* present(Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

bool one_of_ignoring_case(const Json& v, std::initializer_list<std::string_view> allowed) {
  if (!v.is_string()) return false;
  const std::string& s = v.get_ref<const std::string&>();
  for (std::string_view a : allowed) {
    if (a.size() != s.size()) continue;
    bool same = true;
    for (size_t i = 0; i < a.size() && same; ++i)
      same = std::tolower(static_cast<unsigned char>(s[i])) == static_cast<unsigned char>(a[i]);
    if (same) return true;
  }
  return false;
}

void coerce_boolean_string(Json& value) {
  if (value.is_string() && (value == "true" || value == "false")) value = (value == "true");
}

bool Checker::boolean(Json& value, const Path& path) {
  unwrap_single(value);
  coerce_boolean_string(value);
  if (value.is_number_integer()) {
    if (value == 1) value = true;
    else if (value == 0) value = false;
  }
  if (!value.is_boolean()) {
    add(path, "must be boolean (true or false), got " + describe(value));
    return false;
  }
  return true;
}

bool Checker::object(const Json& value, const Path& path) {
  if (!value.is_object()) {
    add(path, "must be an object (a mapping of keys to values), got " + describe(value));
    return false;
  }
  return true;
}

bool Checker::list(Json& value, const Path& path) {
  if (value.is_array()) return true;
  if (value.is_object()) {
    add(path, "must be a list (array), got an object (start each item with \"- \")");
    return false;
  }
  value = Json::array({value});  // ajv wraps a single scalar into a list
  return true;
}

bool Checker::one_of(Json& value, const Path& path,
                     const std::vector<std::string_view>& allowed) {
  unwrap_single(value);
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    for (auto a : allowed)
      if (s == a) return true;
  }
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  add(path, "must be one of [" + list + "], got " + describe(value));
  return false;
}

bool Checker::pattern(const Json& value, const Path& path,
                      bool (*matches)(std::string_view), std::string_view what) {
  if (value.is_string() && matches(value.get_ref<const std::string&>())) return true;
  add(path, std::string(what) + ", got " + describe(value));
  return false;
}

void Checker::known_properties(const Json& object, const Path& path,
                               const std::vector<std::string_view>& allowed) {
  if (!object.is_object()) return;
  for (const auto& [key, value] : object.items()) {
    if (value.is_null()) continue;  // osls drops null properties before validating
    bool known = false;
    for (auto a : allowed) known = known || key == a;
    if (!known) add(path, "unrecognized property '" + key + "'");
  }
}

void Checker::required(const Json& object, const Path& path, std::string_view key) {
  if (!object.is_object()) return;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    add(path, "must have required property '" + std::string(key) + "'");
  }
}

void Checker::environment(Json& value, const Path& path) {
  if (!object(value, path)) return;
  for (auto& [key, v] : value.items()) {
    if (v.is_null()) continue;
    if (!patterns::is_env_var_name(key)) {
      add(path, "unrecognized property '" + key +
                    "' (environment variable names must match ^[A-Za-z_][a-zA-Z0-9_]*$)");
      continue;
    }
    // A string, or any object (CloudFormation intrinsics such as Ref / Fn::GetAtt).
    if (v.is_object()) continue;
    unwrap_single(v);
    if (v.is_number() || v.is_boolean()) v = js_key_string(v);
    if (!v.is_string()) {
      add(join(path, key), "must be a string or a CloudFormation intrinsic function (e.g. Ref, "
                           "Fn::GetAtt, Fn::Sub), got " + describe(v));
    }
  }
}

void Checker::tags(Json& value, const Path& path) {
  if (!object(value, path)) return;
  for (auto& [key, v] : value.items()) {
    if (v.is_null()) continue;
    if (key.rfind("aws:", 0) == 0 || !patterns::is_tag_key(key)) {
      add(path, "unrecognized property '" + key +
                    "' (tag keys are 1-128 letters, digits, spaces or _ . : / = + - and must not "
                    "start with \"aws:\")");
      continue;
    }
    if (!string(v, join(path, key))) continue;
    if (v.get_ref<const std::string&>().size() > 256) {
      add(join(path, key), "must NOT have more than 256 characters");
    }
  }
}

}  // namespace sls::config::schema
