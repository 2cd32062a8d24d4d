// Parsing argv the way osls does: leading words name the command, then
// `--name value`, `--name=value`, `-s value`, boolean flags, `--no-flag`,
// repeatable --param. Unknown commands and options are errors with a
// did-you-mean suggestion.
#pragma once
#include <string>
#include <vector>

#include "cli/commands.h"
#include "util/json.h"

namespace sls::cli {

struct ParsedArgs {
  std::string command;             // "package", "" when none given
  const CommandSpec* spec = nullptr;
  Json options = Json::object();   // option name -> value (string, bool or array for --param)
  std::vector<std::string> positional;  // words after the command (osls rejects them)
};

// Throws UserError for an unknown command or option, or a missing value.
ParsedArgs parse_args(const std::vector<std::string>& argv);

// The closest candidate within a small edit distance, or "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace sls::cli
