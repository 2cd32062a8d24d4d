// Parser of osls's variable syntax: `${type(params):address, fallback, ...}`,
// escapes (`\${...}`), literals ('a', "b", 5, true, null) and nesting in
// params and addresses. Strings like `${AWS::Region}` are left alone.
#pragma once
#include <optional>
#include <string_view>

#include "config/var_meta.h"

namespace sls::config::vars {

// The variables in `value`, or nullopt when it has none. Throws VarFailure
// with osls's syntax error texts ("Invalid variable type at index 2 in ...").
std::optional<VariableList> parse_variables(std::string_view value);

}  // namespace sls::config::vars
