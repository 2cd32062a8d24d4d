#include "cli/help.h"

#include <fmt/format.h>

namespace sls::cli {

namespace {

std::string option_line(const OptionSpec& o) {
  std::string left = "--" + o.name;
  if (o.shortcut) left += std::string(" / -") + o.shortcut;
  return fmt::format("{:<32}{}\n", left, o.usage);
}

}  // namespace

std::string render_general_help() {
  std::string out = fmt::format("sls v{} (osls 4.3.1 compatible)\n\n", SLS_VERSION);
  out += "Usage\nserverless <command> <options>\nsls <command> <options>\n\nOptions\n";
  for (const auto& o : global_options()) out += option_line(o);
  out += "\nMain commands\n";
  for (const auto& c : all_commands())
    if (c.main_group) out += fmt::format("{:<32}{}{}\n", c.name, c.usage, c.implemented ? "" : " (not yet available)");
  out += "\nOther commands\n";
  for (const auto& c : all_commands())
    if (!c.main_group) out += fmt::format("{:<32}{}{}\n", c.name, c.usage, c.implemented ? "" : " (not yet available)");
  return out;
}

std::string render_command_help(const CommandSpec& cmd) {
  std::string out = fmt::format("{:<32}{}\n", cmd.name, cmd.usage);
  for (const auto& o : options_for(cmd)) out += option_line(o);
  return out;
}

}  // namespace sls::cli
