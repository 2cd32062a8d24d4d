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

std::string frame_of(const std::string& text, TextPosition at) {
  try {
    throw_parse_error(text, "f.yml", at, "bad");
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

TEST(TextPositions, FrameOfAHugeLineIsAWindowAroundTheColumn) {
  std::string line = "a: " + std::string(500'000, 'x') + "@" + std::string(500'000, 'y');
  std::string frame = frame_of(line, {0, 500'003});
  EXPECT_LT(frame.size(), 400u);
  auto source = frame.find("  1 | ...");
  ASSERT_NE(source, std::string::npos) << frame;
  auto caret_line = frame.rfind("\n");
  // The caret sits under the '@'.
  size_t at = frame.find('@', source) - (source + 6);
  size_t caret = frame.find('^', caret_line) - (caret_line + 7);
  EXPECT_EQ(at, caret) << frame;
  EXPECT_NE(frame.find("y..."), std::string::npos);
  // Near the start of the line: no leading "...", the caret stays in place.
  std::string start = frame_of("ab@" + std::string(1000, 'z'), {0, 2});
  EXPECT_NE(start.find("  1 | ab@zz"), std::string::npos) << start;
  EXPECT_NE(start.find("    |   ^"), std::string::npos) << start;
  // At the end of a long line (column just past it), multibyte characters counted as one.
  std::string end = frame_of(std::string(300, 'a') + "\u00e9\u00e9", {0, 302});
  EXPECT_NE(end.find("...a"), std::string::npos);
  EXPECT_NE(end.find("\u00e9\u00e9\n"), std::string::npos) << end;
}

}  // namespace
}  // namespace sls::config
