// Expected texts are what js-yaml 4 (osls 4.3.1's `print`) dumps for the same values.
#include "config/yaml_emit.h"

#include <gtest/gtest.h>

namespace sls::config {

TEST(YamlEmit, QuotesLikeJsYaml) {
  Json v = Json::parse(R"({"a":"plain","b":"-dash","c":"true","d":"123","e":"","f":"a: b","g":"a #b",
    "h":"a#b","l":"it's","m":"tab\there","n":"@at","o":"1.5","p":"null","q":"~","r":" lead",
    "s":"trail ","t":"2020-01-01","u":"0x1F","v":"yes","w":"on","x":"*star","y":"a,b","z":"{x}",
    "ac":"http://x","ad":1.5,"af":null,"ag":[],"ah":{},"ak":"!bang","an":"é","ap":"Ref",
    "ar":".5","as":"+1","at":"-1","av":".inf","ay":"1e5"})");
  EXPECT_EQ(dump_yaml(v),
            "a: plain\nb: '-dash'\nc: 'true'\nd: '123'\ne: ''\nf: 'a: b'\ng: 'a #b'\nh: a#b\n"
            "l: it's\nm: \"tab\\there\"\n'n': '@at'\no: '1.5'\np: 'null'\nq: '~'\nr: ' lead'\n"
            "s: 'trail '\nt: '2020-01-01'\nu: '0x1F'\nv: 'yes'\nw: 'on'\nx: '*star'\n'y': a,b\n"
            "z: '{x}'\nac: http://x\nad: 1.5\naf: null\nag: []\nah: {}\nak: '!bang'\nan: é\nap: Ref\n"
            "ar: '.5'\nas: '+1'\nat: '-1'\nav: '.inf'\nay: '1e5'\n");
}

TEST(YamlEmit, NestingAndBlocks) {
  std::string w50(50, 'w');
  Json v = Json::parse(R"({"a":["x",["y","z"],{"k":"v","m":[1,{"q":"r"}]},[],{}],"b":{"c":{"d":")" +
                       w50 + " " + w50 + " " + w50 + R"("}},"e":"x\n","f":"multi\nline"})");
  EXPECT_EQ(dump_yaml(v),
            "a:\n  - x\n  - - 'y'\n    - z\n  - k: v\n    m:\n      - 1\n      - q: r\n  - []\n  - {}\n"
            "b:\n  c:\n    d: >-\n      " + w50 + "\n      " + w50 + "\n      " + w50 +
            "\ne: |\n  x\nf: |-\n  multi\n  line\n");
}

TEST(YamlEmit, FoldsLongLinesLikeJsYaml) {
  // A line longer than the width is folded (">") even without a space to break at.
  std::string arn = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_ABCDEFGHIJKLMNOPQ";
  EXPECT_EQ(dump_yaml(Json{{"k", arn}}), "k: >-\n  " + arn + "\n");
  // Keep chomping ("+") keeps the trailing blank line; a leading newline needs no indicator.
  EXPECT_EQ(dump_yaml(Json{{"k", "a\n\n"}}), "k: |+\n  a\n\n");
  EXPECT_EQ(dump_yaml(Json{{"k", "\nabc"}}), "k: |-\n\n  abc\n");
  EXPECT_EQ(dump_yaml(Json{{"k", "\n  abc"}}), "k: |2-\n\n    abc\n");
  // Widths count characters as JavaScript does, not UTF-8 bytes.
  std::string y70(70, 'y');
  EXPECT_EQ(dump_yaml(Json{{"k", "a " + y70 + " \xc3\xa9\nb"}}), "k: |-\n  a " + y70 + " \xc3\xa9\n  b\n");
  // Folded multi-line text: a fold is one newline, a kept line break two.
  std::string w50(50, 'w');
  EXPECT_EQ(dump_yaml(Json{{"k", w50 + " " + w50 + "\nnext"}}),
            "k: >-\n  " + w50 + "\n  " + w50 + "\n\n  next\n");
}

}  // namespace sls::config
