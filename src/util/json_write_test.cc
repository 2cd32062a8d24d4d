#include "util/json_write.h"

#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

namespace sls {
namespace {

// What nlohmann writes, or the message it throws.
std::string nl_dump(const Json& v, int indent) {
  try {
    return v.dump(indent);
  } catch (const Json::type_error& e) {
    return std::string("throws: ") + e.what();
  }
}

std::string ours(const Json& v, int indent, unsigned depth = 0) {
  try {
    std::string out;
    write_json(out, v, indent, depth);
    return out;
  } catch (const Json::type_error& e) {
    return std::string("throws: ") + e.what();
  }
}

void expect_same(const Json& v) {
  for (int indent : {-1, 0, 1, 2, 4}) EXPECT_EQ(ours(v, indent), nl_dump(v, indent)) << "indent " << indent;
}

// dump(2) with every line after the first indented `depth` more levels (what
// splicing a dump into a larger document used to do).
std::string reindented(const Json& v, unsigned depth) {
  std::string text = v.dump(2), pad(depth * 2, ' '), out;
  for (char c : text) {
    out += c;
    if (c == '\n') out += pad;
  }
  return out;
}

TEST(JsonWrite, Scalars) {
  for (const Json& v : {Json(), Json(true), Json(false), Json(0), Json(-1), Json(42), Json(100), Json(-1000000007),
                        Json(std::numeric_limits<int64_t>::min()), Json(std::numeric_limits<int64_t>::max()),
                        Json(0u), Json(7u), Json(std::numeric_limits<uint64_t>::max()), Json("")}) {
    expect_same(v);
  }
}

TEST(JsonWrite, DoublesLikeNlohmann) {
  const double values[] = {0.1,    1e21,     1e-7,   -0.0,     0.0,       3.0,     1.5e300, -1.5e-300,
                           1e16,   1e17,     1e20,   1e22,     123456.789, 0.3,    2.0 / 3, 5e-324,
                           DBL_MAX, DBL_MIN, -DBL_MAX, 1e-5,   1e-6,      9007199254740993.0, 4.35, 100.0,
                           std::nan(""), std::numeric_limits<double>::infinity(),
                           -std::numeric_limits<double>::infinity()};
  for (double d : values) EXPECT_EQ(ours(Json(d), 2), nl_dump(Json(d), 2)) << d;
  EXPECT_EQ(json_text(Json(1e21)), "1e+21");
  EXPECT_EQ(json_text(Json(1e-7)), "1e-07");
  EXPECT_EQ(json_text(Json(-0.0)), "-0.0");
  EXPECT_EQ(json_text(Json(3.0)), "3.0");
  EXPECT_EQ(json_text(Json(std::nan(""))), "null");
}

TEST(JsonWrite, RandomDoubleBitPatterns) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i) {
    uint64_t bits = rng();
    double d;
    std::memcpy(&d, &bits, sizeof d);
    ASSERT_EQ(json_text(Json(d)), Json(d).dump()) << bits;
  }
}

TEST(JsonWrite, EveryAsciiCharacterEscapedLikeNlohmann) {
  for (int c = 0; c < 0x80; ++c) {
    std::string s(1, static_cast<char>(c));
    EXPECT_EQ(ours(Json(s), 2), nl_dump(Json(s), 2)) << c;
  }
  EXPECT_EQ(json_text(Json(std::string("a\"b\\c\b\f\n\r\t\x01\x1f\x7f"))), R"("a\"b\\c\b\f\n\r\t\u0001\u001f)" "\x7f\"");
}

TEST(JsonWrite, SpecialCharactersAtEveryPositionOfLongerStrings) {
  // Covers the 8-byte block copy: the special byte in every lane and in the tail.
  for (const std::string& special : std::vector<std::string>{"\"", "\\", "\n", std::string(1, '\0'), "\x1f", "\xc3\xa9", "\xe2\x82\xac",
                                    "\xf0\x9f\x98\x80", "\xff", "\xe2\x82"}) {
    for (size_t len = 0; len < 40; ++len) {
      for (size_t at = 0; at <= len; ++at) {
        std::string s(len, 'x');
        s.insert(at, special);
        Json v(s);
        ASSERT_EQ(ours(v, 2), nl_dump(v, 2)) << len << " " << at;
        ASSERT_EQ(ours(Json{{s, 1}}, -1), nl_dump(Json{{s, 1}}, -1)) << len << " " << at;
      }
    }
  }
}

TEST(JsonWrite, Utf8PassesThrough) {
  for (const char* s : {"caf\xc3\xa9", "\xe2\x82\xac 5", "\xf0\x9f\x98\x80!", "\xef\xbf\xbd", "\xf4\x8f\xbf\xbf",
                        "\xed\x9f\xbf", "\xee\x80\x80", "\xc2\x80", "\xdf\xbf"})
    EXPECT_EQ(json_text(Json(s)), std::string("\"") + s + "\"");
}

TEST(JsonWrite, InvalidUtf8ThrowsWhatNlohmannThrows) {
  // Lone continuation, overlong forms, surrogates, above U+10FFFF, bytes that
  // never appear, a sequence cut by ASCII, cut by the end of the string.
  for (const char* s : {"\x80", "a\xbf", "\xc0\xaf", "\xc1\xbf", "\xe0\x80\xaf", "\xe0\x9f\xbf", "\xed\xa0\x80",
                        "\xed\xbf\xbf", "\xf0\x80\x80\x80", "\xf0\x8f\xbf\xbf", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80",
                        "\xf8", "\xfe", "\xff", "\xc3" "a", "\xe2\x82" "a", "\xf0\x9f\x98" "a", "\xe2\x82\xac\xc3",
                        "abc\xe2\x82", "abcdefghijkl\xf0\x9f", "\xc3\xa9\xc3\xc3\xa9"}) {
    Json v(s);
    std::string expected = nl_dump(v, 2);
    ASSERT_EQ(expected.rfind("throws: [json.exception.type_error.316]", 0), 0u) << expected;
    EXPECT_EQ(ours(v, 2), expected);
    EXPECT_EQ(ours(Json{{s, 1}}, 2), nl_dump(Json{{s, 1}}, 2));  // in a key
  }
  EXPECT_THROW(json_text(Json("\xff")), nlohmann::json::type_error);
}

TEST(JsonWrite, Containers) {
  Json v = Json::parse(R"({"a": {}, "b": [], "c": [[], {}, [1, [2, {"x": null}]]],
                           "d": {"e": {"f": {"g": "h"}}}, "": "", "n": [1.5, -2, true, false, null]})");
  expect_same(v);
  expect_same(Json::object());
  expect_same(Json::array());
  expect_same(Json::array({Json::array()}));
  // ordered: insertion order, not sorted
  Json o = Json::object();
  o["z"] = 1;
  o["a"] = 2;
  o["m"] = Json::object();
  expect_same(o);
  EXPECT_EQ(json_text(o, 2), "{\n  \"z\": 1,\n  \"a\": 2,\n  \"m\": {}\n}");
}

TEST(JsonWrite, BinaryAndDiscardedLikeNlohmann) {
  expect_same(Json::binary({1, 2, 255}));
  expect_same(Json::binary({}, 42));
  expect_same(Json::binary({0}, 7));
  expect_same(Json{{"bin", Json::binary({3, 4})}, {"list", {Json::binary({})}}});
  expect_same(Json(Json::value_t::discarded));
}

TEST(JsonWrite, AppendsAtAGivenDepthWithoutReindenting) {
  Json v = Json::parse(R"({"Resources": {"A": {"Type": "X", "Props": [1, {"k": "v"}, []]}}, "E": {}})");
  for (unsigned depth : {0u, 1u, 3u, 9u, 40u}) {
    std::string out = "prefix";
    write_json(out, v, 2, depth);
    EXPECT_EQ(out, "prefix" + reindented(v, depth)) << depth;
  }
  std::string out;
  out.reserve(1 << 20);
  const char* data = out.data();
  write_json(out, v, 2);
  EXPECT_EQ(out, v.dump(2));
  EXPECT_EQ(out.data(), data);  // wrote into the reserved room
}

TEST(JsonWrite, GrowsPastItsInitialRoom) {
  Json big = Json::array();
  for (int i = 0; i < 5000; ++i) big.push_back({{"key" + std::to_string(i), std::string(i % 97, 'q')}});
  Json long_string(std::string(100000, 'x') + "\n" + std::string(100000, '"'));
  expect_same(big);
  expect_same(long_string);
  std::string out(12345, '-');
  write_json(out, big, 2, 2);
  EXPECT_EQ(out, std::string(12345, '-') + reindented(big, 2));
}

TEST(JsonWrite, StreamingBuildsWhatDumpWrites) {
  Json inner = Json::parse(R"({"Type": "AWS::S3::Bucket", "Props": {"A": [1, 2]}})");
  Json expected = {{"service", {{"name", "svc"}, {"template", inner}, {"empty", Json::object()}, {"list", {1, "two", inner}}}},
                   {"none", Json::array()}};
  for (int indent : {-1, 0, 2, 4}) {
    std::string out;
    {
      JsonWriter w(out, indent);
      w.begin_object();
      w.key("service");
      w.begin_object();
      w.key("name");
      w.value(std::string_view("svc"));
      w.key("template");
      w.value(inner);
      w.key("empty");
      w.begin_object();
      w.end_object();
      w.key("list");
      w.begin_array();
      w.value(Json(1));
      w.value(std::string_view("two"));
      w.value(inner);
      w.end_array();
      w.end_object();
      w.key("none");
      w.begin_array();
      w.end_array();
      w.end_object();
    }
    EXPECT_EQ(out, expected.dump(indent)) << indent;
  }
}

TEST(JsonWrite, StreamingAtADepth) {
  Json expected = {{"a", {{"b", Json::array({1, 2})}}}};
  std::string out = "x";
  JsonWriter w(out, 2, 2);
  w.begin_object();
  w.key("a");
  w.begin_object();
  w.key("b");
  w.value(Json::array({1, 2}));
  w.end_object();
  w.end_object();
  w.finish();
  EXPECT_EQ(out, "x" + reindented(expected, 2));
}

TEST(JsonWrite, StreamingMisuseIsALogicError) {
  std::string out;
  JsonWriter w(out);
  EXPECT_THROW(w.key("a"), std::logic_error);
  EXPECT_THROW(w.end_object(), std::logic_error);
  w.begin_object();
  EXPECT_THROW(w.value(Json(1)), std::logic_error);
  EXPECT_THROW(w.end_array(), std::logic_error);
  w.key("a");
  EXPECT_THROW(w.key("b"), std::logic_error);
  EXPECT_THROW(w.end_object(), std::logic_error);

  std::string done;
  JsonWriter finished(done);
  finished.value(Json(1));
  finished.finish();
  EXPECT_THROW(finished.value(Json("more")), std::logic_error);
  EXPECT_EQ(done, "1");
}

// Random trees: every kind of value, keys and strings with escapes, UTF-8
// and (sometimes) invalid bytes.
class RandomJson {
 public:
  explicit RandomJson(uint32_t seed) : rng_(seed) {}

  Json value(int depth) {
    int kind = pick(depth > 0 ? 10 : 7);
    switch (kind) {
      case 0: return nullptr;
      case 1: return pick(2) == 0;
      case 2: return static_cast<int64_t>(rng_()) >> pick(64);
      case 3: return static_cast<uint64_t>(rng_()) >> pick(64);
      case 4: return number();
      case 5:
      case 6: return text();
      case 7:
      case 8: {
        Json o = Json::object();
        for (int n = pick(7); n > 0; --n) o[text()] = value(depth - 1);
        return o;
      }
      default: {
        Json a = Json::array();
        for (int n = pick(7); n > 0; --n) a.push_back(value(depth - 1));
        return a;
      }
    }
  }

  bool allow_invalid = false;

 private:
  int pick(int n) { return static_cast<int>(rng_() % static_cast<uint64_t>(n)); }

  double number() {
    switch (pick(4)) {
      case 0: {
        uint64_t bits = rng_();
        double d;
        std::memcpy(&d, &bits, sizeof d);
        return d;
      }
      case 1: return static_cast<double>(static_cast<int64_t>(rng_() % 2000000) - 1000000) / 1000.0;
      case 2: return std::ldexp(static_cast<double>(rng_() % 1000), pick(200) - 100);
      default: return static_cast<double>(pick(100));
    }
  }

  std::string text() {
    static const char* pieces[] = {"a", "Fn::GetAtt", "Arn", "\"", "\\", "\n", "\t", "\x01", "\x1f", "/",
                                   "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", " ", "0123456789", "\x7f"};
    std::string s;
    for (int n = pick(12); n > 0; --n) {
      if (allow_invalid && pick(40) == 0) {
        s += static_cast<char>(0x80 + pick(128));
      } else {
        s += pieces[pick(sizeof pieces / sizeof *pieces)];
      }
    }
    return s;
  }

  std::mt19937_64 rng_;
};

TEST(JsonWrite, RandomTreesMatchNlohmann) {
  RandomJson gen(12345);
  for (int i = 0; i < 400; ++i) {
    Json v = gen.value(5);
    for (int indent : {-1, 2}) ASSERT_EQ(ours(v, indent), nl_dump(v, indent)) << i;
    std::string nested = "{";
    write_json(nested, v, 2, 3);
    ASSERT_EQ(nested, "{" + reindented(v, 3)) << i;
  }
}

TEST(JsonWrite, RandomTreesWithInvalidBytesThrowLikeNlohmann) {
  RandomJson gen(99);
  gen.allow_invalid = true;
  int threw = 0;
  for (int i = 0; i < 400; ++i) {
    Json v = gen.value(4);
    std::string expected = nl_dump(v, 2);
    ASSERT_EQ(ours(v, 2), expected) << i;
    threw += expected.rfind("throws: ", 0) == 0;
  }
  EXPECT_GT(threw, 50);
}

}  // namespace
}  // namespace sls
