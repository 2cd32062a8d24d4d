// Building blocks for validating the service configuration the way osls's JSON
// schema (ajv with coerceTypes: "array") does: each check reports a readable
// issue at a property path and, like ajv, coerces values in place where the
// schema allows it ("256" -> 256 for integers, 3000 -> "3000" for strings,
// a single value -> [value] for lists).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/validate.h"
#include "util/json.h"

namespace sls::config::schema {

// "functions" + "hello" -> "functions.hello"; "" + "service" -> "service".
std::string join(const std::string& path, const std::string& key);
std::string join(const std::string& path, size_t index);

// A short description of a value for messages: "abc" (quoted), 12, true,
// an object, a list.
std::string describe(const Json& value);

// True for a one-key object whose key is Ref, Condition or Fn::*.
bool is_cf_intrinsic(const Json& value);

class Checker {
 public:
  explicit Checker(std::vector<ValidationIssue>& issues) : issues_(issues) {}

  void add(const std::string& path, std::string message);

  // Each returns false (after adding an issue) when `value` does not fit.
  bool integer(Json& value, const std::string& path, std::optional<long long> min = std::nullopt,
               std::optional<long long> max = std::nullopt);
  bool number(Json& value, const std::string& path);
  bool string(Json& value, const std::string& path);
  bool boolean(Json& value, const std::string& path);
  bool object(const Json& value, const std::string& path);
  bool list(Json& value, const std::string& path);  // wraps a single scalar into a list
  bool one_of(Json& value, const std::string& path, const std::vector<std::string_view>& allowed);
  // A string that `matches` accepts (one of the predicates of config/patterns.h).
  bool pattern(const Json& value, const std::string& path, bool (*matches)(std::string_view),
               const std::string& what);
  // Integer fields that may also be given as a CloudFormation intrinsic.
  bool integer_or_cf(Json& value, const std::string& path, long long min);

  // Unknown keys of `object` (unless `allowed` contains them).
  void known_properties(const Json& object, const std::string& path,
                        const std::vector<std::string_view>& allowed);
  void required(const Json& object, const std::string& path, std::string_view key);

  // provider.environment / functions.*.environment: names and string values.
  void environment(Json& value, const std::string& path);
  // tags / stackTags: string values of at most 256 characters.
  void tags(Json& value, const std::string& path);

 private:
  std::vector<ValidationIssue>& issues_;
};

}  // namespace sls::config::schema
