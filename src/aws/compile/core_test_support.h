// Test-only helpers for the core compile steps: load a fixture captured from
// osls 4.3.1 (testdata/<name>/: serverless.json, expected-*.json, zips) and run
// the package steps on it.
#pragma once
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "aws/compile/steps.h"
#include "aws/naming.h"
#include "package/artifact_names.h"

namespace sls::compile::testing {

inline std::filesystem::path fixture_dir(const std::string& name) {
  return std::filesystem::path(SLS_SOURCE_DIR) / "src/aws/compile/testdata" / name;
}

inline Json read_json(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  return Json::parse(ss.str());
}

inline Artifact artifact_at(const std::filesystem::path& dir, const std::string& name) {
  Artifact a;
  a.path = dir / name;
  a.name = name;
  return a;
}

// A service + context for `config` rooted at `dir` (stage/region as osls defaults them).
struct Fixture {
  std::unique_ptr<Service> service = std::make_unique<Service>();
  std::unique_ptr<PackageContext> ctx;

  Fixture(Json config, const std::filesystem::path& dir) {
    service->dir = dir;
    service->config = std::move(config);
    service->name = service->config.value("service", "");
    const Json& provider = service->config["provider"];
    service->stage = provider.is_object() ? provider.value("stage", "dev") : "dev";
    service->region = provider.is_object() ? provider.value("region", "us-east-1") : "us-east-1";
    ctx = std::make_unique<PackageContext>(PackageContext{*service});
    ctx->package_dir = dir;
    if (std::filesystem::exists(dir / package::service_artifact_name(service->name)))
      ctx->service_artifact = artifact_at(dir, package::service_artifact_name(service->name));
  }

  // Runs every step of this engineer's part in osls's lifecycle order.
  void run_all(const std::string& artifact_directory_name) {
    generate_core_template(*ctx);
    merge_iam_templates(*ctx);
    ctx->artifact_directory_name = artifact_directory_name;
    generate_artifact_directory_name(*ctx);
    compile_layers(*ctx);
    compile_functions(*ctx);
    add_export_name_for_outputs(*ctx);
    merge_custom_provider_resources(*ctx);
    strip_null_props_from_template_resources(*ctx);
  }
};

// The S3 "folder" osls used when it produced expected-update.json.
inline std::string artifact_dir_of(const Json& expected) {
  for (const auto& [id, res] : expected["Resources"].items()) {
    const Json* code = nullptr;
    if (res["Properties"].contains("Code")) code = &res["Properties"]["Code"];
    if (res["Properties"].contains("Content")) code = &res["Properties"]["Content"];
    if (code && code->contains("S3Key")) {
      std::string key = (*code)["S3Key"];
      return key.substr(0, key.rfind('/'));
    }
  }
  return "";
}

// Key-order-sensitive comparison; on mismatch, names the first differing line.
inline ::testing::AssertionResult same_json(const Json& actual, const Json& expected) {
  std::string a = actual.dump(2), e = expected.dump(2);
  if (a == e) return ::testing::AssertionSuccess();
  std::istringstream as(a), es(e);
  std::string al, el;
  int line = 0;
  while (true) {
    ++line;
    bool ha = static_cast<bool>(std::getline(as, al)), he = static_cast<bool>(std::getline(es, el));
    if (!ha || !he || al != el)
      return ::testing::AssertionFailure() << "first difference at line " << line << ":\n  actual:   "
                                           << (ha ? al : "<end>") << "\n  expected: " << (he ? el : "<end>");
  }
}

}  // namespace sls::compile::testing
