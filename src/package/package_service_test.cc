#include "package/package_service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "util/error.h"

namespace sls::package {
namespace fs = std::filesystem;

namespace {

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

// Names inside a zip, via python's zipfile.
std::vector<std::string> zip_names(const fs::path& zip) {
  std::string cmd = "python3 -c \"import zipfile,sys; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))\" " +
                    zip.string();
  std::vector<std::string> out;
  FILE* p = popen(cmd.c_str(), "r");
  char line[4096];
  while (p && fgets(line, sizeof line, p)) {
    std::string s(line);
    if (!s.empty() && s.back() == '\n') s.pop_back();
    out.push_back(s);
  }
  if (p) pclose(p);
  return out;
}

struct Fixture {
  fs::path dir = fs::temp_directory_path() / ("sls_package_service_test_" + std::to_string(::getpid()));
  Service service;
  Fixture() {
    fs::remove_all(dir);
    write(dir / "serverless.yml", "service: svc\n");
    write(dir / "package.json", R"({"dependencies":{"a":"*"},"devDependencies":{"d":"*"}})");
    write(dir / "node_modules/a/package.json", R"({"name":"a"})");
    write(dir / "node_modules/a/index.js", "");
    write(dir / "node_modules/d/package.json", R"({"name":"d","bin":{"dcli":"cli.js"}})");
    write(dir / "node_modules/d/cli.js", "");
    write(dir / "node_modules/.bin/dcli", "");
    write(dir / "src/handler.js", "exports.create = 1;");
    write(dir / "src/other.js", "exports.other = 1;");
    write(dir / ".git/HEAD", "x");
    write(dir / ".gitignore", "x");
    write(dir / ".env", "X=1");
    write(dir / "notes/todo.md", "x");
    service.dir = dir;
    service.name = "svc";
    service.config_file_name = "serverless.yml";
    service.config = Json::parse(R"({
      "service": "svc",
      "provider": {"name": "aws", "runtime": "nodejs20.x"},
      "functions": {"create": {"handler": "src/handler.create"},
                    "other": {"handler": "src/other.other"}}
    })");
  }
  ~Fixture() { fs::remove_all(dir); }
  PackageContext context() {
    PackageContext ctx{service};
    ctx.package_dir = dir / ".serverless";
    return ctx;
  }
};

}  // namespace

TEST(PackageService, ServiceArtifactFollowsOslsRules) {
  Fixture f;
  PackageContext ctx = f.context();
  create_deployment_artifacts(ctx);
  ASSERT_TRUE(ctx.service_artifact);
  EXPECT_EQ(ctx.service_artifact->name, "svc.zip");
  EXPECT_EQ(ctx.service_artifact->path, f.dir / ".serverless/svc.zip");
  EXPECT_EQ(ctx.service_artifact->size, fs::file_size(f.dir / ".serverless/svc.zip"));
  EXPECT_TRUE(ctx.function_artifacts.empty());
  std::vector<std::string> want = {".env", "node_modules/a/index.js", "node_modules/a/package.json",
                                   "notes/todo.md", "package.json", "src/handler.js", "src/other.js"};
  EXPECT_EQ(zip_names(ctx.service_artifact->path), want);

  // Running again gives the same bytes.
  std::string sha = ctx.service_artifact->sha256_hex;
  PackageContext again = f.context();
  create_deployment_artifacts(again);
  EXPECT_EQ(again.service_artifact->sha256_hex, sha);
}

TEST(PackageService, ExcludeDevDependenciesFalseKeepsThem) {
  Fixture f;
  f.service.config["package"] = Json::parse(R"({"excludeDevDependencies": false, "patterns": ["!notes/**"]})");
  PackageContext ctx = f.context();
  create_deployment_artifacts(ctx);
  auto names = zip_names(ctx.service_artifact->path);
  EXPECT_NE(std::find(names.begin(), names.end(), "node_modules/d/cli.js"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "node_modules/.bin/dcli"), names.end());
  EXPECT_EQ(std::find(names.begin(), names.end(), "notes/todo.md"), names.end());
}

TEST(PackageService, IndividuallyAppendsFunctionPatterns) {
  Fixture f;
  f.service.config["package"] = Json::parse(R"({"individually": true, "patterns": ["!src/**"]})");
  f.service.config["functions"]["create"]["package"] = Json::parse(R"({"patterns": ["src/handler.js"]})");
  f.service.config["functions"]["other"]["package"] = Json::parse(R"({"patterns": ["src/other.js"]})");
  PackageContext ctx = f.context();
  create_deployment_artifacts(ctx);
  EXPECT_FALSE(ctx.service_artifact);
  ASSERT_EQ(ctx.function_artifacts.size(), 2u);
  EXPECT_EQ(ctx.function_artifacts["create"].name, "create.zip");
  auto names = zip_names(ctx.function_artifacts["create"].path);
  EXPECT_NE(std::find(names.begin(), names.end(), "src/handler.js"), names.end());
  EXPECT_EQ(std::find(names.begin(), names.end(), "src/other.js"), names.end());
  names = zip_names(ctx.function_artifacts["other"].path);
  EXPECT_EQ(std::find(names.begin(), names.end(), "src/handler.js"), names.end());
}

// osls has no such check (it zips the function without its handler and the
// failure shows only at invocation); this error is an sls addition.
TEST(PackageService, HandlerFileMustBeInTheArtifact) {
  Fixture f;
  f.service.config["package"] = Json::parse(R"({"patterns": ["!src/handler.js"]})");
  PackageContext ctx = f.context();
  try {
    create_deployment_artifacts(ctx);
    FAIL() << "expected a UserError";
  } catch (const UserError& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("\"create\""), std::string::npos) << msg;
    EXPECT_NE(msg.find("src/handler.create"), std::string::npos) << msg;
    EXPECT_NE(msg.find("src/handler.*"), std::string::npos) << msg;
  }
}

// A layer may serve the handler: the function (or provider) lists layers, or the path is absolute.
TEST(PackageService, HandlerALayerMayServeOnlyWarns) {
  Fixture f;
  f.service.config["functions"]["create"]["layers"] = Json::parse(R"(["arn:aws:lambda:us-east-1:1:layer:l:1"])");
  f.service.config["functions"]["create"]["handler"] = "index.handler";
  f.service.config["functions"]["other"]["handler"] = "/opt/nodejs/entry.handler";
  PackageContext ctx = f.context();
  create_deployment_artifacts(ctx);
  ASSERT_EQ(ctx.warnings.size(), 2u);
  EXPECT_NE(ctx.warnings[0].find("\"create\""), std::string::npos) << ctx.warnings[0];
  EXPECT_NE(ctx.warnings[0].find("layers"), std::string::npos) << ctx.warnings[0];
  EXPECT_NE(ctx.warnings[1].find("/opt/nodejs/entry.handler"), std::string::npos) << ctx.warnings[1];
}

TEST(PackageService, PrebuiltArtifactsAreUsedAsGiven) {
  Fixture f;
  write(f.dir / "build/fn.zip", "not really a zip");
  f.service.config["functions"]["create"]["package"] = Json::parse(R"({"artifact": "build/fn.zip"})");
  f.service.config["functions"]["other"]["package"] = Json::parse(R"({"artifact": "s3://bucket/key.zip"})");
  PackageContext ctx = f.context();
  create_deployment_artifacts(ctx);
  EXPECT_FALSE(ctx.service_artifact);  // no function left for the service zip
  ASSERT_EQ(ctx.function_artifacts.count("create"), 1u);
  EXPECT_EQ(ctx.function_artifacts["create"].path, f.dir / "build/fn.zip");
  EXPECT_EQ(ctx.function_artifacts["create"].name, "fn.zip");
  EXPECT_EQ(ctx.function_artifacts.count("other"), 0u);
  EXPECT_FALSE(fs::exists(f.dir / ".serverless/svc.zip"));

  f.service.config["functions"]["create"]["package"]["artifact"] = "build/missing.zip";
  PackageContext bad = f.context();
  EXPECT_THROW(create_deployment_artifacts(bad), UserError);
}

TEST(PackageService, ServiceLevelPrebuiltArtifact) {
  Fixture f;
  write(f.dir / "dist/app.zip", "zip");
  f.service.config["package"] = Json::parse(R"({"artifact": "dist/app.zip"})");
  PackageContext ctx = f.context();
  create_deployment_artifacts(ctx);
  ASSERT_TRUE(ctx.service_artifact);
  EXPECT_EQ(ctx.service_artifact->path, f.dir / "dist/app.zip");
  EXPECT_EQ(ctx.service_artifact->sha256_hex.size(), 64u);
}

TEST(PackageService, SlsIgnoreAppliesToEveryArtifact) {
  Fixture f;
  write(f.dir / ".slsignore", "# local notes\nnotes/\n*.md\n!keep.md\n");
  write(f.dir / "keep.md", "x");
  PackageContext ctx = f.context();
  create_deployment_artifacts(ctx);
  auto names = zip_names(ctx.service_artifact->path);
  EXPECT_EQ(std::find(names.begin(), names.end(), "notes/todo.md"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "keep.md"), names.end());
  // .slsignore itself is not a default exclude (osls would zip it too).
  EXPECT_NE(std::find(names.begin(), names.end(), ".slsignore"), names.end());
}

TEST(PackageService, LayersArePackagedAndExcludedFromFunctions) {
  Fixture f;
  write(f.dir / "layer/nodejs/lib.js", "x");
  f.service.config["layers"] = Json::parse(R"({"shared": {"path": "layer"}})");
  PackageContext ctx = f.context();
  create_deployment_artifacts(ctx);
  auto names = zip_names(ctx.service_artifact->path);
  EXPECT_EQ(std::find(names.begin(), names.end(), "layer/nodejs/lib.js"), names.end());
  ASSERT_EQ(ctx.layer_artifacts.count("shared"), 1u);
  EXPECT_EQ(zip_names(ctx.layer_artifacts["shared"].path), std::vector<std::string>{"nodejs/lib.js"});
}

}  // namespace sls::package

namespace sls::package {
TEST(PackageService, OwnPackageFolderIsNeverZipped) {
  Fixture f;
  PackageContext ctx = f.context();
  ctx.package_dir = f.dir / "dist.tmp";
  ctx.final_package_dir = f.dir / "dist";
  write(f.dir / "dist/old.zip", "stale");
  write(f.dir / "dist.tmp/partial", "x");
  create_deployment_artifacts(ctx);
  for (const auto& n : zip_names(ctx.service_artifact->path)) EXPECT_EQ(n.rfind("dist", 0), std::string::npos) << n;
}
}  // namespace sls::package
