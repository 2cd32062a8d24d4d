// The parsed form of a string holding variables (osls's "variables meta"):
// which variables it holds, where, with which sources, params and addresses.
// The resolver fills in values and errors as it goes, so these are shared,
// mutable nodes (a resolved param or address is seen by every holder).
#pragma once
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "util/json.h"

namespace sls::config::vars {

// An error met while parsing or resolving variables. Identity matters: one
// error shared by several properties is reported once.
struct VarError {
  std::string message;
  std::string code;
  bool is_user_error = true;  // false: a source failed in an unexpected way
};
using VarErrorPtr = std::shared_ptr<VarError>;

// Thrown by the parser and the sources; carries the error node.
struct VarFailure {
  VarErrorPtr error;
};
[[noreturn]] inline void fail(std::string message, std::string code, bool is_user_error = true) {
  throw VarFailure{std::make_shared<VarError>(
      VarError{std::move(message), std::move(code), is_user_error})};
}

struct ValueMeta;
using ValueMetaPtr = std::shared_ptr<ValueMeta>;

// One source of a variable: `type(params):address`, or a literal fallback.
struct VarSource {
  std::optional<std::string> type;                 // absent for a literal
  Json literal;                                    // value of a literal source
  std::optional<std::vector<ValueMetaPtr>> params;  // present when written with (...)
  ValueMetaPtr address;                            // null when there is none
};

struct Variable {
  // Byte range in the host string; absent when the variable is the whole string.
  std::optional<std::size_t> start, end;
  // Sources still to try; absent once resolved (or for an escape sequence).
  std::optional<std::vector<VarSource>> sources;
  Json value;  // the resolved value
  VarErrorPtr error;
};
using VariablePtr = std::shared_ptr<Variable>;
using VariableList = std::vector<VariablePtr>;

// A string value (a property, a param or an address) and its variables.
struct ValueMeta {
  Json value;                                // null when empty
  std::optional<VariableList> variables;     // absent once resolved
  std::optional<std::vector<std::string>> source_values;  // pieces of a concatenation
  VarErrorPtr error;
};

}  // namespace sls::config::vars
