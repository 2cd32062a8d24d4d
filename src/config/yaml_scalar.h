// Plain-scalar resolution with the rules osls gets from js-yaml 4 (default
// schema minus implicit timestamps): null, bool, int and float spellings.
#pragma once
#include <string>
#include <string_view>

#include "util/json.h"

namespace sls::config {

// The value of an untagged plain scalar: null for "", "~", "null", "Null",
// "NULL"; true/false for "true", "True", "TRUE" (and the false spellings);
// integers in decimal (leading zeros allowed: "012" is 12), 0x hex, 0o octal and
// 0b binary with an optional sign; floats such as "1.5", ".5", "1.", "1e3",
// ".inf", "-.Inf", ".nan". Anything else (yes, on, 1_000, 2020-01-01) is a string.
// Numbers are stored the way osls's JSON round trip leaves them: integral values
// as integers, infinities and NaN as null. Text whose first character cannot
// start a null, bool or number is returned as a string without further checks.
Json resolve_plain_scalar(std::string_view text);

// The string JavaScript would use as an object key for `value` (String(v)).
std::string js_key_string(const Json& value);

}  // namespace sls::config
