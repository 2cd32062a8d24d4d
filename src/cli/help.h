// `sls --help` and `sls COMMAND --help`, in osls's layout.
#pragma once
#include <string>

#include "cli/commands.h"

namespace sls::cli {

std::string render_general_help();
std::string render_command_help(const CommandSpec& cmd);

}  // namespace sls::cli
