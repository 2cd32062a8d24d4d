#include "cli/plugin_check.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace sls::cli {

TEST(SkipPlugins, RepeatableCommaSeparatedOptionAndEnv) {
  ParsedArgs a = parse_args({"package", "--skip-plugins", "a, b", "--skip-plugins=@s/c"});
  EXPECT_EQ(a.options["skip-plugins"], Json::array({"a, b", "@s/c"}));
  auto skip = skipped_plugins(a.options, std::string("b,d,,"));
  EXPECT_EQ(skip, (std::map<std::string, std::string>{{"a", "--skip-plugins"},
                                                      {"b", "--skip-plugins"},
                                                      {"@s/c", "--skip-plugins"},
                                                      {"d", "SLS_SKIP_PLUGINS"}}));
  EXPECT_TRUE(skipped_plugins(Json::object(), std::nullopt).empty());
}

TEST(SkipPlugins, OfferedByServiceCommandsAndSuggested) {
  for (const char* command : {"package", "deploy", "info", "remove", "print"})
    EXPECT_NO_THROW(parse_args({command, "--skip-plugins", "x"})) << command;
  try {
    parse_args({"package", "--skip-plugin", "x"});
    FAIL();
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("Did you mean \"--skip-plugins\"?"), std::string::npos) << e.what();
  }
}

}  // namespace sls::cli
