// YAML text to ordered JSON, read straight from libyaml's event stream.
// CloudFormation short-form tags (!Ref, !GetAtt A.B, !Sub, ...) become their
// long form as osls writes them; anchors, aliases and `<<` merge keys are
// applied; key order is kept; plain scalars resolve as in js-yaml.
#pragma once
#include <string>
#include <string_view>

#include "util/json.h"

namespace sls::config {

// Parses YAML text. Errors are UserErrors "<filename>:<line>:<column>: <what>"
// (1-based). Read as js-yaml reads them: invalid UTF-8 as U+FFFD,
// U+0085/U+2028/U+2029 as characters (not line breaks), and a tab separating
// tokens (`- \tx`) or on a blank line as a space; a tab indenting content is
// an error.
Json parse_yaml(std::string_view text, const std::string& filename);

}  // namespace sls::config
