#include "config/yaml_input.h"

#include <algorithm>
#include <array>

namespace sls::config {
namespace {

struct StandIn {
  std::string_view real;
  std::string_view stand_in;
};
// U+0085, U+2028, U+2029 -> U+F885, U+F8A8, U+F8A9.
constexpr std::array<StandIn, 3> kLineSeparators = {{{"\xC2\x85", "\xEF\xA2\x85"},
                                                     {"\xE2\x80\xA8", "\xEF\xA2\xA8"},
                                                     {"\xE2\x80\xA9", "\xEF\xA2\xA9"}}};
constexpr std::string_view kStandInPrefix = "\xEF\xA2";

std::string replace_all(std::string_view text, std::string_view from, std::string_view to) {
  std::string out;
  out.reserve(text.size() + 16);
  size_t done = 0;
  for (size_t at = text.find(from); at != std::string_view::npos; at = text.find(from, done)) {
    out.append(text.substr(done, at - done)).append(to);
    done = at + from.size();
  }
  out.append(text.substr(done));
  return out;
}

}  // namespace

std::string replace_invalid_utf8(std::string_view text) {
  constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(text.size() + 16);
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      if (c == 0xE0) low = 0xA0;   // overlong
      if (c == 0xED) high = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      if (c == 0xF0) low = 0x90;   // overlong
      if (c == 0xF4) high = 0x8F;  // above U+10FFFF
    }
    // One U+FFFD per maximal ill-formed subsequence (the WHATWG decoder's rule).
    size_t valid = length ? 1 : 0;
    while (valid && valid < length && i + valid < text.size()) {
      auto b = static_cast<unsigned char>(text[i + valid]);
      bool ok = valid == 1 ? (b >= low && b <= high) : (b >= 0x80 && b <= 0xBF);
      if (!ok) break;
      ++valid;
    }
    if (length && valid == length) {
      out.append(text.substr(i, length));
      i += length;
    } else {
      out += kReplacement;
      i += std::max<size_t>(valid, 1);
    }
  }
  return out;
}

std::optional<std::string> mask_line_separators(std::string_view text) {
  bool any = false;
  for (const auto& sep : kLineSeparators) {
    if (text.find(sep.stand_in) != std::string_view::npos) return std::nullopt;
    any = any || text.find(sep.real) != std::string_view::npos;
  }
  if (!any) return std::nullopt;
  std::string out(text);
  for (const auto& sep : kLineSeparators) out = replace_all(out, sep.real, sep.stand_in);
  return out;
}

bool may_hold_stand_in(std::string_view s) {
  return s.find(kStandInPrefix) != std::string_view::npos;
}

std::string unmask_line_separators(std::string_view s) {
  std::string out(s);
  for (const auto& sep : kLineSeparators) out = replace_all(out, sep.stand_in, sep.real);
  return out;
}

std::optional<size_t> harmless_tab(std::string_view text, std::string_view problem,
                                   TextPosition at) {
  // libyaml's words for a tab where it looks for the next token, and for one in
  // the leading blanks of a plain scalar's continuation line.
  const bool between_tokens = problem == "found character that cannot start any token";
  if (!between_tokens && problem != "found a tab character that violates indentation") {
    return std::nullopt;
  }
  size_t offset = offset_of(text, at);
  if (offset == std::string_view::npos || text[offset] != '\t') return std::nullopt;
  size_t line_start = text.rfind('\n', offset);
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  std::string_view before = text.substr(line_start, offset - line_start);
  if (between_tokens && before.find_first_not_of(" \t") != std::string_view::npos) return offset;
  size_t rest = text.find_first_not_of(" \t", offset);
  if (rest == std::string_view::npos || text[rest] == '\n' || text[rest] == '\r' ||
      text[rest] == '#') {
    return offset;
  }
  return std::nullopt;
}

void blank_out_tabs(std::string& text, size_t offset) {
  for (size_t i = offset; i < text.size() && (text[i] == '\t' || text[i] == ' '); ++i) text[i] = ' ';
}

}  // namespace sls::config
