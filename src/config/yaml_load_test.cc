#include "config/yaml_load.h"

#include <gtest/gtest.h>

#include <fstream>

#include "config/yaml_scalar.h"
#include "util/error.h"

namespace sls::config {
namespace {

namespace fs = std::filesystem;

Json y(const std::string& text) { return parse_yaml(text, "serverless.yml"); }

std::string error_of(const std::string& text) {
  try {
    parse_yaml(text, "serverless.yml");
  } catch (const UserError& e) {
    return e.what();
  }
  return "<no error>";
}

// Expected values were taken from js-yaml 4 with osls's cloudformation schema
// (node -e "require('js-yaml').load(...)"), after osls's JSON round trip.
TEST(YamlScalars, BoolsAndNullsFollowJsYaml) {
  Json doc = y("a: true\nb: True\nc: FALSE\nd: tRue\ne: yes\nf: on\ng: off\nh: n\n"
               "i: null\nj: ~\nk:\nl: Null\nm: NULL\nn: nULL\n");
  EXPECT_EQ(doc, Json::parse(R"({"a":true,"b":true,"c":false,"d":"tRue","e":"yes","f":"on",
    "g":"off","h":"n","i":null,"j":null,"k":null,"l":null,"m":null,"n":"nULL"})"));
}

TEST(YamlScalars, IntegersFollowJsYaml) {
  Json doc = y("a: 0x1F\nb: 0o17\nc: 017\nd: 09\ne: 1_000\nf: 0b101\ng: +12\nh: -0\n"
               "i: -0x1F\nj: 00\nk: 0x\nl: 0B1\nm: 0_1\nn: 1234567890123\no: 9007199254740993\n");
  EXPECT_EQ(doc, Json::parse(R"({"a":31,"b":15,"c":17,"d":9,"e":"1_000","f":5,"g":12,"h":0,
    "i":-31,"j":0,"k":"0x","l":"0B1","m":"0_1","n":1234567890123,"o":9007199254740992})"));
  EXPECT_TRUE(doc["a"].is_number_integer());
}

TEST(YamlScalars, FloatsFollowJsYaml) {
  Json doc = y("a: 1.5\nb: .5\nc: 1.\nd: 1e3\ne: 1.0e+3\nf: .inf\ng: -.Inf\nh: .NaN\n"
               "i: +.5\nj: -.5\nk: 1e400\nl: 1e\nm: NaN\nn: .iNf\no: 6.8523015e+5\np: 2.50\n");
  EXPECT_EQ(doc, Json::parse(R"({"a":1.5,"b":0.5,"c":1,"d":1000,"e":1000,"f":null,"g":null,
    "h":null,"i":"+.5","j":"-.5","k":"1e400","l":"1e","m":"NaN","n":".iNf","o":685230.15,"p":2.5})"));
  // Integral floats print like JavaScript numbers ("1000", not "1000.0").
  EXPECT_EQ(doc["d"].dump(), "1000");
  EXPECT_TRUE(doc["c"].is_number_integer());
}

TEST(YamlScalars, DatesAndOtherShapesStayStrings) {
  Json doc = y("a: 2020-01-01\nb: 2020-01-01T10:00:00Z\nc: 1:20\nd: 12:30:00\nVersion: 2012-10-17\n");
  EXPECT_EQ(doc, Json::parse(R"({"a":"2020-01-01","b":"2020-01-01T10:00:00Z","c":"1:20",
    "d":"12:30:00","Version":"2012-10-17"})"));
}

TEST(YamlScalars, QuotedAndExplicitlyTaggedScalars) {
  Json doc = y("a: \"yes\"\nb: '1'\nc: \"true\"\nd: !!str 12\ne: !!int \"12\"\nf: !!float 1\n"
               "g: ! 12\nh: !!timestamp 2020-01-01\ni: |\n  line1\n  line2\nj: >-\n  folded\n  text\n"
               "k: 'it''s'\nl: \"\\u00e9\"\n");
  EXPECT_EQ(doc, Json::parse(R"({"a":"yes","b":"1","c":"true","d":"12","e":12,"f":1,"g":"12",
    "h":"2020-01-01T00:00:00.000Z","i":"line1\nline2\n","j":"folded text","k":"it's","l":"é"})"));
}

TEST(YamlScalars, KeysAreJavaScriptStrings) {
  Json doc = y("1: a\ntrue: b\n~: c\n0x1F: e\n1.5: f\n\"x\": g\n");
  EXPECT_EQ(doc, Json::parse(R"({"1":"a","31":"e","true":"b","null":"c","1.5":"f","x":"g"})"));
  EXPECT_EQ(js_key_string(Json(2)), "2");
}

TEST(YamlLoad, KeepsKeyOrder) {
  Json doc = y("zeta: 1\nalpha: 2\nmid: {b: 1, a: 2}\n");
  EXPECT_EQ(doc.dump(), R"({"zeta":1,"alpha":2,"mid":{"b":1,"a":2}})");
}

TEST(YamlLoad, AnchorsAndAliases) {
  Json doc = y("a: &x {k: 1}\nb: *x\nc: &s [1, 2]\nd: *s\ne: &v hello\nf: *v\n");
  EXPECT_EQ(doc["b"], doc["a"]);
  EXPECT_EQ(doc["d"], Json::array({1, 2}));
  EXPECT_EQ(doc["f"], "hello");
}

TEST(YamlLoad, MergeKeySingleMap) {
  // Explicit keys win over merged ones wherever they appear; merged keys go
  // where `<<` stands.
  EXPECT_EQ(y("x: &A {a: 1, b: 2}\ny: {a: 0, <<: *A, c: 3}\n")["y"].dump(), R"({"a":0,"b":2,"c":3})");
  EXPECT_EQ(y("x: &A {a: 1, b: 2}\ny: {<<: *A, a: 0}\n")["y"].dump(), R"({"a":0,"b":2})");
}

TEST(YamlLoad, MergeKeyListOfMapsFirstWins) {
  Json doc = y("x: &A {a: 1, b: 2}\nz: &B {b: 5, d: 6}\ny:\n  <<: [*A, *B]\n  c: 3\n");
  EXPECT_EQ(doc["y"].dump(), R"({"a":1,"b":2,"d":6,"c":3})");
}

TEST(YamlLoad, MergeOfNestedAnchorsAndQuotedKey) {
  Json doc = y("base: &base\n  runtime: nodejs20.x\n  env: {A: 1}\nfn:\n  <<: *base\n  memorySize: 512\n"
               "q: {\"<<\": 1}\n");
  EXPECT_EQ(doc["fn"].dump(), R"({"runtime":"nodejs20.x","env":{"A":1},"memorySize":512})");
  EXPECT_EQ(doc["q"].dump(), R"({"<<":1})");  // a quoted "<<" is an ordinary key
}

TEST(YamlLoad, MergeOfNonMappingIsAnError) {
  EXPECT_NE(error_of("y: {<<: 5}\n").find("cannot merge mappings"), std::string::npos);
  EXPECT_NE(error_of("y: {<<: [1]}\n").find("cannot merge mappings"), std::string::npos);
}

TEST(YamlCfnTags, ScalarForms) {
  Json doc = y("a: !Ref X\nb: !GetAtt A.B.C\nc: !GetAtt A\nd: !Sub \"${x}\"\ne: !Condition C\n"
               "f: !GetAZs ''\ng: !ImportValue exp\nh: !Base64 text\ni: !Ref 123\nj: !GetStackOutput x\n");
  EXPECT_EQ(doc, Json::parse(R"({"a":{"Ref":"X"},"b":{"Fn::GetAtt":["A","B.C"]},
    "c":{"Fn::GetAtt":["A",""]},"d":{"Fn::Sub":"${x}"},"e":{"Condition":"C"},"f":{"Fn::GetAZs":""},
    "g":{"Fn::ImportValue":"exp"},"h":{"Fn::Base64":"text"},"i":{"Ref":"123"},
    "j":{"Fn::GetStackOutput":"x"}})"));
}

TEST(YamlCfnTags, SequenceAndMappingForms) {
  Json doc = y(
      "a: !GetAtt [A, B]\nb: !Sub [\"${x}\", {x: 1}]\nc: !Join [\",\", [a, b]]\n"
      "d: !If [C, !Ref A, !Ref \"AWS::NoValue\"]\ne: !Select [0, !GetAZs \"\"]\n"
      "f: !Split [\",\", !Ref L]\ng: !Equals [!Ref S, prod]\nh: !Not [!Condition C]\n"
      "i: !And [!Condition A, !Condition B]\nj: !Or [!Condition A, !Condition B]\n"
      "k: !FindInMap [M, !Ref \"AWS::Region\", ami]\nl: !Cidr [!GetAtt V.CidrBlock, 6, 5]\n"
      "m: !Base64 {Ref: x}\nn: !Transform {Name: x}\no: !ImportValue {\"Fn::Sub\": \"${S}-x\"}\n");
  EXPECT_EQ(doc, Json::parse(R"({"a":{"Fn::GetAtt":["A","B"]},"b":{"Fn::Sub":["${x}",{"x":1}]},
    "c":{"Fn::Join":[",",["a","b"]]},"d":{"Fn::If":["C",{"Ref":"A"},{"Ref":"AWS::NoValue"}]},
    "e":{"Fn::Select":[0,{"Fn::GetAZs":""}]},"f":{"Fn::Split":[",",{"Ref":"L"}]},
    "g":{"Fn::Equals":[{"Ref":"S"},"prod"]},"h":{"Fn::Not":[{"Condition":"C"}]},
    "i":{"Fn::And":[{"Condition":"A"},{"Condition":"B"}]},"j":{"Fn::Or":[{"Condition":"A"},{"Condition":"B"}]},
    "k":{"Fn::FindInMap":["M",{"Ref":"AWS::Region"},"ami"]},"l":{"Fn::Cidr":[{"Fn::GetAtt":["V","CidrBlock"]},6,5]},
    "m":{"Fn::Base64":{"Ref":"x"}},"n":{"Fn::Transform":{"Name":"x"}},
    "o":{"Fn::ImportValue":{"Fn::Sub":"${S}-x"}}})"));
}

TEST(YamlLoad, QuestionMarkInsideFlowScalar) {
  // js-yaml (and so osls) reads the cron string; so must we.
  Json doc = y("rate: [rate(5 minutes), cron(0 12 * * ? *)]\nm: {a: b ? c, 'q ? ': x}\n# [ ? \n");
  EXPECT_EQ(doc.dump(), R"js({"rate":["rate(5 minutes)","cron(0 12 * * ? *)"],"m":{"a":"b ? c","q ? ":"x"}})js");
}

TEST(YamlScalars, BlockScalarsKeepOrFoldLines) {
  Json doc = y("a: |\n  l1\n   l2\n\n  l3\nb: |-\n  x\nc: |+\n  x\n\nd: >\n  f1\n  f2\n\n  p2\n"
               "e: >-\n  x\n  y\nf: |2\n   indented\ng: >\n  a\n    more\n  b\nh: |\n  1\n");
  EXPECT_EQ(doc, Json::parse(R"({"a":"l1\n l2\n\nl3\n","b":"x","c":"x\n\n","d":"f1 f2\np2\n",
    "e":"x y","f":" indented\n","g":"a\n  more\nb\n","h":"1\n"})"));
}

TEST(YamlScalars, ExplicitCoreTags) {
  Json doc = y("a: !!bool true\nb: !!null ~\nc: !!int -0x1F\nd: !!float .5\ne: !!str true\n"
               "f: !<tag:yaml.org,2002:str> 1\ng: !!null\nh: !!str\n");
  EXPECT_EQ(doc, Json::parse(R"({"a":true,"b":null,"c":-31,"d":0.5,"e":"true","f":"1","g":null,"h":""})"));
  EXPECT_EQ(error_of("a: 1\nb: !!int 1.5\n").rfind(
                "serverless.yml:2:4: cannot resolve a node with explicit tag !!int from \"1.5\"", 0),
            0u);
  EXPECT_NE(error_of("a: !!bool yes\n").find("explicit tag !!bool from \"yes\""), std::string::npos);
  EXPECT_NE(error_of("a: !!timestamp 2020-1-1\n").find("unsupported !!timestamp"), std::string::npos);
}

TEST(YamlScalars, Unicode) {
  Json doc = y("\xC3\xA9t\xC3\xA9: caf\xC3\xA9 \xE2\x98\x83\nb: \"\\u00e9\\U0001F600\"\n"
               "c: 'x\xE2\x80\xA8y'\nd: x\xE2\x80\xA9y\ne: \"\\x41\\t\\N\"\n");
  EXPECT_EQ(doc["\xC3\xA9t\xC3\xA9"], "caf\xC3\xA9 \xE2\x98\x83");
  EXPECT_EQ(doc["b"], "\xC3\xA9\xF0\x9F\x98\x80");
  // U+2028 and U+2029 are ordinary characters (YAML 1.2, js-yaml), not line breaks.
  EXPECT_EQ(doc["c"], "x\xE2\x80\xA8y");
  EXPECT_EQ(doc["d"], "x\xE2\x80\xA9y");
  EXPECT_EQ(doc["e"], "A\t\xC2\x85");
  // A byte-order mark is skipped; invalid UTF-8 reads as U+FFFD like Node's decoder.
  EXPECT_EQ(y("\xEF\xBB\xBF" "a: 1\n"), Json::parse(R"({"a":1})"));
  EXPECT_EQ(y("a: x\xFF\nb: \xC3(\n"), Json::parse("{\"a\":\"x\xEF\xBF\xBD\",\"b\":\"\xEF\xBF\xBD(\"}"));
  // Columns count characters, not bytes.
  EXPECT_EQ(error_of("\xC3\xA4: !Foo x\n").rfind("serverless.yml:1:4: unknown tag !Foo", 0), 0u);
}

TEST(YamlScalars, WindowsLineEndings) {
  EXPECT_EQ(y("a: 1\r\nb:\r\n  - x\r\nc: |\r\n  t\r\n"), Json::parse(R"({"a":1,"b":["x"],"c":"t\n"})"));
  EXPECT_EQ(error_of("a: b\r\n  c: d\r\n").rfind("serverless.yml:2:4: ", 0), 0u);
}

TEST(YamlLoad, TagsOnCollections) {
  Json doc = y("a: !!map {b: 1}\nb: !!seq [1]\nc: ! {d: 2}\nd: ! [3]\n");
  EXPECT_EQ(doc, Json::parse(R"({"a":{"b":1},"b":[1],"c":{"d":2},"d":[3]})"));
  EXPECT_EQ(error_of("a: 1\nb: !Foo {c: 1}\n").rfind("serverless.yml:2:4: unknown tag !Foo on a mapping", 0), 0u);
  EXPECT_NE(error_of("a: !!map [1]\n").find("unknown tag !!map on a sequence"), std::string::npos);
  EXPECT_NE(error_of("a: !!set {x}\n").find("unknown tag !!set on a mapping"), std::string::npos);
}

TEST(YamlLoad, AnchoredCollectionsAndTaggedAnchors) {
  Json doc = y("a: &m\n  k: [1, {x: y}]\nb: *m\nc: &r !Ref R\nd: *r\ne: &g !GetAtt A.B\nf: [*g, *m]\n");
  EXPECT_EQ(doc["b"], doc["a"]);
  EXPECT_EQ(doc["d"], Json::parse(R"({"Ref":"R"})"));
  EXPECT_EQ(doc["f"], Json::parse(R"([{"Fn::GetAtt":["A","B"]},{"k":[1,{"x":"y"}]}])"));
  // A later anchor of the same name replaces the earlier one.
  EXPECT_EQ(y("a: &x 1\nb: &x 2\nc: *x\n")["c"], 2);
  // An alias used as a key is its scalar's string.
  EXPECT_EQ(y("a: &k 1\n*k : 2\n").dump(), R"({"1":2,"a":1})");
  EXPECT_EQ(error_of("a: &m {b: 1}\n*m : 2\n").rfind("serverless.yml:2:1: complex mapping keys", 0), 0u);
}

TEST(YamlLoad, MergeFromAliasesAndAnchoredSources) {
  // `<<` of an alias to a mapping, to a list of mappings, and of an anchored
  // inline mapping that later entries alias again.
  Json doc = y("defaults: &d {runtime: nodejs20.x, memorySize: 128}\n"
               "list: &l [{a: 1}, {b: 2}]\n"
               "f1: {<<: *d, memorySize: 512}\n"
               "f2: {<<: *l, c: 3}\n"
               "f3:\n  <<: &e {x: 1, y: 2}\n  y: 3\n"
               "f4: {<<: [*e, {z: 4}, *d]}\n"
               "f5: {<<: !Ref R}\n");
  EXPECT_EQ(doc["f1"].dump(), R"({"runtime":"nodejs20.x","memorySize":512})");
  EXPECT_EQ(doc["f2"].dump(), R"({"a":1,"b":2,"c":3})");
  EXPECT_EQ(doc["f3"].dump(), R"({"x":1,"y":3})");
  EXPECT_EQ(doc["f4"].dump(), R"({"x":1,"y":2,"z":4,"runtime":"nodejs20.x","memorySize":128})");
  EXPECT_EQ(doc["f5"].dump(), R"({"Ref":"R"})");  // a tagged source is merged as what it becomes
  // The anchored value itself is not changed by merging or overriding.
  EXPECT_EQ(doc["defaults"].dump(), R"({"runtime":"nodejs20.x","memorySize":128})");
  // A key given twice explicitly is still an error after a merge supplied it.
  EXPECT_NE(error_of("d: &d {a: 1}\ny: {<<: *d, a: 2, a: 3}\n").find("duplicated mapping key \"a\""),
            std::string::npos);
  // The merge error points at the offending source.
  EXPECT_EQ(error_of("s: &s text\ny: {<<: *s}\n").rfind("serverless.yml:2:9: cannot merge mappings", 0), 0u);
  EXPECT_EQ(error_of("m: &m {a: 1}\ny:\n  <<: [*m, 5]\n").rfind("serverless.yml:3:7: cannot merge mappings", 0),
            0u);
}

TEST(YamlLoad, EmptyKeysAndValues) {
  EXPECT_EQ(y("? \n: b\n").dump(), R"({"null":"b"})");
  EXPECT_EQ(y("'': a\n").dump(), R"({"":"a"})");
  EXPECT_EQ(y("a: {b, c: }\n").dump(), R"({"a":{"b":null,"c":null}})");
  EXPECT_EQ(y("a: [a:b, c: d]\n").dump(), R"({"a":["a:b",{"c":"d"}]})");
}

TEST(YamlCfnTags, EmptyTaggedScalarIsNullUnlessQuoted) {
  EXPECT_EQ(y("a: !Ref\nb: !GetAZs ''\nc: !GetAZs \"\"\nd: [!Ref , x]\n").dump(),
            R"({"a":{"Ref":null},"b":{"Fn::GetAZs":""},"c":{"Fn::GetAZs":""},"d":[{"Ref":null},"x"]})");
}

TEST(YamlCfnTags, BlockStyle) {
  Json doc = y("Value:\n  !Join\n    - ''\n    - - 'arn:aws:s3:::'\n      - !Ref Bucket\n");
  EXPECT_EQ(doc.dump(), R"({"Value":{"Fn::Join":["",["arn:aws:s3:::",{"Ref":"Bucket"}]]}})");
}

TEST(YamlErrors, UnknownTagNamesTagAndLocation) {
  std::string e = error_of("a: 1\nb: !Foo x\n");
  EXPECT_NE(e.find("serverless.yml:2:4: unknown tag !Foo"), std::string::npos) << e;
  EXPECT_NE(error_of("a: !!js/regexp /x/\n").find("unknown tag !!js/regexp"), std::string::npos);
}

TEST(YamlErrors, SyntaxErrorHasLineColumnAndSnippet) {
  std::string e = error_of("a: b\n  c: d\n");
  EXPECT_EQ(e.rfind("serverless.yml:2:", 0), 0u) << e;
  EXPECT_NE(e.find("  2 |   c: d"), std::string::npos) << e;
  EXPECT_EQ(error_of("a: *unknown\n").rfind("serverless.yml:1:4: ", 0), 0u);
  EXPECT_EQ(error_of("a: [1, 2\n").rfind("serverless.yml:", 0), 0u);
}

TEST(YamlErrors, TabIndentation) {
  EXPECT_EQ(error_of("a:\n\tb: 1\n").rfind(
                "serverless.yml:2:1: tab characters must not be used in indentation", 0),
            0u);
  EXPECT_EQ(error_of("a:\n  b: 1\n \tc: 2\n").rfind("serverless.yml:3:2: tab characters", 0), 0u);
  EXPECT_EQ(error_of("a: foo\n\tbar\n").rfind("serverless.yml:2:1: tab characters", 0), 0u);
  EXPECT_EQ(error_of("a: |\n  x\n\ty\n").rfind("serverless.yml:3:1: tab characters", 0), 0u);
}

TEST(YamlLoad, TabsBetweenTokensAreBlanks) {
  // js-yaml accepts tabs after `:`, `-` and `?`; libyaml only after `:`.
  EXPECT_EQ(y("a:\tb\nc:\n  - \tx\n  -\t\ty\n? \tk\n: v\nd: \"\tq\"\ne: [\n\t1]\n").dump(),
            R"({"a":"b","c":["x","y"],"k":"v","d":"\tq","e":[1]})");
  EXPECT_EQ(y("a: x\ty\n")["a"], "x\ty");  // inside a scalar a tab is content
  // Lines with only blanks or a comment may hold tabs anywhere.
  EXPECT_EQ(y("\t\na: 1\n\t# c\nb:\n  c: x\n\t\n  d: 2\n \t # c\n").dump(),
            R"({"a":1,"b":{"c":"x","d":2}})");
  EXPECT_NE(error_of("a: >\n  x\n\t\n  y\n").find("tab characters"), std::string::npos);
}

TEST(YamlErrors, PositionsPointAtTheProblem) {
  // Bad indentation: the entry that does not line up (osls: "(8:4)").
  std::string e = error_of("service: s\nfunctions:\n  hello:\n    handler: h\n   events:\n");
  EXPECT_EQ(e.rfind("serverless.yml:5:4: ", 0), 0u) << e;
  EXPECT_NE(e.find("  5 |    events:\n    |    ^"), std::string::npos) << e;
  e = error_of("a: [1, 2\n");
  EXPECT_EQ(e.rfind("serverless.yml:2:1: did not find expected ',' or ']' (while parsing a flow "
                    "sequence at line 1, column 4)", 0), 0u) << e;
  EXPECT_EQ(error_of("a: 'x\n").rfind("serverless.yml:2:1: found unexpected end of stream", 0), 0u);
  EXPECT_EQ(error_of("a: \"\\q\"\n").rfind("serverless.yml:1:5: found unknown escape character", 0), 0u);
  EXPECT_EQ(error_of("a: 1\nb: @x\n").rfind("serverless.yml:2:4: found character that cannot start any token", 0), 0u);
  EXPECT_EQ(error_of("a: [~, , ]\n").rfind("serverless.yml:1:8: did not find expected node content", 0), 0u);
  EXPECT_EQ(error_of("a: !e!x 1\n").rfind("serverless.yml:1:4: found undefined tag handle", 0), 0u);
  EXPECT_EQ(error_of("a: 1\nb: \x01\n").rfind("serverless.yml:2:4: control characters are not allowed (U+0001)", 0), 0u);
  EXPECT_EQ(error_of("a: 1\nb: *nope\n").rfind("serverless.yml:2:4: unidentified alias \"nope\"", 0), 0u);
}

TEST(YamlErrors, NestingAndAliasExpansionAreBounded) {
  EXPECT_NE(error_of("a: " + std::string(600, '[') + std::string(600, ']')).find("nested too deeply"),
            std::string::npos);
  // Within the limit by itself, too deep where the alias puts it.
  std::string deep = std::string(300, '[') + std::string(300, ']');
  EXPECT_NE(error_of("a: &d " + deep + "\nb: " + std::string(300, '[') + "*d" + std::string(300, ']'))
                .find("serverless.yml:2:304: document is nested too deeply"),
            std::string::npos);
  EXPECT_NE(error_of("a: &x [*x]\n").find("unidentified alias \"x\""), std::string::npos);
}

TEST(YamlErrors, DuplicateKeysAreErrorsLikeJsYaml) {
  std::string e = error_of("a: 1\nb: 2\na: 3\n");
  EXPECT_EQ(e.rfind("serverless.yml:3:1: duplicated mapping key \"a\"", 0), 0u) << e;
  // 1 and 1.0 are the same JavaScript key.
  EXPECT_NE(error_of("1: a\n1.0: b\n").find("duplicated mapping key \"1\""), std::string::npos);
}

TEST(YamlLoad, HugeMappingsParseAndStillCatchDuplicates) {
  std::string text;
  const int n = 250'000;
  text.reserve(n * 16);
  for (int i = 0; i < n; ++i) text += "key" + std::to_string(i) + ": " + std::to_string(i) + "\n";
  Json big = y(text);
  ASSERT_EQ(big.size(), static_cast<size_t>(n));
  EXPECT_EQ(big["key249999"], 249999);
  std::string e = error_of(text + "key123456: again\n");
  EXPECT_EQ(e.rfind("serverless.yml:250001:1: duplicated mapping key \"key123456\"", 0), 0u) << e.substr(0, 200);
  // Past the short scan, a merged key is still replaced by an explicit one, and kept otherwise.
  std::string merged = "base: &b {m1: 1, m2: 2}\nmap:\n  <<: *b\n";
  for (int i = 0; i < 40; ++i) merged += "  k" + std::to_string(i) + ": " + std::to_string(i) + "\n";
  Json m = y(merged + "  m2: explicit\n")["map"];
  EXPECT_EQ(m["m1"], 1);
  EXPECT_EQ(m["m2"], "explicit");
  EXPECT_EQ(m.size(), 42u);
  EXPECT_NE(error_of(merged + "  k3: again\n").find("duplicated mapping key \"k3\""), std::string::npos);
}

TEST(YamlErrors, MultipleDocumentsAreRejected) {
  EXPECT_EQ(error_of("a: 1\n---\nb: 2\n").rfind(
                "serverless.yml:3:1: expected a single document in the stream, but found more", 0),
            0u);
  EXPECT_NE(error_of("a: 1\n---\n").find("expected a single document"), std::string::npos);
  EXPECT_EQ(y("---\na: 1\n...\n"), Json::parse(R"({"a":1})"));
  EXPECT_EQ(y("--- 5\n"), 5);
  EXPECT_TRUE(y("---\n").is_null());
}

TEST(YamlLoad, EmptyAndNonMappingDocuments) {
  EXPECT_TRUE(y("").is_null());
  EXPECT_TRUE(y("# only a comment\n").is_null());
  EXPECT_EQ(y("- a\n- b\n"), Json::array({"a", "b"}));
  EXPECT_EQ(y("just text"), "just text");
}

class TempDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("sls_yaml_load_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) {
    fs::create_directories((dir_ / name).parent_path());
    std::ofstream(dir_ / name) << text;
  }
  std::string error_finding(const std::string& explicit_path) {
    try {
      find_config_file(dir_, explicit_path);
    } catch (const UserError& e) {
      return e.what();
    }
    return "<no error>";
  }
  fs::path dir_;
};

using ConfigFiles = TempDir;

TEST_F(ConfigFiles, DefaultOrderPrefersYml) {
  write("serverless.json", "{}");
  EXPECT_EQ(find_config_file(dir_, "").filename(), "serverless.json");
  write("serverless.yaml", "a: 1");
  EXPECT_EQ(find_config_file(dir_, "").filename(), "serverless.yaml");
  write("serverless.yml", "a: 1");
  EXPECT_EQ(find_config_file(dir_, ""), dir_ / "serverless.yml");
}

TEST_F(ConfigFiles, NoConfigIsAnError) {
  EXPECT_NE(error_finding("").find("This command can only be run in a service directory"),
            std::string::npos);
}

TEST_F(ConfigFiles, ScriptConfigsCannotBeRun) {
  write("serverless.ts", "export default {}");
  EXPECT_NE(error_finding("").find("Cannot load \"serverless.ts\""), std::string::npos);
  write("serverless.json", "{}");
  EXPECT_EQ(find_config_file(dir_, "").filename(), "serverless.json");
}

TEST_F(ConfigFiles, ExplicitPath) {
  write("other.yml", "a: 1");
  EXPECT_EQ(find_config_file(dir_, "other.yml"), dir_ / "other.yml");
  EXPECT_EQ(error_finding("missing.yml"),
            "Invalid \"--config\" value: Cannot find \"missing.yml\" in service folder");
  EXPECT_NE(error_finding("other.txt").find("Unsupported file extension"), std::string::npos);
  write("sub/x.yml", "a: 1");
  EXPECT_NE(error_finding("sub/x.yml").find("root of a service"), std::string::npos);
  fs::create_directories(dir_ / "d.yml");
  EXPECT_NE(error_finding("d.yml").find("is not a file"), std::string::npos);
}

TEST_F(ConfigFiles, LoadsJsonInOrder) {
  write("serverless.json", R"({"service": "s", "provider": {"name": "aws"}, "a": 1, "a": 2})");
  Json doc = load_document(dir_ / "serverless.json");
  EXPECT_EQ(doc.dump(), R"({"service":"s","provider":{"name":"aws"},"a":2})");  // last wins like JSON.parse
}

TEST_F(ConfigFiles, JsonSyntaxErrorHasLineAndColumn) {
  write("serverless.json", "{\n  \"service\": \"s\",\n  \"provider\": }\n");
  try {
    load_document(dir_ / "serverless.json");
    FAIL() << "expected an error";
  } catch (const UserError& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("serverless.json:3:15: JSON parse error: "), std::string::npos) << msg;
  }
}

TEST_F(ConfigFiles, LoadServiceConfigRequiresMapping) {
  write("serverless.yml", "- a\n");
  write("empty.yml", "");
  write("ok.yml", "service: s\n");
  EXPECT_THROW(load_service_config(dir_ / "serverless.yml"), UserError);
  try {
    load_service_config(dir_ / "empty.yml");
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("Invalid configuration at \"empty.yml\": Plain object expected"),
              std::string::npos);
  }
  EXPECT_EQ(load_service_config(dir_ / "ok.yml")["service"], "s");
  EXPECT_THROW(load_document(dir_ / "nope.yml"), UserError);
}

}  // namespace
}  // namespace sls::config
