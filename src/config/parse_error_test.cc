#include "config/parse_error.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace sls::config {
namespace {

TEST(TextPositions, OffsetsAndPositionsCountCharacters) {
  const std::string text = "ab\n\xC3\xA9x\n\ny";  // "é" is two bytes
  EXPECT_EQ(position_of(text, 0).line, 0u);
  TextPosition x = position_of(text, 5);
  EXPECT_EQ(x.line, 1u);
  EXPECT_EQ(x.column, 1u);
  EXPECT_EQ(offset_of(text, {1, 1}), 5u);
  EXPECT_EQ(offset_of(text, {1, 2}), 6u);  // the line's '\n'
  EXPECT_EQ(offset_of(text, {1, 3}), std::string::npos);
  EXPECT_EQ(offset_of(text, {3, 0}), 8u);
  EXPECT_EQ(offset_of(text, {4, 0}), std::string::npos);
  EXPECT_EQ(position_of(text, 100).line, 3u);  // clamped to the end
}

TEST(TextPositions, ErrorNamesOneBasedPositionWithCodeFrame) {
  try {
    throw_parse_error("a: 1\r\nb: @\n", "f.yml", {1, 3}, "bad");
    FAIL();
  } catch (const UserError& e) {
    EXPECT_EQ(std::string(e.what()), "f.yml:2:4: bad\n\n  2 | b: @\n    |    ^");
    EXPECT_EQ(e.code, "CONFIGURATION_PARSE_ERROR");
  }
  try {
    throw_parse_error("", "f.yml", {0, 0}, "empty");
    FAIL();
  } catch (const UserError& e) {
    EXPECT_EQ(std::string(e.what()), "f.yml:1:1: empty");
  }
}

}  // namespace
}  // namespace sls::config
