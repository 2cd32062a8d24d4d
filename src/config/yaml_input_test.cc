#include "config/yaml_input.h"

#include <gtest/gtest.h>

namespace sls::config {
namespace {

TEST(YamlInput, InvalidUtf8BecomesReplacementCharacters) {
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_EQ(replace_invalid_utf8("plain \xC3\xA9 \xF0\x9F\x98\x80"), "plain \xC3\xA9 \xF0\x9F\x98\x80");
  EXPECT_EQ(replace_invalid_utf8("a\xFF" "b"), "a" + r + "b");
  EXPECT_EQ(replace_invalid_utf8("\xC3("), r + "(");
  EXPECT_EQ(replace_invalid_utf8("\xE2\x82"), r);            // truncated: one for the whole prefix
  EXPECT_EQ(replace_invalid_utf8("\xC0\xAF"), r + r);        // overlong lead, stray continuation
  EXPECT_EQ(replace_invalid_utf8("\xED\xA0\x80"), r + r + r);  // an encoded surrogate
  EXPECT_EQ(replace_invalid_utf8("\xF4\x90\x80\x80"), r + r + r + r);  // above U+10FFFF
}

TEST(YamlInput, LineSeparatorsAreMaskedAndRestored) {
  const std::string text = "a: x\xE2\x80\xA8y\nb: '\xC2\x85'\nc: \xE2\x80\xA9\n";
  auto masked = mask_line_separators(text);
  ASSERT_TRUE(masked);
  EXPECT_EQ(masked->find("\xE2\x80\xA8"), std::string::npos);
  EXPECT_EQ(masked->find("\xC2\x85"), std::string::npos);
  EXPECT_TRUE(may_hold_stand_in(*masked));
  EXPECT_EQ(unmask_line_separators(*masked), text);
  EXPECT_FALSE(mask_line_separators("a: 1\n"));
  EXPECT_FALSE(mask_line_separators("a: \xE2\x80\xA8\xEF\xA2\xA8"));  // already holds a stand-in
}

TEST(YamlInput, HarmlessTabs) {
  constexpr std::string_view kBetween = "found character that cannot start any token";
  constexpr std::string_view kPlain = "found a tab character that violates indentation";
  EXPECT_EQ(harmless_tab("- \tx", kBetween, {0, 2}), 2u);
  EXPECT_EQ(harmless_tab("a: 1\n\t# c\n", kBetween, {1, 0}), 5u);
  EXPECT_EQ(harmless_tab("a: 1\n \t\n", kBetween, {1, 1}), 6u);
  EXPECT_EQ(harmless_tab("a:\n  b: x\n\t\n", kPlain, {2, 0}), 10u);
  EXPECT_FALSE(harmless_tab("a:\n\tb: 1\n", kBetween, {1, 0}));  // indents content
  EXPECT_FALSE(harmless_tab("a: foo\n\tbar\n", kPlain, {1, 0}));
  EXPECT_FALSE(harmless_tab("a: @\n", kBetween, {0, 3}));  // not a tab
  EXPECT_FALSE(harmless_tab("- \tx", "some other problem", {0, 2}));
  std::string text = "-\t \tx";
  blank_out_tabs(text, 1);
  EXPECT_EQ(text, "-   x");
}

}  // namespace
}  // namespace sls::config
