// Errors that reach the user. A UserError is bad input or a failed step the
// user can fix: it is printed without a stack trace and the process exits 1.
#pragma once
#include <stdexcept>
#include <string>

namespace sls {

struct UserError : std::runtime_error {
  explicit UserError(const std::string& message, std::string code = "")
      : std::runtime_error(message), code(std::move(code)) {}
  std::string code;  // optional machine-readable code, e.g. "INVALID_CONFIG"
};

}  // namespace sls
