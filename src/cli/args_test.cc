#include "cli/args.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace sls::cli {

TEST(Args, ParsesCommandAndOptions) {
  ParsedArgs a = parse_args({"package", "--stage", "prod", "-r", "eu-west-1", "--param=a=b",
                             "--param", "c=d", "--verbose"});
  EXPECT_EQ(a.command, "package");
  EXPECT_EQ(a.options["stage"], "prod");
  EXPECT_EQ(a.options["region"], "eu-west-1");
  EXPECT_EQ(a.options["param"], Json::array({"a=b", "c=d"}));
  EXPECT_EQ(a.options["verbose"], true);
}

TEST(Args, MultiWordCommands) {
  EXPECT_EQ(parse_args({"invoke", "local", "-f", "hello"}).command, "invoke local");
  EXPECT_EQ(parse_args({"deploy", "function", "-f", "x"}).command, "deploy function");
  EXPECT_EQ(parse_args({"deploy"}).command, "deploy");
}

TEST(Args, UnknownCommandSuggests) {
  try {
    parse_args({"pakage"});
    FAIL();
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("Did you mean \"package\"?"), std::string::npos) << e.what();
  }
}

TEST(Args, UnknownOptionSuggests) {
  try {
    parse_args({"package", "--stge", "x"});
    FAIL();
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("\"--stge\""), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("Did you mean \"--stage\"?"), std::string::npos) << e.what();
  }
}

TEST(Args, MissingValueIsAnError) {
  EXPECT_THROW(parse_args({"package", "--stage"}), UserError);
  EXPECT_THROW(parse_args({"package", "--stage", "--verbose"}), UserError);
}

TEST(Args, ShortcutGroupsAndNegation) {
  ParsedArgs a = parse_args({"-hv"});
  EXPECT_EQ(a.options["help"], true);
  EXPECT_EQ(a.options["version"], true);
  EXPECT_EQ(parse_args({"package", "--no-verbose"}).options["verbose"], false);
}

// Plugin commands: the command line is read leniently to load the service,
// then against the plugin's own spec.
TEST(Args, UnknownCommandLinesForPlugins) {
  EXPECT_TRUE(names_unknown_command({"create_domain", "--stage", "prod"}));
  EXPECT_FALSE(names_unknown_command({"package"}));
  EXPECT_FALSE(names_unknown_command({"--help"}));
  ParsedArgs a = parse_unknown_command_args({"foo", "bar", "--name", "x", "-s", "prod", "--flag", "--region=eu-west-1"});
  EXPECT_EQ(a.command, "foo bar");
  EXPECT_EQ(a.spec, nullptr);
  EXPECT_EQ(a.options["stage"], "prod");
  EXPECT_EQ(a.options["region"], "eu-west-1");
  EXPECT_EQ(a.options["name"], "x");  // for ${opt:name} while the service loads
  EXPECT_EQ(a.options["flag"], true);
  EXPECT_TRUE(a.positional.empty());
  EXPECT_TRUE(may_name_plugin_command({"deploy", "domain"}));
  EXPECT_FALSE(may_name_plugin_command({"deploy", "list", "functions"}));
  EXPECT_TRUE(may_name_plugin_command({"create_domain"}));

  auto spec = std::make_shared<CommandSpec>();
  spec->name = "foo bar";
  spec->options = {{"name", 'n', OptionType::String, "who"}, {"flag", 0, OptionType::Boolean, ""}};
  ParsedArgs b = parse_args_for({"foo", "bar", "-n", "x", "--flag", "-s", "prod"}, spec);
  EXPECT_EQ(b.command, "foo bar");
  EXPECT_EQ(b.spec, spec.get());
  EXPECT_EQ(b.options["name"], "x");
  EXPECT_EQ(b.options["flag"], true);
  EXPECT_EQ(b.options["stage"], "prod");
  try {
    parse_args_for({"foo", "bar", "--nme", "x"}, spec);
    FAIL() << "expected an error";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("Did you mean \"--name\"?"), std::string::npos) << e.what();
  }
  try {
    unknown_command("helo", {"hello"});
    FAIL() << "expected an error";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("Did you mean \"hello\"?"), std::string::npos) << e.what();
  }
}

}  // namespace sls::cli
