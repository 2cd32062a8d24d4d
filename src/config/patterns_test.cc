#include "config/patterns.h"

#include <gtest/gtest.h>

#include <random>
#include <regex>
#include <string>
#include <vector>

namespace sls::config::patterns {
namespace {

// Each matcher against the std::regex it replaced (the expected answers come
// from std::regex; the matchers must agree on every string, with regex_match
// and with regex_search, as the product code used both).
struct Pattern {
  const char* name;
  bool (*matches)(std::string_view);
  const char* regex;
  bool icase;
  std::vector<std::string> examples;  // shapes worth mutating for this pattern
};

const std::vector<Pattern>& all_patterns() {
  static const std::vector<Pattern> kPatterns = {
      {"is_stage_name", is_stage_name, "^[A-Za-z0-9-]+$", false,
       {"dev", "prod-2", "-", "A-z09", "my_stage", "dev.1", "Ünï"}},
      {"is_api_gateway_stage_name", is_api_gateway_stage_name, "^[-_a-zA-Z0-9]+$", false,
       {"dev", "prod_2", "-_-", "a b", "dev.1"}},
      {"is_stack_name", is_stack_name, "^[a-zA-Z][a-zA-Z0-9-]*$", false,
       {"a", "my-stack-dev", "1stack", "-a", "a_b", "Z9-"}},
      {"is_service_name", is_service_name, "^[a-zA-Z][0-9a-zA-Z-]+$", false,
       {"a", "ab", "bench-service", "9lives", "a_b", "a-"}},
      {"is_function_name", is_function_name, "^[a-zA-Z0-9-_]+$", false,
       {"fn0", "hello_world", "my-fn", "a.b", "a b", "_", "-"}},
      {"is_http_method", is_http_method, R"(^(?:\*|GET|POST|PUT|PATCH|OPTIONS|HEAD|DELETE|ANY)$)",
       true, {"*", "get", "GET", "Post", "pUt", "patch", "OPTIONS", "head", "delete", "any", "GETS",
              "ge", "**", " get", "get "}},
      {"is_http_method_and_path", is_http_method_and_path,
       R"(^(?:\*|(GET|POST|PUT|PATCH|OPTIONS|HEAD|DELETE|ANY) (\/\S*))$)", true,
       {"*", "get /users", "GET /", "Post /a/{id}", "any /*", "get users", "get  /a", "get /a b",
        "* /a", "options /x?y=1", "delete /é"}},
      {"is_http_path", is_http_path, R"(^(?:\*|\/?\S*)$)", false,
       {"", "*", "/", "users/{id}", "/a/b", "a b", " /a", "/a ", "//", "é/ü"}},
      {"is_schedule_expression", is_schedule_expression,
       R"(^rate\((?:1 (?:minute|hour|day)|(?:1\d+|[2-9]\d*) (?:minute|hour|day)s)\)$|^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$)",
       false,
       {"rate(1 minute)", "rate(1 minutes)", "rate(10 minutes)", "rate(0 minutes)",
        "rate(01 minutes)", "rate(2 hours)", "rate(1 day)", "rate(5 days)", "rate(19 hours)",
        "rate(100 minutes)", "rate(2 hour)", "rate(1 hour)", "rate(5  minutes)",
        "rate(5 minutes) ", " rate(5 minutes)", "Rate(5 minutes)", "rate(-5 minutes)",
        "rate(5 Minutes)", "rate(1.5 hours)", "rate()", "rate(", "rate", "cron()",
        "cron(0 12 * * ? *)", "cron(0/5 8-17 ? * MON-FRI *)", "cron(0 12 * * ?)",
        "cron(0 12 * * ? * *)", "cron(0 12 * * ? *))", "cron(0 12 * * ? ))", "cron(0  12 * * ? *)",
        "cron( 0 12 * * ? *)", "cron(0 12 * * ? * )", "cron(0\t12 * * ? *)", "cron(a b c d e f)",
        "cron(é b c d e f)", "cron(0 12 * * ? *) ", "CRON(0 12 * * ? *)"}},
      {"is_decimal_number", is_decimal_number, R"(^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$)", false,
       {"0", "12", "-3", "+4", "1e5", "1E5", "1e+5", "1e-5", ".5", "5.", "+.5e-3", "-.5E+3", ".",
        "+", "-", "e5", "1e", "1e+", "1.2.3", "1..2", "0x1F", " 1", "1 ", "1_000", "١", "Infinity",
        "NaN", "--1", "+-1", "5.e3", ".e3", "00", "007.50"}},
      {"is_prefixed_integer", is_prefixed_integer, R"(^0([xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)$)",
       false,
       {"0x1F", "0X1f", "0xg", "0x", "0o17", "0O17", "0o8", "0b101", "0B1", "0b2", "0b", "00x1",
        "1x1", "0x1F ", "-0x1", "+0x1", "0d1"}},
      {"is_env_var_name", is_env_var_name, "^[A-Za-z_][a-zA-Z0-9_]*$", false,
       {"A", "_", "NODE_ENV", "a1", "1a", "A-B", "A B", "A.B", "ÄB"}},
      {"is_tag_key", is_tag_key, R"(^[\w./=+:\-_ ]{1,128}$)", false,
       {"Name", "team", "a b", "a.b/c=d+e:f-g_h", "aws:x", "a,b", "a@b", "a*b", "é",
        std::string(127, 'k'), std::string(128, 'k'), std::string(129, 'k'),
        std::string(128, ' '), std::string(64, 'a') + std::string(64, '.'),
        std::string(128, 'a') + "\n"}},
      {"is_logical_resource_id", is_logical_resource_id, R"(^[#A-Za-z0-9_./-]+[*]?$)", false,
       {"MyTopic", "Bucket*", "#x", "a-b_c.d/e", "*", "**", "a*b", "a b", "arn:aws:s3:::x", "é"}},
      {"is_iam_role_name", is_iam_role_name, "^[A-Za-z0-9/_+=,.@-]{1,64}$", false,
       {"my-role", "a/b_c+d=e,f.g@h-i", "role name", "role*", std::string(64, 'r'), std::string(65, 'r'), "é"}},
      {"is_kms_arn", is_kms_arn, R"(^arn:aws[a-z-]*:kms[\s\S]*$)", false,
       {"arn:aws:kms:us-east-1:123456789012:key/abc", "arn:aws-cn:kms:x", "arn:aws-us-gov:kms",
        "arn:aws:kms", "arn:aws:sns:x", "arn:awsX:kms", "arn:aws1:kms", "not-an-arn", "arn:aws:km"}},
      {"is_uri", is_uri, R"(^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#\[\]%]*$)", false,
       {"https://example.com/a?b=1#c", "s3://bucket/path", "a:", "1a:b", ":x", "ht tp://x", "https://x y",
        "mailto:a@b.c", "x+y.z-w:[::1]", "https://x/%20", "https://x/{a}", "https://é"}},
      {"is_s3_bucket_name", is_s3_bucket_name,
       R"((?!^(\d{1,3}\.){3}\d{1,3}$)(^(([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])\.)*([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])$))",
       false,
       {"my-bucket", "a.b.c", "1.2.3.4", "1.2.3", "1.2.3.4.5", "192.168.001.1", "1234.1.1.1", "a..b",
        "-a", "a-", "a.-b", "UPPER", "under_score", "x", "a.b-c.d9", "0", "1.2.3.a"}},
  };
  return kPatterns;
}

// Bytes that matter to one class or another: whitespace, the punctuation the
// patterns name, bytes next to the ranges' edges, NUL and bytes >= 0x80.
const std::string kInteresting = std::string("aAzZgG09185eExXoObB_-.+/=:*?()# \t\n\v\f\r@[]`{~") +
                                 std::string(1, '\0') + "\x7f\x80\xa0\xc3\xa9\xff";

std::vector<std::string> samples(const Pattern& p) {
  std::vector<std::string> out = {"", " ", "\n", "a", "A", "0", "-", "_"};
  for (int c = 0; c < 256; ++c) out.push_back(std::string(1, static_cast<char>(c)));
  for (const auto& example : p.examples) {
    out.push_back(example);
    out.push_back(" " + example);
    out.push_back(example + " ");
    out.push_back(example + "\n");
    out.push_back("\n" + example);
    if (example.size() > 40) continue;
    // Every byte in place of each character, the interesting ones inserted
    // before each character, each character removed.
    for (size_t i = 0; i <= example.size(); ++i) {
      for (char c : kInteresting) {
        std::string inserted = example;
        inserted.insert(inserted.begin() + static_cast<long>(i), c);
        out.push_back(inserted);
      }
      if (i == example.size()) break;
      for (int c = 0; c < 256; ++c) {
        std::string replaced = example;
        replaced[i] = static_cast<char>(c);
        out.push_back(replaced);
      }
      out.push_back(example.substr(0, i) + example.substr(i + 1));
    }
  }
  // Random strings over the interesting bytes and the examples' own bytes.
  std::string alphabet = kInteresting;
  for (const auto& example : p.examples) alphabet += example.substr(0, 40);
  std::mt19937 rng(12345);
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> length(0, 12);
  for (int i = 0; i < 3000; ++i) {
    std::string s;
    for (int n = length(rng); n > 0; --n) s += alphabet[pick(rng)];
    out.push_back(s);
  }
  return out;
}

TEST(Patterns, AgreeWithTheRegexesTheyReplace) {
  for (const auto& p : all_patterns()) {
    auto flags = std::regex::ECMAScript | (p.icase ? std::regex::icase : std::regex::ECMAScript);
    const std::regex re(p.regex, flags);
    int accepted = 0, rejected = 0;
    for (const auto& s : samples(p)) {
      bool expected = std::regex_match(s, re);
      ASSERT_EQ(std::regex_search(s, re), expected) << p.name << " (search vs match) on \"" << s << "\"";
      ASSERT_EQ(p.matches(s), expected) << p.name << " on \"" << s << "\"";
      (expected ? accepted : rejected)++;
    }
    // Both answers occur, so the comparison says something.
    EXPECT_GT(accepted, 10) << p.name;
    EXPECT_GT(rejected, 10) << p.name;
  }
}

TEST(Patterns, Stage) {
  EXPECT_TRUE(is_stage_name("dev"));
  EXPECT_TRUE(is_stage_name("prod-2"));
  EXPECT_FALSE(is_stage_name(""));
  EXPECT_FALSE(is_stage_name("my_stage"));
  EXPECT_FALSE(is_stage_name("dév"));
  EXPECT_TRUE(is_api_gateway_stage_name("my_stage"));
  EXPECT_FALSE(is_api_gateway_stage_name("my.stage"));
}

TEST(Patterns, Names) {
  EXPECT_TRUE(is_stack_name("a"));
  EXPECT_FALSE(is_stack_name("1a"));
  EXPECT_FALSE(is_service_name("a"));
  EXPECT_TRUE(is_service_name("ab"));
  EXPECT_FALSE(is_service_name("a_b"));
  EXPECT_TRUE(is_function_name("a-b_c"));
  EXPECT_FALSE(is_function_name("a.b"));
  EXPECT_TRUE(is_env_var_name("_NODE_ENV2"));
  EXPECT_FALSE(is_env_var_name("2X"));
}

TEST(Patterns, Http) {
  EXPECT_TRUE(is_http_method("gEt"));
  EXPECT_TRUE(is_http_method("*"));
  EXPECT_FALSE(is_http_method("fetch"));
  EXPECT_TRUE(is_http_method_and_path("GET /users/{id}"));
  EXPECT_TRUE(is_http_method_and_path("post /"));
  EXPECT_FALSE(is_http_method_and_path("get users"));
  EXPECT_FALSE(is_http_method_and_path("get /a b"));
  EXPECT_TRUE(is_http_path(""));
  EXPECT_TRUE(is_http_path("users/\xc3\xa9"));
  EXPECT_FALSE(is_http_path("users/a\tb"));
}

TEST(Patterns, Schedule) {
  EXPECT_TRUE(is_schedule_expression("rate(1 minute)"));
  EXPECT_FALSE(is_schedule_expression("rate(1 minutes)"));
  EXPECT_TRUE(is_schedule_expression("rate(10 minutes)"));
  EXPECT_FALSE(is_schedule_expression("rate(0 minutes)"));
  EXPECT_FALSE(is_schedule_expression("rate(01 minutes)"));
  EXPECT_FALSE(is_schedule_expression("rate(2 minute)"));
  EXPECT_TRUE(is_schedule_expression("cron(0 12 * * ? *)"));
  EXPECT_FALSE(is_schedule_expression("cron(0 12 * * ?)"));
  EXPECT_FALSE(is_schedule_expression("cron(0 12 * * ? * *)"));
}

TEST(Patterns, Numbers) {
  for (const char* s : {"1e5", ".5", "5.", "+.5e-3", "-12", "007"}) EXPECT_TRUE(is_decimal_number(s)) << s;
  for (const char* s : {"", ".", "1e", " 1", "0x1F", "1_0"}) EXPECT_FALSE(is_decimal_number(s)) << s;
  for (const char* s : {"0x1F", "0o17", "0b101"}) EXPECT_TRUE(is_prefixed_integer(s)) << s;
  for (const char* s : {"0x", "0o8", "0b2", "1x1"}) EXPECT_FALSE(is_prefixed_integer(s)) << s;
}

TEST(Patterns, TagKeys) {
  EXPECT_TRUE(is_tag_key(std::string(128, 'k')));
  EXPECT_FALSE(is_tag_key(std::string(129, 'k')));
  EXPECT_FALSE(is_tag_key(""));
  EXPECT_TRUE(is_tag_key("team name:a/b=c+d-e_f.g"));
  EXPECT_FALSE(is_tag_key("caf\xc3\xa9"));
}

}  // namespace
}  // namespace sls::config::patterns
