// `plugins:` for the command being run: which plugins the user skips
// (--skip-plugins NAME[,NAME], repeatable, and SLS_SKIP_PLUGINS=NAME[,NAME]),
// the check itself (config/plugins.h), and its warnings and --debug lines.
#pragma once
#include <map>
#include <optional>
#include <string>

#include "cli/args.h"
#include "cli/output.h"
#include "config/load_service.h"
#include "config/plugins.h"

namespace sls::cli {

using config::skipped_plugins;

// For load_service; `out` must outlive it.
config::PluginCheck plugin_check(const ParsedArgs& args, Output& out);

}  // namespace sls::cli
