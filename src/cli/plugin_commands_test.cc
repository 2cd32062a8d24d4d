#include "cli/plugin_commands.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace sls::cli {
namespace {

const Json kHello = Json::parse(R"({"plugin":"./plugins/greeter","usage":"Says hello","type":"command",
  "lifecycleEvents":["greet","done"],
  "options":{"name":{"usage":"Who","shortcut":"n","type":"string","required":true},
             "shout":{"usage":"","shortcut":"","type":"boolean","required":false},
             "tag":{"usage":"","shortcut":"t","type":"multiple","required":false}}})");

TEST(PluginCommands, SpecFromThePluginsDescription) {
  auto spec = plugin_command_spec("hello", kHello);
  EXPECT_EQ(spec->name, "hello");
  EXPECT_EQ(spec->usage, "Says hello");
  EXPECT_EQ(spec->lifecycle, (std::vector<std::string>{"greet", "done"}));
  ASSERT_EQ(spec->options.size(), 3u);
  EXPECT_EQ(spec->options[0].name, "name");
  EXPECT_EQ(spec->options[0].shortcut, 'n');
  EXPECT_EQ(spec->options[0].type, OptionType::String);
  EXPECT_EQ(spec->options[1].type, OptionType::Boolean);
  EXPECT_EQ(spec->options[1].shortcut, 0);
  EXPECT_EQ(spec->options[2].type, OptionType::Multiple);
  EXPECT_TRUE(spec->service_options);
}

TEST(PluginCommands, RequiredOptionsAsOslsChecksThem) {
  EXPECT_NO_THROW(check_required_options("hello", kHello, Json{{"name", "x"}}));
  try {
    check_required_options("hello", kHello, Json{{"shout", true}});
    FAIL() << "expected an error";
  } catch (const UserError& e) {
    EXPECT_EQ(std::string(e.what()),
              "sls command \"hello\" requires \"--name\" option. Run \"sls hello --help\" for more info");
    EXPECT_EQ(e.code, "MISSING_REQUIRED_CLI_OPTION");
  }
}

}  // namespace
}  // namespace sls::cli
