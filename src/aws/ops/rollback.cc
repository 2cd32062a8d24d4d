#include "aws/ops/rollback.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "aws/api/aws_error.h"
#include "aws/api/http.h"
#include "aws/api/lambda.h"
#include "aws/api/s3.h"
#include "aws/compile/steps.h"
#include "aws/deploy/deploy.h"
#include "aws/deploy/deployment_bucket.h"
#include "aws/deploy/stack_params.h"
#include "aws/naming.h"
#include "aws/ops/deploy_list.h"
#include "aws/ops/log_format.h"
#include "util/error.h"

namespace sls::aws::ops {
namespace {

// A date and time without an offset, which JavaScript reads as local time.
bool local_date_time(const std::string& text) {
  const size_t t = text.find_first_of("Tt ", 8);
  return t != std::string::npos && text.find_first_of("Zz+-", t) == std::string::npos;
}

void check_durable(const RollbackFunctionInput& in, bool remote_durable) {
  if (in.durable || remote_durable)
    throw UserError("Function \"" + in.function +
                        "\" is configured with durableConfig locally or in AWS. Use \"serverless deploy\" to publish "
                        "and retarget durable function versions instead of rolling back only $LATEST.",
                    "DURABLE_ROLLBACK_FUNCTION_UNSUPPORTED");
}

Json function_version(const api::AwsContext& ctx, const RollbackFunctionInput& in) {
  try {
    return api::lambda::get_function(ctx, in.deployed_name, in.version);
  } catch (const UserError& e) {
    if (e.code != "ResourceNotFoundException") throw;
    throw UserError("Function \"" + in.function + "\" with version \"" + in.version + "\" not found. Please check if "
                        "you've deployed \"" + in.function + "\" and version \"" + in.version +
                        "\" is available for this function. Please check the docs for more info.",
                    "AWS_FUNCTION_NOT_FOUND");
  }
}

std::string download_code(const api::AwsContext& ctx, const std::string& url) {
  api::HttpRequest request;
  request.url = url;
  api::HttpResponse reply;
  try {
    reply = ctx.http->send(request);
  } catch (const api::TransportError& e) {
    throw UserError("Could not download function code from " + api::loggable_url(url) + ": " + e.what() + ". " +
                        api::transport_hint(e.curl_code),
                    "LAMBDA_CODE_DOWNLOAD_FAILED");
  }
  if (reply.status < 200 || reply.status >= 300)
    throw UserError("Could not download function code (HTTP " + std::to_string(reply.status) + ")",
                    "LAMBDA_CODE_DOWNLOAD_FAILED");
  return std::move(reply.body);
}

}  // namespace

std::optional<long long> parse_timestamp_ms(const std::string& text) {
  if (auto utc = parse_iso(text)) {
    if (!local_date_time(text)) return utc;
    const std::time_t secs = static_cast<std::time_t>(*utc / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    tm.tm_isdst = -1;
    const std::time_t local = std::mktime(&tm);
    if (local == static_cast<std::time_t>(-1)) return std::nullopt;
    return static_cast<long long>(local) * 1000 + *utc % 1000;
  }
  // Number(text): surrounding white space allowed, "" is 0 (an invalid directory anyway).
  const char* begin = text.c_str();
  char* end = nullptr;
  const double n = std::strtod(begin, &end);
  while (end && *end && std::isspace(static_cast<unsigned char>(*end))) ++end;
  if (end == begin || (end && *end) || !std::isfinite(n) || std::fabs(n) > 8.64e15) return std::nullopt;
  if (text.find_first_of("xXpP") != std::string::npos) return std::nullopt;  // strtod's hex forms: NaN in JS
  return static_cast<long long>(std::trunc(n));
}

bool rollback_service(const api::AwsContext& ctx, const deploy::Target& target, const std::string& timestamp,
                      const deploy::Reporter& reporter) {
  reporter.say_progress("Validating");
  const std::string bucket = deploy::existing_deployment_bucket(ctx, target);
  const std::vector<Deployment> deployments = list_deployments(ctx, target, bucket);
  if (deployments.empty())
    throw UserError("Couldn't find any existing deployments. Please verify that stage and region are correct.",
                    "ROLLBACK_DEPLOYMENTS_NOT_FOUND");
  const auto ms = parse_timestamp_ms(timestamp);
  const std::string directory = ms ? compile::deployment_directory(*ms) : "";
  bool exists = false;
  for (const auto& d : deployments)
    for (const auto& f : d.files) exists = exists || (d.directory == directory && f == naming::kCompiledTemplateS3Suffix);
  if (!exists)
    throw UserError("Couldn't find a deployment for the timestamp: " + timestamp +
                        ". Please verify that the timestamp, stage and region are correct.",
                    "ROLLBACK_DEPLOYMENT_NOT_FOUND");
  const std::string artifact_dir =
      deploy::deployment_prefix(target.provider) + "/" + target.service + "/" + target.stage + "/" + directory;
  // Not in osls: the old template's Transform asks for CAPABILITY_AUTO_EXPAND, as at its deploy.
  bool has_transform = false;
  try {
    const Json old = Json::parse(
        api::s3::get_object(ctx, bucket, artifact_dir + "/" + naming::kCompiledTemplateS3Suffix));
    has_transform = old.is_object() && old.contains("Transform");
  } catch (const Json::parse_error&) {
  }
  reporter.say_progress("Updating CloudFormation stack");
  deploy::TemplateSource source{deploy::template_url(target.region, bucket, artifact_dir), nullptr, has_transform};
  return deploy::update_stack(ctx, target, source, reporter);
}

void rollback_function(const api::AwsContext& ctx, const RollbackFunctionInput& in) {
  check_durable(in, false);
  try {
    const Json current = api::lambda::get_function(ctx, in.deployed_name);
    check_durable(in, current.contains("Configuration") && current["Configuration"].contains("DurableConfig") &&
                          !current["Configuration"]["DurableConfig"].is_null());
  } catch (const UserError& e) {
    if (e.code != "ResourceNotFoundException") throw;  // a missing function: the version's error below
  }
  const Json version = function_version(ctx, in);
  const Json& location = version.value("Code", Json::object()).value("Location", Json());
  if (!location.is_string())
    throw UserError("Function \"" + in.function + "\" version \"" + in.version +
                        "\" has no code to download (Code.Location is missing: an image function?).",
                    "LAMBDA_CODE_DOWNLOAD_FAILED");
  const std::string zip = download_code(ctx, location.get<std::string>());
  api::lambda::update_function_code(ctx, in.deployed_name, zip);
}

}  // namespace sls::aws::ops
