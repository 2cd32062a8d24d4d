// Positions in configuration text and the error that points at one:
// "<file>:<line>:<column>: <what>" followed by the offending line and a caret.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace sls::config {

// 0-based line and column; the column counts characters (UTF-8 sequences), as
// libyaml and editors do.
struct TextPosition {
  size_t line = 0;
  size_t column = 0;
};

// The position of byte `offset` (clamped to the text).
TextPosition position_of(std::string_view text, size_t offset);

// The byte offset of the character at `position`, or npos when the text has
// no such character. Lines end at '\n'.
size_t offset_of(std::string_view text, TextPosition position);

// Throws a UserError (code CONFIGURATION_PARSE_ERROR) naming the 1-based line
// and column, with the line's text and a caret under the column.
[[noreturn]] void throw_parse_error(std::string_view text, const std::string& filename,
                                    TextPosition position, const std::string& what);

}  // namespace sls::config
