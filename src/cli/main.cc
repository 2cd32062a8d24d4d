// sls: the Serverless Framework as one native binary.
#include <cstdio>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "cli/args.h"
#include "cli/help.h"
#include "cli/output.h"
#include "cli/plugin_commands.h"
#include "cli/run.h"
#include "util/error.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  bool verbose = false, debug = false;
  for (const auto& a : args) {
    if (a == "--verbose") verbose = true;
    if (a == "--debug" || a.rfind("--debug=", 0) == 0) debug = true;
  }
  sls::cli::Output out(verbose, debug);
  try {
    // A command sls does not know may be one of the service's plugins.
    if (sls::cli::may_name_plugin_command(args)) return sls::cli::run_plugin_command(args, out);
    sls::cli::ParsedArgs parsed;
    try {
      parsed = sls::cli::parse_args(args);
    } catch (const sls::UserError& e) {
      // Options a plugin adds to an sls command (`sls deploy --its-option`).
      if (e.code != "UNSUPPORTED_CLI_OPTIONS") throw;
      auto extended = sls::cli::parse_with_plugin_options(args, out);
      if (!extended) throw;
      parsed = std::move(*extended);
    }
    return sls::cli::run_command(parsed, out);
  } catch (const sls::UserError& e) {
    out.error(e.what());
    return 1;
  } catch (const std::exception& e) {
    out.error(std::string("Internal error: ") + e.what() +
              "\nThis is a bug in sls; please report it with the command you ran.");
    return 2;
  }
}
