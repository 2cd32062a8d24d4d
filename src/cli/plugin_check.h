// `plugins:` for the command being run: which plugins the user skips
// (--skip-plugins NAME[,NAME], repeatable, and SLS_SKIP_PLUGINS=NAME[,NAME]),
// the check itself (config/plugins.h), and its warnings and --debug lines.
#pragma once
#include <map>
#include <optional>
#include <string>

#include "cli/args.h"
#include "cli/output.h"
#include "cli/plugin_host.h"
#include "config/load_service.h"
#include "config/plugins.h"

namespace sls::cli {

using config::skipped_plugins;

// For load_service; `args` and `out` must outlive it. Installed plugins sls has
// no native version of are started in `host` (the command then attaches their
// hooks); without one they are loaded, checked and stopped.
config::PluginCheck plugin_check(const ParsedArgs& args, Output& out, PluginHost* host = nullptr);

}  // namespace sls::cli
