#include "bridge/node_bridge.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "util/error.h"

namespace sls::bridge {
namespace {

namespace fs = std::filesystem;

// A plugin as npm plugins are written: hooks, a command, schema additions,
// the log utilities and provider.naming (answered by the AskHandler).
const char* kPlugin = R"JS(
'use strict';
class TestPlugin {
  constructor(serverless, options, { log }) {
    this.serverless = serverless;
    this.provider = serverless.getProvider('aws');
    serverless.configSchemaHandler.defineTopLevelProperty('testPlugin', { type: 'object' });
    serverless.configSchemaHandler.defineFunctionProperties('aws', { properties: { extra: { type: 'string' } } });
    serverless.configSchemaHandler.defineFunctionEvent('aws', 'testEvent', { type: 'object' });
    this.commands = { hello: { usage: 'Says hello', lifecycleEvents: ['run'], options: { name: { usage: 'who', type: 'string' } } } };
    this.hooks = {
      'before:package:finalize': () => this.addResource(),
      'package:compileEvents': async () => {
        await new Promise((r) => setTimeout(r, 5));
        const service = this.serverless.service;
        service.custom = Object.assign({}, service.custom, { touched: service.getAllFunctions() });
      },
      'hello:run': () => log.notice('hello'),
    };
  }
  addResource() {
    const template = this.serverless.service.provider.compiledCloudFormationTemplate;
    const id = this.provider.naming.getLambdaLogicalId('hello-world');
    template.Resources.FromPlugin = { Type: 'AWS::SNS::Topic', Properties: { Ref: id, Stage: this.provider.getStage() } };
  }
}
module.exports = TestPlugin;
)JS";

const char* kFailing = R"JS(
module.exports = class Failing {
  constructor(serverless) {
    this.hooks = { 'package:initialize': () => { throw new serverless.classes.Error('custom.x is required', 'X_REQUIRED'); } };
  }
};
)JS";

bool have_node() { return system("node --version >/dev/null 2>&1") == 0; }

class Bridge : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_node()) GTEST_SKIP() << "node is not installed";
    dir_ = fs::temp_directory_path() / ("sls_bridge_test_" + std::to_string(getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return dir_ / name;
  }
  BridgeStart start_with(const fs::path& plugin) {
    BridgeStart s;
    s.service_dir = dir_;
    s.config = Json{{"service", "svc"}, {"provider", {{"name", "aws"}}},
                    {"functions", {{"hello-world", {{"handler", "h.run"}}}}}};
    s.plugins = {{"./plugin", plugin}};
    s.stage = "prod";
    return s;
  }
  fs::path dir_;
};

TEST_F(Bridge, LoadsHooksCommandsAndSchema) {
  auto bridge = NodeBridge::start(start_with(write("plugin.js", kPlugin)), {});
  const LoadedPlugins& loaded = bridge->loaded();
  ASSERT_EQ(loaded.hooks.size(), 3u);
  EXPECT_EQ(loaded.hooks[0].event, "before:package:finalize");
  EXPECT_EQ(loaded.hooks[0].plugins, std::vector<std::string>{"./plugin"});
  EXPECT_TRUE(bridge->has_hooks("hello:run"));
  EXPECT_FALSE(bridge->has_hooks("package:finalize"));
  EXPECT_EQ(loaded.commands["hello"]["usage"], "Says hello");
  EXPECT_EQ(loaded.commands["hello"]["options"]["name"]["type"], "string");
  EXPECT_EQ(loaded.schema["root"], Json::array({"testPlugin"}));
  EXPECT_EQ(loaded.schema["function"], Json::array({"extra"}));
  EXPECT_EQ(loaded.schema["events"], Json::array({"testEvent"}));
}

TEST_F(Bridge, HooksChangeTheStateAndAskSls) {
  std::vector<std::string> asked;
  auto bridge = NodeBridge::start(start_with(write("plugin.js", kPlugin)), [&](const std::string& what, const Json& a) {
    asked.push_back(what + ":" + a["fn"].get<std::string>());
    return Json("HelloDashworldLambdaFunction");
  });
  BridgeState state{Json{{"service", "svc"}, {"provider", {{"name", "aws"}}}, {"functions", {{"hello-world", {{"handler", "h.run"}}}}}},
                    Json{{"Resources", Json::object()}}, Json::object()};
  bridge->run("package:compileEvents", state);
  EXPECT_EQ(state.config["custom"]["touched"], Json::array({"hello-world"}));
  EXPECT_FALSE(state.config["functions"]["hello-world"].contains("name")) << "default names stay sls's";
  bridge->run("before:package:finalize", state);
  EXPECT_EQ(state.template_["Resources"]["FromPlugin"]["Properties"]["Ref"], "HelloDashworldLambdaFunction");
  EXPECT_EQ(state.template_["Resources"]["FromPlugin"]["Properties"]["Stage"], "prod");
  EXPECT_EQ(asked, std::vector<std::string>{"naming:getLambdaLogicalId"});
}

TEST_F(Bridge, AskErrorsReachThePluginAsServerlessErrors) {
  auto bridge = NodeBridge::start(start_with(write("plugin.js", kPlugin)), [](const std::string&, const Json&) -> Json {
    throw UserError("no naming here", "NOPE");
  });
  BridgeState state{Json{{"service", "svc"}, {"provider", {{"name", "aws"}}}}, Json{{"Resources", Json::object()}},
                    Json::object()};
  try {
    bridge->run("before:package:finalize", state);
    FAIL() << "no error";
  } catch (const UserError& e) {
    EXPECT_EQ(e.code, "NOPE");
    EXPECT_NE(std::string(e.what()).find("no naming here"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("plugin \"./plugin\", in its \"before:package:finalize\" hook"),
              std::string::npos) << e.what();
  }
}

TEST_F(Bridge, PluginErrorsNameThePluginAndTheHook) {
  auto bridge = NodeBridge::start(start_with(write("failing.js", kFailing)), {});
  BridgeState state{Json{{"service", "svc"}}, Json::object(), Json::object()};
  try {
    bridge->run("package:initialize", state);
    FAIL() << "no error";
  } catch (const UserError& e) {
    EXPECT_EQ(e.code, "X_REQUIRED");
    EXPECT_EQ(std::string(e.what()), "custom.x is required\n(plugin \"./plugin\", in its \"package:initialize\" hook)");
  }
}

TEST_F(Bridge, APluginThatFailsToLoadIsNamed) {
  try {
    NodeBridge::start(start_with(write("broken.js", "module.exports = 42;")), {});
    FAIL() << "no error";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("Plugin \"./plugin\" does not export a class"), std::string::npos) << e.what();
  }
}

// A provider plugin as serverless-google-cloudfunctions is built: an index that
// adds its provider and package parts with pluginManager.addPlugin; its
// templates written as YAML through serverless.utils.
const char* kProviderPlugin = R"JS(
const path = require('path');
class Provider {
  static getProviderName() { return 'acme'; }
  constructor(serverless) {
    this.provider = this;
    serverless.setProvider('acme', this);
    serverless.configSchemaHandler.defineProvider('acme', { provider: { properties: { account: {} } } });
    serverless.configSchemaHandler.defineProvider('other', {});
  }
}
class Package {
  constructor(serverless) {
    this.provider = serverless.getProvider('acme');
    serverless.configSchemaHandler.defineFunctionEvent('acme', 'web', {});
    serverless.configSchemaHandler.defineFunctionEvent('aws', 'http', {});
    const file = (name) => path.join(serverless.config.servicePath, '.serverless', name);
    this.hooks = {
      'package:compileFunctions': () => {
        const base = serverless.utils.readFileSync(file('base.yml'));
        base.names = serverless.service.getAllFunctions();
        serverless.utils.writeFileSync(file('template.yml'), base);
      },
    };
  }
}
class AwsOnly { constructor(serverless) { this.provider = serverless.getProvider('aws'); this.hooks = { 'package:finalize': () => {} }; } }
module.exports = class Index {
  constructor(serverless) {
    serverless.pluginManager.addPlugin(Provider);
    serverless.pluginManager.addPlugin(Package);
    serverless.pluginManager.addPlugin(AwsOnly);
  }
};
)JS";

TEST_F(Bridge, AProviderPluginAddsItsPartsAndWritesYaml) {
  BridgeStart s = start_with(write("provider.js", kProviderPlugin));
  s.config["provider"] = Json{{"name", "acme"}};
  auto bridge = NodeBridge::start(s, {});
  const LoadedPlugins& loaded = bridge->loaded();
  EXPECT_EQ(loaded.schema["providers"], Json::array({"acme"})) << "definitions for another provider are ignored";
  EXPECT_EQ(loaded.schema["provider"], Json::array({"account"}));
  EXPECT_EQ(loaded.schema["events"], Json::array({"web"}));
  EXPECT_TRUE(bridge->has_hooks("package:compileFunctions"));
  EXPECT_FALSE(bridge->has_hooks("package:finalize")) << "a plugin of the AWS provider is not loaded";
  fs::create_directories(dir_ / ".serverless");
  std::ofstream(dir_ / ".serverless" / "base.yml") << "kind: acme\nitems:\n  - !Ref Thing\n";
  BridgeState state{s.config, Json::object(), Json::object()};
  bridge->run("package:compileFunctions", state);
  std::ifstream in(dir_ / ".serverless" / "template.yml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "kind: acme\nitems:\n  - Ref: Thing\nnames:\n  - hello-world\n");
}

TEST_F(Bridge, MissingNodeIsAClearError) {
  BridgeStart s = start_with(write("plugin.js", kPlugin));
  s.node = "sls-no-such-node";
  try {
    NodeBridge::start(s, {});
    FAIL() << "no error";
  } catch (const UserError& e) {
    EXPECT_EQ(e.code, "PLUGIN_NODE_MISSING");
  }
}

// The service's information: sections plugins add (serverless-domain-manager's summary).
TEST_F(Bridge, ServiceOutputSectionsComeBack) {
  const char* plugin = R"JS(
module.exports = class Outputs {
  constructor(serverless) {
    this.hooks = { 'after:info:info': () => {
      if (!serverless.providers.aws) throw new Error('no serverless.providers.aws');
      serverless.addServiceOutputSection('Domain', ['Domain Name: api.example.com', 'Target Domain: d1.example.net']);
      serverless.addServiceOutputSection('note', 'one line');
    } };
  }
};
)JS";
  auto bridge = NodeBridge::start(start_with(write("outputs.js", plugin)), {});
  BridgeState state{Json{{"service", "svc"}, {"provider", {{"name", "aws"}}}}, Json::object(), Json::object()};
  bridge->run("after:info:info", state);
  EXPECT_EQ(state.outputs, Json::parse(R"([["Domain",["Domain Name: api.example.com","Target Domain: d1.example.net"]],
                                          ["note","one line"]])"));
}

// Commands, spawn and a variable source, as plugins write them.
const char* kCommands = R"JS(
'use strict';
module.exports = class Commands {
  constructor(serverless, options) {
    this.serverless = serverless;
    this.options = options;
    this.ran = [];
    this.commands = {
      top: { lifecycleEvents: ['a', 'b'], options: { who: { shortcut: 'w', type: 'string', default: 'all' } },
             commands: { sub: { lifecycleEvents: ['x'] } } },
      inner: { type: 'entrypoint', lifecycleEvents: ['run'], commands: { deeper: { lifecycleEvents: ['go'] } } },
      stopper: { lifecycleEvents: ['one', 'two'] },
    };
    this.configurationVariablesSources = {
      echo: { resolve: async ({ address, params, resolveConfigurationProperty }) =>
        ({ value: `${address}/${(params || []).join(',')}/${await resolveConfigurationProperty(['custom', 'x'])}` }) },
    };
    const note = (e) => () => { this.ran.push(e); serverless.service.custom = { ran: this.ran.slice(), who: this.options.who }; };
    this.hooks = {
      initialize: note('initialize'),
      'before:top:a': note('before:top:a'),
      'top:a': note('top:a'),
      'after:top:a': async () => { note('after:top:a')(); await serverless.pluginManager.spawn('inner'); },
      'top:b': note('top:b'),
      'inner:run': note('inner:run'),
      'top:sub:x': note('top:sub:x'),
      'stopper:one': async () => { note('stopper:one')(); await serverless.pluginManager.spawn('inner:deeper', { terminateLifecycleAfterExecution: true }); },
      'inner:deeper:go': note('inner:deeper:go'),
      'stopper:two': note('stopper:two'),
      finalize: note('finalize'),
    };
  }
};
)JS";

TEST_F(Bridge, CommandsRunTheirLifecycleAsOslsDoes) {
  auto bridge = NodeBridge::start(start_with(write("commands.js", kCommands)), {});
  const LoadedPlugins& loaded = bridge->loaded();
  EXPECT_EQ(loaded.commands["top"]["type"], "command");
  EXPECT_EQ(loaded.commands["top sub"]["type"], "command");
  EXPECT_EQ(loaded.commands["inner deeper"]["type"], "entrypoint") << "children of an entrypoint are entrypoints";
  BridgeState state{Json{{"service", "svc"}, {"provider", {{"name", "aws"}}}}, Json::object(), Json::object()};
  bridge->run_command("top", Json{{"w", "me"}}, state);
  EXPECT_EQ(state.config["custom"]["ran"], Json::array({"initialize", "before:top:a", "top:a", "after:top:a",
                                                         "inner:run", "top:b", "finalize"}));
  EXPECT_EQ(state.config["custom"]["who"], "me") << "shortcuts become their options";
  bridge->run_command("stopper", Json::object(), state);
  const Json& ran = state.config["custom"]["ran"];
  EXPECT_EQ(ran.back(), "finalize");
  EXPECT_EQ(std::find(ran.begin(), ran.end(), "stopper:two"), ran.end()) << "terminateLifecycleAfterExecution";
  EXPECT_NE(std::find(ran.begin(), ran.end(), "inner:deeper:go"), ran.end());
}

TEST_F(Bridge, VariableSourcesResolveAndAskSls) {
  std::vector<std::string> asked;
  auto bridge = NodeBridge::start(start_with(write("commands.js", kCommands)), [&](const std::string& what, const Json& a) {
    asked.push_back(what + ":" + a.dump());
    return Json("from-sls");
  });
  EXPECT_EQ(bridge->loaded().variable_sources, std::vector<std::string>{"echo"});
  EXPECT_EQ(bridge->resolve_variable("echo", "addr", Json::array({"p1", "p2"}), Json::object()), "addr/p1,p2/from-sls");
  EXPECT_EQ(asked, std::vector<std::string>{R"(resolveProperty:{"path":["custom","x"]})"});
}

}  // namespace
}  // namespace sls::bridge
