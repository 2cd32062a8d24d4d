// Repairs to YAML text where libyaml (YAML 1.1) would read it differently from
// js-yaml, which osls uses: invalid UTF-8, NEL/LS/PS, and tabs that js-yaml
// takes for blanks. parse_yaml applies them.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "config/parse_error.h"

namespace sls::config {

// `text` with every ill-formed UTF-8 subsequence replaced by U+FFFD, as Node's
// UTF-8 decoder reads serverless.yml for osls.
std::string replace_invalid_utf8(std::string_view text);

// libyaml takes U+0085, U+2028 and U+2029 for line breaks; js-yaml reads them
// as ordinary characters. mask_line_separators swaps them for private-use
// stand-ins (same character count, so positions keep) and returns nullopt when
// `text` has none, or already holds a stand-in (then it stays as libyaml reads it).
std::optional<std::string> mask_line_separators(std::string_view text);
// Whether `s` may hold a stand-in (a cheap test before unmasking).
bool may_hold_stand_in(std::string_view s);
// `s` with its stand-ins turned back into the separators.
std::string unmask_line_separators(std::string_view s);

// A tab where libyaml reports `problem` at `at` that js-yaml takes for a blank:
// between tokens after other content on its line (`- \tx`, `? \tk`), or on a
// line with nothing else but blanks or a comment. Returns the tab's byte
// offset; nullopt for anything else (a tab indenting content is an error in
// js-yaml too).
std::optional<size_t> harmless_tab(std::string_view text, std::string_view problem, TextPosition at);

// Turns the run of blanks at `offset` into spaces (same length).
void blank_out_tabs(std::string& text, size_t offset);

}  // namespace sls::config
