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

// Byte offset of character `index` in `line` (its size when past the end).
size_t byte_of_char(std::string_view line, size_t index) {
  for (size_t pos = 0, seen = 0; pos < line.size(); ++pos) {
    if (is_continuation_byte(line[pos])) continue;
    if (seen++ == index) return pos;
  }
  return line.size();
}

size_t char_count(std::string_view line) {
  return static_cast<size_t>(std::count_if(line.begin(), line.end(), [](char c) { return !is_continuation_byte(c); }));
}

// The part of a source line shown in an error frame and the caret's column in it.
struct FrameWindow {
  std::string text;
  size_t caret = 0;
};

// Lines up to kFrameWidth characters are shown whole; longer ones as a window
// of that width around the column, "..." marking what was cut.
constexpr size_t kFrameWidth = 120;

FrameWindow frame_window(std::string_view line, size_t column) {
  const size_t length = char_count(line);
  if (length <= kFrameWidth) return {std::string(line), column};
  size_t first = column > kFrameWidth / 2 ? column - kFrameWidth / 2 : 0;
  first = std::min(first, length - kFrameWidth);
  const size_t last = first + kFrameWidth;
  const size_t from = byte_of_char(line, first), to = byte_of_char(line, last);
  FrameWindow w;
  if (first > 0) w.text = "...";
  w.text.append(line.substr(from, to - from));
  if (last < length) w.text.append("...");
  w.caret = column - first + (first > 0 ? 3 : 0);
  return w;
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
    FrameWindow shown = frame_window(source, position.column);
    out.append("\n\n  ").append(line_number).append(" | ").append(shown.text);
    out.append("\n  ").append(line_number.size(), ' ').append(" | ");
    out.append(shown.caret, ' ').append("^");
  }
  throw UserError(out, "CONFIGURATION_PARSE_ERROR");
}

}  // namespace sls::config
