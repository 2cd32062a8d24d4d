// Building blocks for validating the service configuration the way osls's JSON
// schema (ajv with coerceTypes: "array") does: each check reports a readable
// issue at a property path and, like ajv, coerces values in place where the
// schema allows it ("256" -> 256 for integers, 3000 -> "3000" for strings,
// a single value -> [value] for lists).
#pragma once
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/validate.h"
#include "util/json.h"

namespace sls::config::schema {

// Where a value sits in the configuration ("functions.hello.events.0.http"):
// a chain of keys and indexes, spelled out only when an issue is reported
// (most checks pass, and building every path as a string would cost more than
// the checks). A Path points at its parent and at the keys it is given, so it
// must not outlive them; a temporary parent is refused at compile time.
class Path {
 public:
  Path(const char* root) : key_(root) {}  // a literal such as "provider" or ""
  Path(const Path& parent, std::string_view key) : parent_(&parent), key_(key) {}
  Path(const Path& parent, size_t index) : parent_(&parent), index_(index), is_index_(true) {}
  Path(const Path&& parent, std::string_view key) = delete;
  Path(const Path&& parent, size_t index) = delete;

  // "functions" + "hello" -> "functions.hello"; "" + "service" -> "service".
  std::string str() const;

 private:
  const Path* parent_ = nullptr;
  std::string_view key_;
  size_t index_ = 0;
  bool is_index_ = false;
};

inline Path join(const Path& path, std::string_view key) { return Path(path, key); }
inline Path join(const Path& path, size_t index) { return Path(path, index); }
Path join(const Path&& path, std::string_view key) = delete;
Path join(const Path&& path, size_t index) = delete;

// A short description of a value for messages: "abc" (quoted), 12, true,
// an object, a list.
std::string describe(const Json& value);

// True for a one-key object whose key is Ref, Condition or Fn::*.
bool is_cf_intrinsic(const Json& value);

// The value at `key` of `object`, or nullptr when absent or null (osls ignores
// null properties when validating).
Json* present(Json& object, std::string_view key);

// A string equal to one of `allowed` (given in lower case), ignoring case.
bool one_of_ignoring_case(const Json& v, std::initializer_list<std::string_view> allowed);

// ajv's coercion into a boolean (branch): the strings "true" and "false" become booleans.
void coerce_boolean_string(Json& value);

class Checker {
 public:
  explicit Checker(std::vector<ValidationIssue>& issues) : issues_(issues) {}

  void add(const Path& path, std::string message);

  // Each returns false (after adding an issue) when `value` does not fit.
  bool integer(Json& value, const Path& path, std::optional<long long> min = std::nullopt,
               std::optional<long long> max = std::nullopt);
  bool number(Json& value, const Path& path);
  bool string(Json& value, const Path& path);
  // A string of min_length..max_length characters (as ajv counts them).
  bool string(Json& value, const Path& path, size_t min_length, size_t max_length);
  bool boolean(Json& value, const Path& path);
  bool object(const Json& value, const Path& path);
  bool list(Json& value, const Path& path);  // wraps a single scalar into a list
  bool one_of(Json& value, const Path& path, const std::vector<std::string_view>& allowed);
  // A string that `matches` accepts (one of the predicates of config/patterns.h).
  bool pattern(const Json& value, const Path& path, bool (*matches)(std::string_view),
               std::string_view what);
  // Integer fields that may also be given as a CloudFormation intrinsic.
  bool integer_or_cf(Json& value, const Path& path, long long min);

  // Unknown keys of `object` (unless `allowed` contains them).
  void known_properties(const Json& object, const Path& path,
                        const std::vector<std::string_view>& allowed);
  void required(const Json& object, const Path& path, std::string_view key);

  // provider.environment / functions.*.environment: names and string values.
  void environment(Json& value, const Path& path);
  // tags / stackTags: string values of at most 256 characters.
  void tags(Json& value, const Path& path);

 private:
  std::vector<ValidationIssue>& issues_;
};

}  // namespace sls::config::schema
