#include "aws/package_flow.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace sls::aws {
namespace {

// serverless-state.json as it used to be made: service_state() then dump(2),
// or the message of what that throws.
std::string reference_state(const PackageContext& ctx) {
  try {
    return service_state(ctx).dump(2);
  } catch (const Json::exception& e) {
    return std::string("throws: ") + e.what();
  }
}

std::string written_state(const PackageContext& ctx) {
  try {
    std::string out;
    write_service_state(out, ctx);
    return out;
  } catch (const Json::exception& e) {
    return std::string("throws: ") + e.what();
  }
}

struct StateFixture {
  Service service;
  PackageContext ctx{service, {}, "/tmp/unused"};

  StateFixture() {
    service.name = "svc";
    service.config_file_name = "serverless.yml";
    service.config = Json::parse(R"({
      "service": "svc",
      "provider": {"name": "aws", "runtime": "nodejs20.x", "stage": "dev",
                   "environment": {"QUOTE": "say \"hi\"\n", "UNICODE": "caf\u00e9 \u20ac"}},
      "functions": {
        "plain": {"handler": "a.run"},
        "withPackage": {"handler": "b.run", "package": {"patterns": ["!x"], "artifact": "old.zip", "individually": true}},
        "withVersion": {"versionLogicalId": "Old", "handler": "c.run", "events": [{"http": {"path": "/", "method": "get"}}]},
        "nullFn": null,
        "emptyFn": {},
        "untouched": {"handler": "d.run"}
      },
      "layers": {"common": {"path": "layer"}, "other": {"path": "o", "package": {"artifact": "keep.zip"}}, "odd": "text"},
      "resources": {"Resources": {"B": {"Type": "AWS::S3::Bucket"}}},
      "package": {"individually": true, "patterns": ["!node_modules/**"]},
      "configValidationMode": "warn"
    })");
    service.initial_config = service.config;
    service.initial_config["provider"]["stage"] = "${opt:stage, 'dev'}";
    ctx.template_ = Json::parse(R"({"AWSTemplateFormatVersion": "2010-09-09",
                                    "Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Timeout": 6,
                                    "MemorySize": 1024.5, "Tags": [], "Env": {}}}}, "Outputs": {}})");
    ctx.create_template = Json::parse(R"({"Resources": {"ServerlessDeploymentBucket": {"Type": "AWS::S3::Bucket"}}})");
    ctx.artifact_directory_name = "serverless/svc/dev/1-2024";
    ctx.service_artifact = Artifact{"/tmp/svc.zip", "svc.zip", "", "", 0};
    for (const char* fn : {"plain", "withPackage", "withVersion", "nullFn", "emptyFn"})
      ctx.function_artifacts[fn] = Artifact{"/tmp/x.zip", std::string(fn) + ".zip", "", "", 0};
    for (const char* fn : {"plain", "withVersion", "emptyFn"}) ctx.version_logical_ids[fn] = std::string(fn) + "LambdaVersionABC";
    ctx.layer_artifacts["common"] = Artifact{"/tmp/l.zip", "common.zip", "", "", 0};
    ctx.layer_artifacts["other"] = Artifact{"/tmp/o.zip", "other.zip", "", "", 0};
    ctx.layer_artifacts["odd"] = Artifact{"/tmp/d.zip", "odd.zip", "", "", 0};
  }
};

TEST(WriteServiceState, SameBytesAsServiceStateDump) {
  StateFixture f;
  std::string expected = reference_state(f.ctx);
  ASSERT_EQ(expected.rfind("throws", 0), std::string::npos) << expected;
  EXPECT_EQ(written_state(f.ctx), expected);
}

TEST(WriteServiceState, AppendsToWhatIsThere) {
  StateFixture f;
  std::string out = "x";
  write_service_state(out, f.ctx);
  EXPECT_EQ(out, "x" + reference_state(f.ctx));
}

TEST(WriteServiceState, TemplateKeysAlreadyInProviderKeepTheirPlace) {
  StateFixture f;
  Json& provider = f.service.config["provider"];
  provider["coreCloudFormationTemplate"] = "stale";
  provider["region"] = "eu-west-1";
  EXPECT_EQ(written_state(f.ctx), reference_state(f.ctx));
  f.ctx.create_template = Json::object();
  EXPECT_EQ(written_state(f.ctx), reference_state(f.ctx));
}

TEST(WriteServiceState, MissingAndNullSections) {
  StateFixture f;
  for (const char* key : {"functions", "layers", "resources", "package", "configValidationMode"})
    f.service.config.erase(key);
  f.ctx.service_artifact.reset();
  EXPECT_EQ(written_state(f.ctx), reference_state(f.ctx));
  f.service.config["functions"] = nullptr;
  f.service.config["layers"] = nullptr;
  f.service.config["resources"] = nullptr;
  f.service.config["package"] = "odd";
  EXPECT_EQ(written_state(f.ctx), reference_state(f.ctx));
  f.service.config["provider"] = nullptr;
  EXPECT_EQ(written_state(f.ctx), reference_state(f.ctx));
}

TEST(WriteServiceState, OddShapesGiveTheSameTextOrTheSameError) {
  {
    StateFixture f;  // functions as a list (items() names them "0", "1", ...)
    f.service.config["functions"] = Json::array({Json{{"handler", "a"}}, Json::object()});
    f.ctx.function_artifacts["1"] = Artifact{"/tmp/x.zip", "one.zip", "", "", 0};
    EXPECT_EQ(written_state(f.ctx), reference_state(f.ctx));
  }
  {
    StateFixture f;  // a function that is a string cannot get its artifact
    f.service.config["functions"]["plain"] = "text";
    std::string expected = reference_state(f.ctx);
    EXPECT_EQ(expected.rfind("throws", 0), 0u);
    EXPECT_EQ(written_state(f.ctx), expected);
  }
  {
    StateFixture f;  // nor one whose package is a string
    f.service.config["functions"]["withPackage"]["package"] = "text";
    f.service.config["layers"]["common"]["package"] = 3;
    std::string expected = reference_state(f.ctx);
    EXPECT_EQ(expected.rfind("throws", 0), 0u);
    EXPECT_EQ(written_state(f.ctx), expected);
  }
  {
    StateFixture f;  // a layer package that is null becomes an object
    f.service.config["layers"]["common"]["package"] = nullptr;
    f.service.config["functions"]["plain"]["package"] = nullptr;
    EXPECT_EQ(written_state(f.ctx), reference_state(f.ctx));
  }
  {
    StateFixture f;
    f.service.config["provider"] = "aws";
    std::string expected = reference_state(f.ctx);
    EXPECT_EQ(expected.rfind("throws", 0), 0u);
    EXPECT_EQ(written_state(f.ctx), expected);
  }
  {
    StateFixture f;
    f.service.config["configValidationMode"] = 3;
    std::string expected = reference_state(f.ctx);
    EXPECT_EQ(expected.rfind("throws", 0), 0u);
    EXPECT_EQ(written_state(f.ctx), expected);
  }
}

TEST(WriteServiceState, InvalidUtf8ThrowsLikeDump) {
  StateFixture f;
  f.service.config["functions"]["plain"]["description"] = "caf\xe9 x";
  std::string expected = reference_state(f.ctx);
  EXPECT_EQ(expected, "throws: [json.exception.type_error.316] invalid UTF-8 byte at index 4: 0x20");
  EXPECT_EQ(written_state(f.ctx), expected);
}

// Plugins hook osls's spawned aws:common events of the package lifecycle too.
TEST(PackageHookEvents, IncludeTheSpawnedAwsCommonEvents) {
  const auto& events = package_hook_events();
  for (const char* e : {"package:cleanup", "aws:package:finalize:saveServiceState", "aws:common:validate:validate",
                        "aws:common:cleanupTempDir:cleanup", "aws:common:moveArtifactsToPackage:move"})
    EXPECT_NE(std::find(events.begin(), events.end(), e), events.end()) << e;
}

}  // namespace
}  // namespace sls::aws
