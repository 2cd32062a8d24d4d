// --timestamp as osls reads it (new Date(T), else Number(T)), the deployment
// directory it names, and `rollback function` against a scripted loopback
// Lambda: moto's Code.Location points at an S3 host that does not exist, so
// the download and the UpdateFunctionCode that follows are covered here.
#include "aws/ops/rollback.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <mutex>

#include "aws/api/test_server.h"
#include "aws/compile/steps.h"
#include "util/digest.h"
#include "util/error.h"

namespace sls::aws::ops {

TEST(Rollback, TimestampAsJavaScriptDateReadsIt) {
  EXPECT_EQ(parse_timestamp_ms("1796164911701"), 1796164911701LL);  // what `deploy list` prints
  EXPECT_EQ(parse_timestamp_ms("2026-12-01T22:41:51.701Z"), 1796164911701LL);
  EXPECT_EQ(parse_timestamp_ms("2026-12-01T23:41:51.701+01:00"), 1796164911701LL);
  EXPECT_EQ(parse_timestamp_ms("2026-12-01"), 1796083200000LL);  // date only: UTC midnight
  EXPECT_EQ(parse_timestamp_ms(" 1796164911701 "), 1796164911701LL);
  EXPECT_EQ(parse_timestamp_ms("nonsense"), std::nullopt);
  EXPECT_EQ(parse_timestamp_ms("2026-13-01"), std::nullopt);
  EXPECT_EQ(parse_timestamp_ms("0x10"), std::nullopt);
  // Date and time without an offset: local time, as JavaScript reads it.
  const char* old = std::getenv("TZ");
  const std::string saved = old ? old : "";
  setenv("TZ", "UTC", 1);
  tzset();
  EXPECT_EQ(parse_timestamp_ms("2026-12-01T22:41:51.701"), 1796164911701LL);
  if (old) setenv("TZ", saved.c_str(), 1); else unsetenv("TZ");
  tzset();
}

TEST(Rollback, DeploymentDirectoryName) {
  EXPECT_EQ(compile::deployment_directory(1796164911701LL), "1796164911701-2026-12-01T22:41:51.701Z");
  EXPECT_EQ(compile::deployment_directory(0), "0-1970-01-01T00:00:00.000Z");
  EXPECT_EQ(compile::deployment_directory(951782400000LL), "951782400000-2000-02-29T00:00:00.000Z");
}

namespace {

struct FakeLambda {
  api::testing::LocalServer s;
  std::mutex mu;
  std::string uploaded;  // the ZipFile of UpdateFunctionCode, decoded
  int code_status = 200;
  FakeLambda() {
    s.server.Get(R"(/2015-03-31/functions/svc-dev-fn)", [this](const httplib::Request& req, httplib::Response& res) {
      if (!req.has_param("Qualifier")) {
        res.set_content(R"({"Configuration": {"FunctionName": "svc-dev-fn", "Version": "$LATEST"}})", "application/json");
        return;
      }
      if (req.get_param_value("Qualifier") != "3") {
        res.status = 404;
        res.set_header("x-amzn-ErrorType", "ResourceNotFoundException");
        res.set_content(R"({"Type": "User", "Message": "Function not found"})", "application/json");
        return;
      }
      res.set_content(R"({"Configuration": {"Version": "3"}, "Code": {"RepositoryType": "S3", "Location": ")" +
                          s.url("/code/v3.zip?X-Amz-Signature=abc") + R"("}})",
                      "application/json");
    });
    s.server.Get("/code/v3.zip", [this](const httplib::Request&, httplib::Response& res) {
      res.status = code_status;
      res.set_content(code_status == 200 ? std::string("PK\x03\x04 version 3", 14) : "<Error/>", "application/zip");
    });
    s.server.Put("/2015-03-31/functions/svc-dev-fn/code", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu);
      uploaded = digest::base64_decode(Json::parse(req.body)["ZipFile"].get<std::string>()).value_or("?");
      res.set_content(R"({"FunctionName": "svc-dev-fn"})", "application/json");
    });
    s.start();
  }
};

}  // namespace

TEST(RollbackFunction, DownloadsTheVersionsCodeAndUploadsIt) {
  FakeLambda fake;
  api::HttpClient http;
  auto ctx = fake.s.context(http);
  rollback_function(ctx, {"fn", "svc-dev-fn", "3", false});
  EXPECT_EQ(fake.uploaded, std::string("PK\x03\x04 version 3", 14));
}

TEST(RollbackFunction, MissingVersionAndFailedDownloadAreClearErrors) {
  FakeLambda fake;
  api::HttpClient http;
  auto ctx = fake.s.context(http);
  try {
    rollback_function(ctx, {"fn", "svc-dev-fn", "9", false});
    FAIL() << "expected an error";
  } catch (const UserError& e) {
    EXPECT_EQ(e.code, "AWS_FUNCTION_NOT_FOUND");
    EXPECT_NE(std::string(e.what()).find("Function \"fn\" with version \"9\" not found."), std::string::npos);
  }
  fake.code_status = 403;  // an expired presigned URL: its XML error is never uploaded as code
  try {
    rollback_function(ctx, {"fn", "svc-dev-fn", "3", false});
    FAIL() << "expected an error";
  } catch (const UserError& e) {
    EXPECT_EQ(e.code, "LAMBDA_CODE_DOWNLOAD_FAILED");
    EXPECT_STREQ(e.what(), "Could not download function code (HTTP 403)");
  }
  EXPECT_EQ(fake.uploaded, "");
  EXPECT_THROW(rollback_function(ctx, {"fn", "svc-dev-fn", "3", true}), UserError);  // durableConfig
}

}  // namespace sls::aws::ops
