// The command schema: every command sls knows, its options and lifecycle
// events, as osls's CLI defines them.
#pragma once
#include <string>
#include <vector>

namespace sls::cli {

enum class OptionType { Boolean, String, Multiple };

struct OptionSpec {
  std::string name;      // "stage"
  char shortcut = 0;     // 's'
  OptionType type = OptionType::String;
  std::string usage;
};

struct CommandSpec {
  std::string name;  // "package", "deploy function"
  std::string usage;
  std::vector<OptionSpec> options;         // command-specific options
  std::vector<std::string> lifecycle;      // "cleanup", "initialize", ...
  bool service_options = true;             // takes --config/--stage/--param (+ aws --region)
  bool aws_options = true;                 // takes --region/--aws-profile
  bool implemented = false;                // false: a clear "not yet available" error
  bool main_group = false;                 // listed under "Main commands"
};

const std::vector<CommandSpec>& all_commands();
const CommandSpec* find_command(const std::string& name);
// Options a command accepts: its own, then service/aws, then global ones.
std::vector<OptionSpec> options_for(const CommandSpec& cmd);
const std::vector<OptionSpec>& global_options();

}  // namespace sls::cli
