// JavaScript value semantics that osls's variable resolution relies on:
// Number("..."), String(value), own-property access on strings and arrays,
// and UTF-16 string indexes (used in error messages).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "util/json.h"

namespace sls::config::vars {

// Number(text) as JS computes it; nullopt when the result is NaN.
std::optional<double> js_string_to_number(std::string_view text);

// A double as Json: integral values become integers (so they print as "5").
Json js_number_json(double value);

// String(number) as JS writes it ("5", "1.5", "1e+21").
std::string js_number_to_string(double value);

// `"" + value` for values osls accepts as strings (string, number, boolean,
// array joined with ","); nullopt for null and plain objects.
std::optional<std::string> js_coerce_string(const Json& value);

// `value[key]` when `key` is an own property of `value` (object key, array
// index or "length", string index or "length"); nullopt otherwise.
std::optional<Json> js_own_property(const Json& value, const std::string& key);

// Index in UTF-16 code units of byte offset `byte_index` of UTF-8 `text`.
std::size_t js_index(std::string_view text, std::size_t byte_index);

// String.prototype.trim (ASCII and common Unicode white space).
std::string js_trim(std::string_view text);

}  // namespace sls::config::vars
