// Expected values come from running osls 4.3.1 (`osls print --format json`) on
// the same configurations (written as serverless.json).
#include "config/variables.h"

#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <map>

#include "util/error.h"

namespace sls::config {
namespace {

struct Case {
  Json options = Json::object();
  std::map<std::string, std::string> env;
  std::vector<std::pair<std::string, std::string>> params;
  std::filesystem::path dir = ".";
};

Json resolve(const std::string& json, const Case& c = {}) {
  ResolveInput input;
  input.service_dir = c.dir;
  input.config_file_name = "serverless.json";
  input.options = c.options;
  input.cli_params = c.params;
  input.instance_id = "1795709738965";
  auto env = c.env;
  input.getenv = [env](const std::string& name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  return resolve_variables(Json::parse(json), input);
}

std::string error_of(const std::string& json, const Case& c = {}) {
  try {
    resolve(json, c);
  } catch (const UserError& e) {
    return e.what();
  }
  return "<no error>";
}

TEST(Variables, NoVariablesIsUnchanged) {
  auto doc = R"({"service":"svc","provider":{"name":"aws"},"custom":{"a":[1,{"b":null}]}})";
  EXPECT_EQ(resolve(doc), Json::parse(doc));
}

TEST(Variables, BasicSourcesTypesFallbacksAndEscapes) {
  Case c;
  c.env = {{"EMPTY", ""}};
  auto out = resolve(R"JSON({"service":"svc","provider":{"name":"aws","stage":"${opt:stage, 'dev'}"},
    "custom":{"a":"${self:custom.b}","b":"${self:custom.c}-x","c":"${sls:stage}",
    "num":"${env:NOPE, 5}","empty":"${env:EMPTY, 'fb'}","arr":[1,2,{"x":3}],
    "idx":"${self:custom.arr.2.x}","len":"${self:custom.arr.length}",
    "br":"${self:custom.arr[0], 'nobr'}","esc":"\\${self:custom.c}","esc2":"\\\\${self:custom.c}",
    "concat":"a-${self:custom.num}-${self:custom.bool}","bool":"${strToBool(true)}",
    "arrcat":"x${self:custom.arr2}","arr2":[1,"b"],"s0":"${strToBool(1)}","f":"${strToBool(FALSE)}",
    "dq":"${env:NOPE, \"dq\"}","tr":"${env:NOPE, true}","fl":"${env:NOPE, 1.50}",
    "cf":"${AWS::Region}-${self:custom.c}","inst":"${sls:instanceId}"}})JSON",
                     c);
  auto expected = Json::parse(R"JSON({"service":"svc","provider":{"name":"aws","stage":"dev"},
    "custom":{"a":"dev-x","b":"dev-x","c":"dev","num":5,"empty":"","arr":[1,2,{"x":3}],"idx":3,
    "len":3,"br":"nobr","esc":"${self:custom.c}","esc2":"\\dev","concat":"a-5-true","bool":true,
    "arrcat":"x1,b","arr2":[1,"b"],"s0":true,"f":false,"dq":"dq","tr":true,"fl":1.5,
    "cf":"${AWS::Region}-dev","inst":"1795709738965"}})JSON");
  EXPECT_EQ(out, expected) << out.dump(2);
  EXPECT_TRUE(out["custom"]["num"].is_number_integer());
}

TEST(Variables, ParamsPerStageCliAndNestedAddresses) {
  Case c;
  c.params = {{"cli", "fromcli"}};
  auto out = resolve(R"JSON({"service":"svc","provider":{"name":"aws","stage":"prod",
    "region":"${opt:region, 'eu-west-1'}"},
    "params":{"prod":{"size":"${self:custom.sizes.${sls:stage}}","other":"x"},
      "dev":{"size":"${env:MISSING}"},"default":{"size":"d","dflt":"yes","nul":null}},
    "custom":{"sizes":{"prod":10,"dev":1},"size":"${param:size}","dflt":"${param:dflt}",
      "cli":"${param:cli}","reg":"${aws:region}",
      "nest":"${self:custom.sizes.${opt:stage, self:provider.stage}}"}})JSON",
                     c);
  auto expected = Json::parse(R"JSON({"service":"svc","provider":{"name":"aws","stage":"prod",
    "region":"eu-west-1"},
    "params":{"prod":{"size":10,"other":"x"},"dev":{"size":"${env:MISSING}"},
      "default":{"size":"d","dflt":"yes","nul":null}},
    "custom":{"sizes":{"prod":10,"dev":1},"size":10,"dflt":"yes","cli":"fromcli",
      "reg":"eu-west-1","nest":10}})JSON");
  EXPECT_EQ(out, expected) << out.dump(2);
}

// Error texts are osls's, plus the variable in parentheses: osls names only the
// source type, which leaves the user guessing which variable found nothing.
TEST(Variables, ParamsOfTheSelectedStageAreResolved) {
  Case c;
  c.options = {{"stage", "dev"}};
  EXPECT_EQ(error_of(R"JSON({"service":"svc","provider":{"name":"aws","stage":"prod"},
    "params":{"prod":{"size":"${self:custom.x}","other":"x"},"dev":{"size":"${env:MISSING}"},
      "default":{"size":"d","dflt":"yes"}},
    "custom":{"x":"X","size":"${param:size}","dflt":"${param:dflt}","other":"${param:other}"}})JSON",
                     c),
            "Cannot resolve serverless.json: Variables resolution errored with:\n"
            "  - Cannot resolve variable at \"params.dev.size\": Value not found at \"env\" source (${env:MISSING})");
}

TEST(Variables, CycleErrorsAreListedOnce) {
  EXPECT_EQ(error_of(R"JSON({"service":"svc","provider":{"name":"aws"},
    "custom":{"a":"${self:custom.b}","b":"${self:custom.c}","c":"${self:custom.a}",
    "d":"${self:custom.d}","e":"${env:NOPE}","f":"x${self:custom.e}"}})JSON"),
            "Cannot resolve serverless.json: Variables resolution errored with:\n"
            "  - Cannot resolve variable at \"custom.c\": Circular reference among \"custom.c\" and "
            "\"custom.b\" properties,\n"
            "  - Cannot resolve variable at \"custom.d\": Circular reference. \"custom.d\" refers to "
            "itself,\n"
            "  - Cannot resolve variable at \"custom.e\": Value not found at \"env\" source (${env:NOPE})");
}

TEST(Variables, WholeConfigReferenceIsCircular) {
  EXPECT_EQ(error_of(R"JSON({"service":"svc","provider":{"name":"aws"},
    "custom":{"whole":"${self:}"}})JSON"),
            "Cannot resolve serverless.json: Variables resolution errored with:\n"
            "  - Cannot resolve variable at \"custom.whole\": Circular reference. \"custom.whole\" "
            "refers to itself");
}

TEST(Variables, MissingOptionIsReportedBeforeUnknownSources) {
  EXPECT_EQ(error_of(R"JSON({"service":"svc","provider":{"name":"aws"},
    "custom":{"a":"${foo:bar}","b":"${opt:nope}","c":"${bar(1):x}"}})JSON"),
            "Cannot resolve serverless.json: Variables resolution errored with:\n"
            "  - Cannot resolve variable at \"custom.b\": Value not found at \"opt\" source (${opt:nope})");
}

TEST(Variables, UnknownSources) {
  EXPECT_EQ(error_of(R"JSON({"service":"svc","provider":{"name":"aws"},
    "custom":{"a":"${foo:bar}","c":"${bar(1):x}"}})JSON"),
            "Unrecognized configuration variable sources: \"foo\", \"bar\"");
}

TEST(Variables, ServiceBehindParamIsInaccessible) {
  EXPECT_EQ(error_of(R"JSON({"service":"${param:name}","provider":{"name":"aws"},
    "params":{"default":{"name":"n"}}})JSON"),
            "Cannot resolve serverless.json: \"service\" property is not accessible (configured "
            "behind variables which cannot be resolved at this stage)");
}

TEST(Variables, FallbackToNestedVariableIsASyntaxError) {
  EXPECT_EQ(error_of(R"JSON({"service":"svc","provider":{"name":"aws"},
    "custom":{"a":"${env:NOPE, ${opt:y, 'z'}}"}})JSON"),
            "Cannot resolve serverless.json: Variables resolution errored with:\n"
            "  - Variable syntax error at \"custom.a\": Invalid variable source at index 12 in "
            "\"${env:NOPE, ${opt:y, 'z'}}\"");
}

TEST(Variables, SourceErrors) {
  EXPECT_EQ(error_of(R"JSON({"service":"svc","provider":{"name":"aws"},
    "custom":{"s0":"${strToBool(0)}","nf":"${file(./nofile.yml)}","nf2":"${file(./nofile.yml):a}",
    "e":"${env:NOPE}","o":"${opt:nope}","u":"${foo:bar}"}})JSON"),
            "Cannot resolve serverless.json: Variables resolution errored with:\n"
            "  - Cannot resolve variable at \"custom.s0\": Missing \"strToBool\" input,\n"
            "  - Cannot resolve variable at \"custom.nf\": Value not found at \"file\" source (${file(./nofile.yml)}),\n"
            "  - Cannot resolve variable at \"custom.nf2\": Value not found at \"file\" source (${file(./nofile.yml):a}),\n"
            "  - Cannot resolve variable at \"custom.e\": Value not found at \"env\" source (${env:NOPE})");
}

TEST(Variables, ObjectsWithVariablesAndReResolution) {
  Case c;
  c.env = {{"E", "ee"}, {"REF", "${self:custom.v}"}};
  c.options = {{"region", "eu-west-1"}};
  auto out = resolve(R"JSON({"service":"svc","provider":{"name":"aws",
    "environment":{"A":"${self:custom.obj}"}},"custom":{"obj":{"k":"${self:custom.v}",
    "arr":["${self:custom.v}x", "${env:E}"]},"v":"V","copy":"${self:custom.obj.arr}",
    "flt":"n${env:NOPE, 0.1}-${env:NOPE, 1e21}-${env:NOPE, 0x10}","strlen":"${self:custom.v.length}",
    "chr":"${self:service.0}","envvar":"${env:REF}","esc":"\\${env:E}","escref":"${self:custom.esc}"}})JSON",
                     c);
  auto expected = Json::parse(R"JSON({"service":"svc","provider":{"name":"aws",
    "environment":{"A":{"k":"V","arr":["Vx","ee"]}}},"custom":{"obj":{"k":"V","arr":["Vx","ee"]},
    "v":"V","copy":["Vx","ee"],"flt":"n0.1-1e+21-16","strlen":1,"chr":"s","envvar":"V",
    "esc":"${env:E}","escref":"ee"}})JSON");
  EXPECT_EQ(out, expected) << out.dump(2);
}

TEST(Variables, StageFromConfigFeedsSlsStageAndParams) {
  auto out = resolve(R"JSON({"service":"svc","provider":{"name":"aws","stage":"${self:custom.stage}"},
    "custom":{"stage":"${env:STG, 'qa'}","later":"${sls:stage}-${opt:region, 'r'}"},
    "params":{"qa":{"p":"${sls:stage}"}},
    "functions":{"f":{"handler":"h.h","environment":{"P":"${param:p}"}}}})JSON");
  auto expected = Json::parse(R"JSON({"service":"svc","provider":{"name":"aws","stage":"qa"},
    "custom":{"stage":"qa","later":"qa-r"},"params":{"qa":{"p":"qa"}},
    "functions":{"f":{"handler":"h.h","environment":{"P":"qa"}}}})JSON");
  EXPECT_EQ(out, expected) << out.dump(2);
}

TEST(Variables, NullAndMissingPropertiesFallBack) {
  auto out = resolve(R"JSON({"service":"svc","provider":{"name":"aws"},"custom":{"n":null,
    "a":"${self:custom.n, 'fb'}","b":"${self:custom.missing.deep, 3}","c":"${self:provider.name}"}})JSON");
  auto expected = Json::parse(R"JSON({"service":"svc","provider":{"name":"aws"},"custom":{"n":null,
    "a":"fb","b":3,"c":"aws"}})JSON");
  EXPECT_EQ(out, expected) << out.dump(2);
}

TEST(Variables, NonStringInConcatenation) {
  Case c;
  c.env = {{"E", "ee"}};
  EXPECT_EQ(error_of(R"JSON({"service":"svc","provider":{"name":"aws"},"custom":{
    "obj":{"k":"v"},"nonstr":"a${self:custom.obj}","nul":"a${env:NOPE, null}"}})JSON",
                     c),
            "Cannot resolve serverless.json: Variables resolution errored with:\n"
            "  - Cannot resolve variable at \"custom.nonstr\": String value consist of variable "
            "which resolve with non-string value,\n"
            "  - Cannot resolve variable at \"custom.nul\": String value consist of variable which "
            "resolve with non-string value");
}

TEST(Variables, ExcessiveNestDepth) {
  Case c;
  c.env = {{"LOOP", "${env:LOOP}"}};
  EXPECT_EQ(error_of(R"JSON({"service":"svc","provider":{"name":"aws"},"custom":{"a":"${env:LOOP}"}})JSON", c),
            "Cannot resolve serverless.json: Variables resolution errored with:\n"
            "  - Cannot resolve variable at \"custom.a\": Excessive property variables nest depth");
}

TEST(Variables, InvalidStageNames) {
  const std::string expected =
      "Cannot resolve serverless.json: Variables resolution errored with:\n"
      "  - Cannot resolve variable at \"custom.a\": Invalid stage name. Stage names may contain "
      "only ASCII letters, numbers, and hyphens.";
  EXPECT_EQ(error_of(R"JSON({"service":"svc","provider":{"name":"aws","stage":"a_b"},
    "custom":{"a":"${sls:stage}"}})JSON"),
            expected);
  EXPECT_EQ(error_of(R"JSON({"service":"svc","provider":{"name":"aws","stage":123},
    "custom":{"a":"${sls:stage}","b":"${param:x, 1}"}})JSON"),
            expected);
}

TEST(Variables, AwsSourceAddressChecks) {
  EXPECT_EQ(error_of(R"JSON({"service":"svc","provider":{"name":"aws"},"custom":{"a":"${aws:foo}",
    "b":"${cf:nodot}","c":"${s3:nobucket}","d":"${ssm:}"}})JSON"),
            "Cannot resolve serverless.json: Variables resolution errored with:\n"
            "  - Cannot resolve variable at \"custom.a\": Unsupported \"foo\" address argument in "
            "variable \"aws\" source,\n"
            "  - Cannot resolve variable at \"custom.b\": Unsupported \"nodot\" address argument in "
            "variable \"cf\" source. Expected \"<stack-name>.<output-id>\" format,\n"
            "  - Cannot resolve variable at \"custom.c\": Unsupported \"nobucket\" address argument "
            "in variable \"s3\" source. Expected \"<bucket-name>/<key>\" format,\n"
            "  - Cannot resolve variable at \"custom.d\": Missing address argument in variable "
            "\"ssm\" source");
}

TEST(Variables, AwsSourcesNeedAwsAccess) {
  std::string err = error_of(R"JSON({"service":"svc","provider":{"name":"aws"},
    "custom":{"a":"${ssm:/x/y}","b":"${aws:accountId}"}})JSON");
  EXPECT_NE(err.find("  - Cannot resolve variable at \"custom.a\": Variable source \"ssm\" needs AWS "
                     "access, which is not available in this version of sls"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("\"custom.b\": Variable source \"aws:accountId\" needs AWS access"),
            std::string::npos)
      << err;
}

TEST(Variables, AwsSourcesUseTheInjectedClient) {
  ResolveInput input;
  input.getenv = [](const std::string&) { return std::nullopt; };
  std::vector<std::string> calls;
  input.aws_source = [&](const std::string& source, const std::string& address) -> Json {
    calls.push_back(source + "|" + address);
    if (address == "missing") return nullptr;
    return "v-" + address;
  };
  auto out = resolve_variables(Json::parse(R"JSON({"service":"svc","provider":{"name":"aws"},
    "custom":{"a":"${ssm(raw):/p}","b":"${cf(us-west-2):stack.Out}","c":"${aws:accountId}",
    "d":"${s3:bucket/key}","e":"${ssm:missing, 'fb'}"}})JSON"),
                               input);
  EXPECT_EQ(out["custom"], Json::parse(R"({"a":"v-/p","b":"v-stack.Out","c":"v-accountId",
    "d":"v-bucket/key","e":"fb"})"));
  EXPECT_EQ(calls, (std::vector<std::string>{"ssm(raw)|/p", "cf(us-west-2)|stack.Out",
                                             "aws|accountId", "s3|bucket/key", "ssm|missing"}));
}

TEST(Variables, SyntaxErrors) {
  EXPECT_EQ(error_of(R"JSON({"service":"svc","provider":{"name":"aws"},"custom":{
    "a":"${self:custom.b", "b":"${Foo:x}", "c":"${file(a}", "d":"${self:a b}",
    "e":"${env:X, ab c}"}})JSON"),
            "Cannot resolve serverless.json: Variables resolution errored with:\n"
            "  - Variable syntax error at \"custom.a\": Missing variable closing bracket in "
            "${self:custom.b,\n"
            "  - Variable syntax error at \"custom.c\": Invalid variable param at index 7 in "
            "\"${file(a}\",\n"
            "  - Variable syntax error at \"custom.e\": Invalid literal source \"ab c\" at index 9 "
            "in \"${env:X, ab c}\"");
}

TEST(Variables, EscapesAndDollarRuns) {
  auto out = resolve(R"JSON({"service":"svc","provider":{"name":"aws"},"custom":{"v":"V",
    "e1":"\\${self:custom.v}","e2":"\\\\${self:custom.v}","e3":"\\\\\\${self:custom.v}",
    "e4":"\\\\\\\\${self:custom.v}","e5":"a\\b${self:custom.v}","e6":"\\$${self:custom.v}",
    "e7":"$${self:custom.v}","e8":"${self:custom.v}\\${x}"}})JSON");
  auto expected = Json::parse(R"JSON({"service":"svc","provider":{"name":"aws"},"custom":{"v":"V",
    "e1":"${self:custom.v}","e2":"\\V","e3":"\\${self:custom.v}","e4":"\\\\V","e5":"a\\bV",
    "e6":"\\$V","e7":"V","e8":"V${x}"}})JSON");
  EXPECT_EQ(out, expected) << out.dump(2);
}

TEST(Variables, ForeignSyntaxIsLeftAlone) {
  auto doc = R"JSON({"service":"svc","provider":{"name":"aws"},"custom":{"a":"${'lit', env:X}",
    "b":"${AWS::AccountId}","c":"${Foo:x}","d":"${aws::x}"}})JSON";
  EXPECT_EQ(resolve(doc), Json::parse(doc));
}

TEST(Variables, StageBehindMissingEnvOrUnsupportedOption) {
  EXPECT_EQ(error_of(R"JSON({"service":"svc","provider":{"name":"aws","stage":"${env:STG}"},
    "custom":{"a":"${sls:stage}"}})JSON"),
            "Cannot resolve serverless.json: Variables resolution errored with:\n"
            "  - Cannot resolve variable at \"provider.stage\": Value not found at \"env\" source (${env:STG})");
  EXPECT_EQ(error_of(R"JSON({"service":"svc","provider":{"name":"aws","stage":"${opt:foo}"},
    "custom":{"a":"${sls:stage}"}})JSON"),
            "Cannot resolve serverless.json: \"provider.stage\" property is not accessible "
            "(configured behind variables which cannot be resolved at this stage)");
}

TEST(Variables, StrToBoolRejectsOtherWords) {
  std::string err = error_of(R"JSON({"service":"svc","provider":{"name":"aws"},
    "custom":{"b":"${strToBool(yes)}"}})JSON");
  EXPECT_EQ(err,
            "Cannot resolve serverless.json: Variables resolution errored with:\n"
            "  - Cannot resolve variable at \"custom.b\": Invalid \"strToBool\" input: Expected "
            "either \"true\", \"false\", \"0\", or \"1\". Received: yes");
}

TEST(Variables, ErrorIndexesCountUtf16Units) {
  EXPECT_EQ(error_of(R"JSON({"service":"svc","provider":{"name":"aws"},"custom":{"u":"é${file(a}"}})JSON"),
            "Cannot resolve serverless.json: Variables resolution errored with:\n"
            "  - Variable syntax error at \"custom.u\": Invalid variable param at index 8 in "
            "\"é${file(a}\"");
}

TEST(Variables, CliStageSelectsParamsAndDefersOthers) {
  Case c;
  c.options = {{"stage", "prod"}};
  c.params = {{"b", "cli-b  "}};
  auto out = resolve(R"JSON({"service":"svc","provider":{"name":"aws","stage":"dev"},
    "params":{"prod":{"a":"${sls:stage}-a","b":"prod-b"},"dev":{"a":"${env:NOPE}"},
      "default":{"a":"def","c":"def-c"}},
    "custom":{"a":"${param:a}","b":"${param:b}","c":"${param:c}","d":"${param:d, 'none'}"}})JSON",
                     c);
  auto expected = Json::parse(R"JSON({"service":"svc","provider":{"name":"aws","stage":"dev"},
    "params":{"prod":{"a":"prod-a","b":"prod-b"},"dev":{"a":"${env:NOPE}"},
      "default":{"a":"def","c":"def-c"}},
    "custom":{"a":"prod-a","b":"cli-b","c":"def-c","d":"none"}})JSON");
  EXPECT_EQ(out, expected) << out.dump(2);
}

TEST(Variables, ChainsThroughObjectsAndFallbackSources) {
  auto out = resolve(R"JSON({"service":"svc","provider":{"name":"aws"},"custom":{
    "a":"${self:custom.b.c}","b":"${self:custom.d}","d":{"c":"${self:custom.e}"},
    "e":"${env:E, 'E'}","f":"${self:custom.b}","g":"${self:custom.nope, self:custom.e}",
    "h":"${opt:nope, env:NOPE, 'last'}","i":"${self:custom.d.c}-${self:custom.d.c}"}})JSON");
  EXPECT_EQ(out["custom"], Json::parse(R"JSON({"a":"E","b":{"c":"E"},"d":{"c":"E"},"e":"E",
    "f":{"c":"E"},"g":"E","h":"last","i":"E-E"})JSON"));
}

TEST(Variables, ParamsReferringToEachOther) {
  auto out = resolve(R"JSON({"service":"svc","provider":{"name":"aws"},
    "params":{"default":{"p":"${self:custom.q}"},"dev":{"q":"${param:p}"}},
    "custom":{"q":"Q","r":"${param:q}"}})JSON");
  EXPECT_EQ(out, Json::parse(R"JSON({"service":"svc","provider":{"name":"aws"},
    "params":{"default":{"p":"Q"},"dev":{"q":"Q"}},"custom":{"q":"Q","r":"Q"}})JSON"));
}

TEST(Variables, ParentObjectReferenceFromInsideIsCircular) {
  EXPECT_EQ(error_of(R"JSON({"service":"svc","provider":{"name":"aws"},"custom":{
    "obj":{"a":"${self:custom.obj.b}","b":"B"},"all":"${self:custom}"}})JSON"),
            "Cannot resolve serverless.json: Variables resolution errored with:\n"
            "  - Cannot resolve variable at \"custom.all\": Circular reference. \"custom.all\" "
            "refers to itself");
}

class FileVariables : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("sls_vars_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_ / "sub");
    write("sub/data.yml",
          "a:\n  b: hello\n  c: ${self:custom.local}\nlist:\n  - one\n  - two\nnum: 7\n"
          "str: \"${opt:stage, 'fromfile'}\"\n");
    write("data.json", R"({"j": {"k": [1, {"m": "deep"}]}, "t": true})");
    write("note.txt", "plain text\n");
    write("bad.json", "{bad\n");
    write("x.js", "module.exports = {}\n");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
  Case in_dir() const {
    Case c;
    c.dir = dir_;
    return c;
  }
  std::filesystem::path dir_;
};

TEST_F(FileVariables, ReadsYamlJsonAndText) {
  auto out = resolve(R"JSON({"service":"svc","provider":{"name":"aws"},"custom":{"local":"L",
    "whole":"${file(./sub/data.yml)}","ab":"${file(./sub/data.yml):a.b}",
    "ac":"${file(./sub/data.yml):a.c}","l1":"${file(./sub/data.yml):list.1}",
    "num":"${file(sub/data.yml):num}","str":"${file(./sub/data.yml):str}",
    "j":"${file(./data.json):j.k.1.m}","jt":"${file(./data.json):t}","txt":"${file(./note.txt)}",
    "miss":"${file(./nope.yml), 'fb'}","missaddr":"${file(./data.json):zz, 0}"}})JSON",
                     in_dir());
  auto expected = Json::parse(R"JSON({"service":"svc","provider":{"name":"aws"},"custom":{
    "local":"L","whole":{"a":{"b":"hello","c":"L"},"list":["one","two"],"num":7,"str":"fromfile"},
    "ab":"hello","ac":"L","l1":"two","num":7,"str":"fromfile","j":"deep","jt":true,
    "txt":"plain text\n","miss":"fb","missaddr":0}})JSON");
  EXPECT_EQ(out, expected) << out.dump(2);
}

TEST_F(FileVariables, VariablePathsAddressesAndObjectReferences) {
  write("cfg.yml", "dev:\n  size: 1\n  name: ${self:custom.base}-dev\nprod:\n  size: 9\n");
  auto out = resolve(R"JSON({"service":"svc","provider":{"name":"aws"},"custom":{"base":"B",
    "name":"cfg","all":"${self:custom.inner}","inner":{"x":"${self:custom.base}",
    "y":["${opt:stage, 's'}"]},"q":"${self:'custom.base'}",
    "f":"${file(./${self:custom.name}.yml):${opt:stage, 'dev'}}",
    "fn":"${file(./${self:custom.name}.yml):${sls:stage}.name}","emp":"${env:X, ''}-z",
    "emp2":"${env:X, ''}","sp":"${ self:custom.base }","sp2":"${env:NOPE,   'b'  }"}})JSON",
                     in_dir());
  auto expected = Json::parse(R"JSON({"service":"svc","provider":{"name":"aws"},"custom":{
    "base":"B","name":"cfg","all":{"x":"B","y":["s"]},"inner":{"x":"B","y":["s"]},"q":"B",
    "f":{"size":1,"name":"B-dev"},"fn":"B-dev","emp":"-z","emp2":"","sp":"${ self:custom.base }",
    "sp2":"b"}})JSON");
  EXPECT_EQ(out, expected) << out.dump(2);
}

const char* kDotenv = R"(# comment
A=plain
export B = "quoted\nline" # trailing
C='single ${A}'
D=${A}-x
E=${NOPE:-dflt}
F=$A$A
G=val # comment
H=
PRESET=fromfile
EMPTYPRE=fromfile2
I: colon
J="multi
line"
)";

TEST_F(FileVariables, UseDotenvLoadsDotEnv) {
  write(".env", kDotenv);
  write(".env.prod", "A=prodA\n");
  Case c = in_dir();
  c.env = {{"PRESET", "real"}, {"EMPTYPRE", ""}};
  auto out = resolve(R"JSON({"service":"svc","useDotenv":true,"provider":{"name":"aws"},
    "custom":{"a":"${env:A}","b":"${env:B}","c":"${env:C}","d":"${env:D}","e":"${env:E}",
    "f":"${env:F}","g":"${env:G}","h":"${env:H, 'fb'}","p":"${env:PRESET}","ep":"${env:EMPTYPRE}",
    "i":"${env:I}","j":"${env:J}"}})JSON",
                     c);
  EXPECT_EQ(out["custom"], Json::parse(R"JSON({"a":"plain","b":"quoted\nline","c":"single plain",
    "d":"plain-x","e":"dflt","f":"plainplain","g":"val","h":"","p":"real","ep":"fromfile2",
    "i":"colon","j":"multi\nline"})JSON"))
      << out.dump(2);

  auto prod = resolve(R"JSON({"service":"svc","useDotenv":true,"provider":{"name":"aws","stage":"prod"},
    "custom":{"a":"${env:A}","b":"${env:B, 'none'}"}})JSON",
                      in_dir());
  EXPECT_EQ(prod["custom"], Json::parse(R"({"a":"prodA","b":"none"})"));

  // Without useDotenv the file is ignored.
  auto off = resolve(R"JSON({"service":"svc","provider":{"name":"aws"},
    "custom":{"a":"${env:A, 'unset'}"}})JSON",
                     in_dir());
  EXPECT_EQ(off["custom"]["a"], "unset");
}

TEST_F(FileVariables, DotenvConflictWithStageResolution) {
  write(".env", kDotenv);
  EXPECT_EQ(error_of(R"JSON({"service":"svc","useDotenv":true,
    "provider":{"name":"aws","stage":"${env:A, 'dev'}"},"custom":{"a":"${env:A}"}})JSON",
                     in_dir()),
            "Cannot reliably resolve \"env\" variables due to resolution conflict.\n"
            "Environment variable \"A\" which influences resolution of \".env\" file were found to "
            "be defined in resolved \".env\" file.DOTENV_ENV_VAR_RESOLUTION_CONFLICT");
}

TEST_F(FileVariables, OtherStageParamsStayRawUnlessReferenced) {
  write("dev.json", R"({"w":"${sls:stage}-w"})");
  auto out = resolve(R"JSON({"service":"svc","provider":{"name":"aws"},
    "params":{"prod":{"x":"${env:PX, 'px'}","y":"${env:NOPE}"},"dev":"${file(./dev.json)}",
      "default":{"z":"${self:params.prod.x}"}},
    "custom":{"a":"${param:z}","b":"${param:w}"}})JSON",
                     in_dir());
  EXPECT_EQ(out, Json::parse(R"JSON({"service":"svc","provider":{"name":"aws"},
    "params":{"prod":{"x":"px","y":"${env:NOPE}"},"dev":{"w":"dev-w"},"default":{"z":"px"}},
    "custom":{"a":"px","b":"dev-w"}})JSON"));
}

TEST_F(FileVariables, Errors) {
  std::string err = error_of(R"JSON({"service":"svc","provider":{"name":"aws"},
    "custom":{"b":"${file(./bad.json)}","n":"${file():x}","js":"${file(./x.js), 1}"}})JSON",
                             in_dir());
  EXPECT_NE(err.find("  - Cannot resolve variable at \"custom.b\": Cannot parse \"bad.json\": JSON "
                     "parse error: "),
            std::string::npos)
      << err;
  EXPECT_NE(err.find(",\n  - Cannot resolve variable at \"custom.n\": Missing path argument in "
                     "variable \"file\" source"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("\"custom.js\": Cannot load \"x.js\": JavaScript and TypeScript variable "
                     "files are not supported"),
            std::string::npos)
      << err;
}

}  // namespace
}  // namespace sls::config

namespace sls::config {
namespace {

// osls loads plugins once "plugins" is resolved and before the param/AWS
// passes: a missing plugin is reported before a missing ${param:}.
TEST(Variables, PluginsCallbackSeesResolvedPluginsBeforeParamPass) {
  ResolveInput input;
  input.config_file_name = "serverless.yml";
  input.getenv = [](const std::string& name) -> std::optional<std::string> {
    if (name == "PLUGIN") return "serverless-esbuild";
    return std::nullopt;
  };
  std::vector<Json> seen;
  input.on_plugins_resolved = [&seen](const Json& config) {
    seen.push_back(config["plugins"]);
    throw UserError("plugin check", "PLUGIN_NOT_FOUND");
  };
  Json doc = Json::parse(R"({"service":"s","provider":{"name":"aws"},"plugins":["${env:PLUGIN}"],
                             "custom":{"p":"${param:missing}"}})");
  EXPECT_THROW(resolve_variables(doc, input), UserError);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0], Json::array({"serverless-esbuild"}));

  seen.clear();
  input.on_plugins_resolved = [&seen](const Json& config) { seen.push_back(config["plugins"]); };
  resolve_variables(Json::parse(R"({"service":"s","plugins":["a"]})"), input);  // no variables at all
  EXPECT_EQ(seen, std::vector<Json>{Json::array({"a"})});
}

// Sources the plugins add (osls's configurationVariablesSources) join the last
// pass: their address and params resolved, the configuration readable from them.
TEST(Variables, PluginSourcesResolveThroughTheCallback) {
  ResolveInput input;
  input.config_file_name = "serverless.yml";
  input.plugin_sources = std::make_shared<PluginSources>();
  std::vector<std::string> calls;
  auto sources = input.plugin_sources;
  input.on_plugins_resolved = [sources, &calls](const Json&) {
    sources->names = {"greeting"};
    sources->resolve = [&calls](const PluginSourceCall& call) -> Json {
      calls.push_back(call.source + ":" + call.address.get<std::string>());
      if (call.address == "missing") return nullptr;
      Json prefix = call.resolve_property({"custom", "prefix"});
      std::string text = prefix.get<std::string>() + "-" + call.address.get<std::string>();
      if (call.params.is_array() && call.params[0] == "upper")
        for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return text;
    };
  };
  Json doc = Json::parse(R"({"service":"s","provider":{"name":"aws"},"custom":{"prefix":"${self:custom.base}",
      "base":"hi","a":"${greeting:${self:custom.base}}","b":"${greeting(upper):x}",
      "c":"${greeting:missing, 'fallback'}"}})");
  Json out = resolve_variables(doc, input);
  EXPECT_EQ(out["custom"]["a"], "hi-hi");
  EXPECT_EQ(out["custom"]["b"], "HI-X");
  EXPECT_EQ(out["custom"]["c"], "fallback");
  EXPECT_EQ(calls.size(), 3u);
}

TEST(Variables, UnknownSourceWithoutPluginKeepsItsError) {
  ResolveInput input;
  input.config_file_name = "serverless.yml";
  input.plugin_sources = std::make_shared<PluginSources>();
  Json doc = Json::parse(R"({"service":"s","custom":{"a":"${greeting:x}"}})");
  try {
    resolve_variables(doc, input);
    FAIL() << "expected an error";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("Unrecognized configuration variable sources: \"greeting\""),
              std::string::npos) << e.what();
  }
}

TEST(Variables, PluginSourceErrorsNameTheProperty) {
  ResolveInput input;
  input.config_file_name = "serverless.yml";
  input.plugin_sources = std::make_shared<PluginSources>();
  auto sources = input.plugin_sources;
  auto failing = [](const PluginSourceCall&) -> Json { throw UserError("no way"); };
  Json doc = Json::parse(R"({"service":"s","custom":{"a":"${boom:x}"}})");
  input.on_plugins_resolved = [sources, failing](const Json&) {
    sources->names = {"boom", "env"};
    sources->resolve = failing;
  };
  try {
    resolve_variables(doc, input);
    FAIL() << "expected an error";
  } catch (const UserError& e) {  // "env" is sls's own: osls refuses to replace it
    EXPECT_EQ(e.code, "DUPLICATE_VARIABLE_SOURCE_CONFIGURATION") << e.what();
  }
  input.on_plugins_resolved = [sources, failing](const Json&) {
    sources->names = {"boom"};
    sources->resolve = failing;
  };
  try {
    resolve_variables(doc, input);
    FAIL() << "expected an error";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("Cannot resolve variable at \"custom.a\": no way"), std::string::npos)
        << e.what();
  }
  input.on_plugins_resolved = [sources](const Json&) {
    sources->names.clear();
    sources->legacy_plugin = "old-plugin";
  };
  try {
    resolve_variables(doc, input);
    FAIL() << "expected an error";
  } catch (const UserError& e) {
    EXPECT_EQ(e.code, "OLD_VARIABLE_RESOLVER_NOT_SUPPORTED") << e.what();
  }
}

}  // namespace
}  // namespace sls::config
