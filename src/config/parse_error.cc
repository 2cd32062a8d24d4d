#include "config/parse_error.h"

#include <algorithm>

#include "util/error.h"

namespace sls::config {
namespace {

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::string_view line_of(std::string_view text, size_t line) {
  size_t start = 0;
  for (size_t i = 0; i < line; ++i) {
    start = text.find('\n', start);
    if (start == std::string_view::npos) return {};
    ++start;
  }
  size_t end = std::min(text.find('\n', start), text.size());
  std::string_view result = text.substr(start, end - start);
  if (!result.empty() && result.back() == '\r') result.remove_suffix(1);
  return result;
}

}  // namespace

TextPosition position_of(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  TextPosition position;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++position.line;
      line_start = i + 1;
    }
  }
  for (size_t i = line_start; i < offset; ++i) {
    if (!is_continuation_byte(text[i])) ++position.column;
  }
  return position;
}

size_t offset_of(std::string_view text, TextPosition position) {
  size_t pos = 0;
  for (size_t i = 0; i < position.line; ++i) {
    pos = text.find('\n', pos);
    if (pos == std::string_view::npos) return pos;
    ++pos;
  }
  for (size_t seen = 0; pos < text.size(); ++pos) {
    if (is_continuation_byte(text[pos])) continue;
    if (seen++ == position.column) return pos;
    if (text[pos] == '\n') break;
  }
  return std::string_view::npos;
}

void throw_parse_error(std::string_view text, const std::string& filename, TextPosition position,
                       const std::string& what) {
  const std::string line_number = std::to_string(position.line + 1);
  std::string out = filename + ':' + line_number + ':' + std::to_string(position.column + 1) +
                    ": " + what;
  std::string_view source = line_of(text, position.line);
  if (!source.empty()) {
    out.append("\n\n  ").append(line_number).append(" | ").append(source);
    out.append("\n  ").append(line_number.size(), ' ').append(" | ");
    out.append(position.column, ' ').append("^");
  }
  throw UserError(out, "CONFIGURATION_PARSE_ERROR");
}

}  // namespace sls::config
