// Parsing argv the way osls does: leading words name the command, then
// `--name value`, `--name=value`, `-s value`, boolean flags, `--no-flag`,
// repeatable --param. Unknown commands and options are errors with a
// did-you-mean suggestion.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "util/json.h"

namespace sls::cli {

struct ParsedArgs {
  std::string command;             // "package", "" when none given
  const CommandSpec* spec = nullptr;
  std::shared_ptr<const CommandSpec> owned_spec;  // a plugin's command: `spec` points here
  Json options = Json::object();   // option name -> value (string, bool or array for --param)
  std::vector<std::string> positional;  // words after the command (osls rejects them)
};

// Throws UserError for an unknown command or option, or a missing value.
ParsedArgs parse_args(const std::vector<std::string>& argv);

// Whether the leading words of argv name no command of sls's (a plugin's
// command, or a typo); false without a command.
bool names_unknown_command(const std::vector<std::string>& argv);
// Whether they may name a plugin's command: unknown, or more words than the
// sls command they start with ("deploy domain").
bool may_name_plugin_command(const std::vector<std::string>& argv);

// For a command sls does not know: `command` holds the leading words and the
// options are parsed as far as sls's common options tell them apart (an
// unknown `--name` takes a following word as its value, kept for ${opt:}), to
// load the service.
ParsedArgs parse_unknown_command_args(const std::vector<std::string>& argv);

// argv parsed against a plugin's command: its leading words name `spec`, the
// options are its own and the common ones (unknown ones are the usual error).
ParsedArgs parse_args_for(const std::vector<std::string>& argv, std::shared_ptr<const CommandSpec> spec);

// The "command not found" error, with a suggestion among sls's commands and `extra`.
[[noreturn]] void unknown_command(const std::string& word, const std::vector<std::string>& extra = {});

// The closest candidate within a small edit distance, or "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace sls::cli
