#include "config/var_parse.h"

#include <gtest/gtest.h>

namespace sls::config::vars {
namespace {

std::string error_of(std::string_view text) {
  try {
    parse_variables(text);
  } catch (const VarFailure& f) {
    return f.error->message;
  }
  return "<no error>";
}

TEST(VarParse, NoVariables) {
  EXPECT_FALSE(parse_variables("plain"));
  EXPECT_FALSE(parse_variables("${AWS::Region}"));
  EXPECT_FALSE(parse_variables("${Foo}"));
  EXPECT_FALSE(parse_variables("$ {self:x}"));
  EXPECT_FALSE(parse_variables(""));
}

TEST(VarParse, WholeStringVariableHasNoRange) {
  auto vars = parse_variables("${self:custom.a}");
  ASSERT_TRUE(vars);
  ASSERT_EQ(vars->size(), 1u);
  const auto& v = *vars->front();
  EXPECT_FALSE(v.start);
  ASSERT_TRUE(v.sources);
  ASSERT_EQ(v.sources->size(), 1u);
  EXPECT_EQ(v.sources->front().type, "self");
  EXPECT_FALSE(v.sources->front().params);
  EXPECT_EQ(v.sources->front().address->value, "custom.a");
}

TEST(VarParse, VariablesInsideText) {
  auto vars = parse_variables("a-${opt:stage}-${env:X}");
  ASSERT_TRUE(vars);
  ASSERT_EQ(vars->size(), 2u);
  EXPECT_EQ(*(*vars)[0]->start, 2u);
  EXPECT_EQ(*(*vars)[0]->end, 14u);
  EXPECT_EQ(*(*vars)[1]->start, 15u);
  EXPECT_EQ(*(*vars)[1]->end, 23u);
}

TEST(VarParse, FallbacksAndLiterals) {
  auto last_source = [](std::string_view text) {
    auto vars = parse_variables(text);
    return vars->front()->sources->back();
  };
  auto vars = parse_variables("${env:X, opt:y, 'a b'}");
  ASSERT_TRUE(vars);
  const auto& sources = *vars->front()->sources;
  ASSERT_EQ(sources.size(), 3u);
  EXPECT_EQ(sources[1].type, "opt");
  EXPECT_EQ(sources[1].address->value, "y");
  EXPECT_FALSE(sources[2].type);
  EXPECT_EQ(sources[2].literal, "a b");
  EXPECT_EQ(last_source("${env:X, \"c\\n\"}").literal, "c\n");
  EXPECT_EQ(last_source("${env:X, 5}").literal, 5);
  EXPECT_EQ(last_source("${env:X, -1.5}").literal, -1.5);
  EXPECT_EQ(last_source("${env:X, true}").literal, true);
  EXPECT_TRUE(last_source("${env:X, null}").literal.is_null());
  // A literal must be the last source.
  EXPECT_EQ(error_of("${env:X, 'a', env:Y}"),
            "Invalid variable source at index 9 in \"${env:X, 'a', env:Y}\"");
}

TEST(VarParse, ParamsWithLiteralsAndNesting) {
  auto vars = parse_variables("${file(./a.yml, 0, 12, ${opt:x}-y):k.${sls:stage}}");
  ASSERT_TRUE(vars);
  const auto& source = vars->front()->sources->front();
  EXPECT_EQ(source.type, "file");
  ASSERT_TRUE(source.params);
  ASSERT_EQ(source.params->size(), 4u);
  EXPECT_EQ((*source.params)[0]->value, "./a.yml");
  EXPECT_TRUE((*source.params)[1]->value.is_null());  // falsy literal 0 becomes null, as in osls
  EXPECT_EQ((*source.params)[2]->value, 12);
  EXPECT_EQ((*source.params)[3]->value, "${opt:x}-y");
  ASSERT_TRUE((*source.params)[3]->variables);
  EXPECT_EQ(*(*source.params)[3]->variables->front()->end, 8u);
  EXPECT_EQ(source.address->value, "k.${sls:stage}");
  ASSERT_TRUE(source.address->variables);
  EXPECT_EQ(*source.address->variables->front()->start, 2u);
}

TEST(VarParse, Escapes) {
  auto one = parse_variables("\\${x:y}");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->front()->value, "$");
  EXPECT_FALSE(one->front()->sources);
  auto two = parse_variables("\\\\${x:y}");
  ASSERT_TRUE(two);
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ((*two)[0]->value, "\\");
  EXPECT_TRUE((*two)[1]->sources);
}

TEST(VarParse, SyntaxErrors) {
  EXPECT_EQ(error_of("${self:x"), "Missing variable closing bracket in ${self:x");
  EXPECT_EQ(error_of("${file(${x}):a}"), "Invalid variable type at index 9 in \"${file(${x}):a}\"");
  EXPECT_EQ(error_of("${env:X, ${opt:y}}"), "Invalid variable source at index 9 in \"${env:X, ${opt:y}}\"");
  EXPECT_EQ(error_of("${env:X, a b}"), "Invalid literal source \"a b\" at index 9 in \"${env:X, a b}\"");
  EXPECT_EQ(error_of("${file(a}"), "Invalid variable param at index 7 in \"${file(a}\"");
  EXPECT_EQ(error_of("${file(a)x}"), "Invalid variable address at index 9 in \"${file(a)x}\"");
  EXPECT_EQ(error_of("${env:X, Opt:y}"), "Invalid variable source at index 9 in \"${env:X, Opt:y}\"");
  EXPECT_EQ(error_of("${env:X, \"a\\q\"}"),
            "Invalid string literal at index 9 in \"${env:X, \"a\\q\"}\": Bad escaped character in "
            "JSON at position 3");
  EXPECT_EQ(error_of("${env:X, \"\\u12x4\"}"),
            "Invalid string literal at index 9 in \"${env:X, \"\\u12x4\"}\": Bad Unicode escape in "
            "JSON at position 5");
  EXPECT_EQ(error_of("${env:X, \"a\tb\"}"),
            "Invalid string literal at index 9 in \"${env:X, \"a\tb\"}\": Bad control character in "
            "string literal in JSON at position 2");
  EXPECT_EQ(error_of("${self:'a'b}"), "Invalid variable address at index 7 in \"${self:'a'b}\"");
}

}  // namespace
}  // namespace sls::config::vars
