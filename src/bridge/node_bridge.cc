#include "bridge/node_bridge.h"

#include <unistd.h>

#include <chrono>

#include "bridge/shim.h"
#include "config/yaml_emit.h"
#include "config/yaml_parse.h"
#include "local/bootstrap.h"
#include "local/worker.h"
#include "util/error.h"

extern char** environ;

namespace sls::bridge {

namespace fs = std::filesystem;

fs::path shim_path() { return local::cached_script("plugin-bridge.cjs", kShimScript); }

namespace {

std::vector<std::string> current_environment() {
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) env.emplace_back(*e);
  return env;
}

Json plugin_list(const std::vector<BridgePlugin>& plugins) {
  Json out = Json::array();
  for (const auto& p : plugins) out.push_back(Json{{"name", p.name}, {"path", p.file.string()}});
  return out;
}

Json load_message(const BridgeStart& s) {
  return Json{{"op", "load"},          {"serviceDir", s.service_dir.string()}, {"configFile", s.config_file},
              {"config", s.config},    {"options", s.options},                 {"commands", s.commands},
              {"plugins", plugin_list(s.plugins)}, {"stage", s.stage},         {"region", s.region},
              {"version", "4.3.1"},    {"debug", s.debug},                     {"verbose", s.verbose}};
}

// The plugin's error as osls shows it: its message; where it came from after it.
[[noreturn]] void plugin_failed(const Json& reply, const std::string& during) {
  const Json& e = reply.value("error", Json::object());
  std::string plugin = e.value("plugin", "");
  std::string message = e.value("message", "unknown error");
  std::string where = plugin.empty() ? during : "plugin \"" + plugin + "\", " + during;
  std::string code = e.value("code", "");
  if (!e.value("name", "").empty() && e.value("name", "") != "ServerlessError" && e.contains("stack") &&
      e["stack"].is_string())
    message = e["stack"].get<std::string>();
  throw UserError(message + "\n(" + where + ")", code.empty() ? "PLUGIN_FAILED" : code);
}

LoadedPlugins parse_loaded(const Json& reply) {
  LoadedPlugins out;
  for (const Json& h : reply.value("hooks", Json::array())) {
    LoadedPlugins::Hooked hooked{h.value("event", ""), {}};
    for (const Json& p : h.value("plugins", Json::array()))
      if (p.is_string()) hooked.plugins.push_back(p.get<std::string>());
    out.hooks.push_back(std::move(hooked));
  }
  out.commands = reply.value("commands", Json::object());
  out.schema = reply.value("schema", Json::object());
  for (const char* key : {"variableSources", "legacyVariableResolvers"})
    for (const Json& n : reply.value(key, Json::array()))
      if (n.is_string())
        (std::string(key) == "variableSources" ? out.variable_sources : out.legacy_resolvers).push_back(n.get<std::string>());
  return out;
}

// serverless.utils' YAML files (read/writeFileSync of a .yml): parsed and
// dumped by sls's own YAML code, in js-yaml's style as osls writes them.
Json yaml_answer(const Json& args) {
  if (args.contains("dump")) return config::dump_yaml(args["dump"]);
  return config::parse_yaml(args.value("load", ""), args.value("file", "file.yml"));
}

Json answer(const AskHandler& ask, const Json& question) {
  try {
    if (question.value("what", "") == "yaml") return Json{{"result", yaml_answer(question.value("args", Json::object()))}};
    if (!ask) throw UserError("sls cannot answer this from a plugin yet.", "SLS_BRIDGE_UNSUPPORTED");
    return Json{{"result", ask(question.value("what", ""), question.value("args", Json::object()))}};
  } catch (const UserError& e) {
    return Json{{"error", {{"message", e.what()}, {"code", e.code}}}};
  }
}

}  // namespace

std::unique_ptr<NodeBridge> NodeBridge::start(const BridgeStart& start, AskHandler ask) {
  auto bridge = std::unique_ptr<NodeBridge>(new NodeBridge());
  bridge->ask_ = std::move(ask);
  local::WorkerCommand command{{start.node, shim_path().string()}, current_environment(), start.service_dir};
  try {
    bridge->worker_ = local::Worker::spawn(command);
  } catch (const UserError&) {
    throw UserError("The plugins of this service run through Node.js (sls runs npm plugins in a \"" + start.node +
                        "\" process), but \"" + start.node + "\" cannot be started: is Node.js installed and on "
                        "PATH?\nInstall Node.js, or run with --skip-plugins NAME to proceed without a plugin.",
                    "PLUGIN_NODE_MISSING");
  }
  Json reply = bridge->exchange(load_message(start), "while loading the plugins");
  if (reply.value("op", "") != "loaded") plugin_failed(reply, "while loading the plugins");
  bridge->loaded_ = parse_loaded(reply);
  return bridge;
}

NodeBridge::~NodeBridge() {
  if (!worker_) return;
  std::string ignored;
  worker_->call(Json{{"op", "exit"}}.dump(), ignored, std::chrono::milliseconds(200));
}

bool NodeBridge::has_hooks(const std::string& event) const {
  for (const auto& h : loaded_.hooks)
    if (h.event == event) return true;
  return false;
}

Json NodeBridge::exchange(const Json& message, const std::string& during) {
  std::string request = message.dump();
  for (;;) {
    std::string reply_text;
    if (worker_->call(request, reply_text, std::chrono::milliseconds(-1)) != local::Worker::Status::ok)
      throw UserError("The plugin bridge's Node.js process ended unexpectedly " + during +
                          " (a plugin may have called process.exit). Run with --debug for details.",
                      "PLUGIN_BRIDGE_DIED");
    Json reply;
    try {
      reply = Json::parse(reply_text);
    } catch (const std::exception&) {
      throw UserError("The plugin bridge sent a reply sls cannot read " + during + ".", "PLUGIN_BRIDGE_PROTOCOL");
    }
    if (reply.value("op", "") != "ask") return reply;
    request = answer(ask_, reply).dump();
  }
}

std::vector<HookTiming> NodeBridge::run(const std::string& event, BridgeState& state) {
  Json message{{"op", "hook"},
               {"event", event},
               {"state", {{"config", state.config}, {"template", state.template_}, {"coreTemplate", state.core_template}}}};
  std::string during = "in its \"" + event + "\" hook";
  Json reply = exchange(message, during);
  if (reply.value("op", "") != "done") plugin_failed(reply, during);
  const Json& s = reply.value("state", Json::object());
  if (s.contains("config") && s["config"].is_object()) state.config = s["config"];
  if (s.contains("template") && s["template"].is_object()) state.template_ = s["template"];
  if (s.contains("coreTemplate") && s["coreTemplate"].is_object()) state.core_template = s["coreTemplate"];
  if (s.contains("outputs") && s["outputs"].is_array()) state.outputs = s["outputs"];
  std::vector<HookTiming> timings;
  for (const Json& t : reply.value("timings", Json::array()))
    timings.push_back({t.value("plugin", ""), t.value("ms", 0.0)});
  return timings;
}

// --- Plugin commands and variable sources --------------------------------------

namespace {

Json state_json(const BridgeState& state) {
  return Json{{"config", state.config}, {"template", state.template_}, {"coreTemplate", state.core_template}};
}

void take_state(const Json& reply, BridgeState& state) {
  const Json& s = reply.value("state", Json::object());
  if (s.contains("config") && s["config"].is_object()) state.config = s["config"];
  if (s.contains("template") && s["template"].is_object()) state.template_ = s["template"];
  if (s.contains("coreTemplate") && s["coreTemplate"].is_object()) state.core_template = s["coreTemplate"];
}

}  // namespace

void NodeBridge::run_command(const std::string& command, const Json& options, BridgeState& state) {
  Json message{{"op", "command"}, {"command", command}, {"options", options}, {"state", state_json(state)}};
  std::string during = "while running \"" + command + "\"";
  Json reply = exchange(message, during);
  take_state(reply, state);
  if (reply.value("op", "") == "done") return;
  const Json& e = reply.value("error", Json::object());
  if (e.contains("event") && e["event"].is_string()) during = "in its \"" + e["event"].get<std::string>() + "\" hook";
  plugin_failed(reply, during);
}

Json NodeBridge::resolve_variable(const std::string& source, const Json& address, const Json& params,
                                  const Json& options) {
  Json message{{"op", "variable"}, {"source", source}, {"address", address}, {"params", params}, {"options", options}};
  std::string during = "resolving a \"" + source + "\" variable";
  Json reply = exchange(message, during);
  if (reply.value("op", "") != "done") plugin_failed(reply, during);
  return reply.value("value", Json());
}

}  // namespace sls::bridge
