#include "aws/ops/rollback.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <regex>

#include "aws/api/aws_error.h"
#include "aws/api/http.h"
#include "aws/api/lambda.h"
#include "aws/api/s3.h"
#include "aws/deploy/deploy.h"
#include "aws/deploy/deployment_bucket.h"
#include "aws/deploy/stack_params.h"
#include "aws/naming.h"
#include "aws/ops/deploy_list.h"
#include "util/error.h"

namespace sls::aws::ops {
namespace {

long long days_from_civil(long long y, unsigned m, unsigned d) {  // H. Hinnant's algorithm
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

std::optional<long long> parse_iso(const std::string& text) {
  static const std::regex iso(
      R"(^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?)?$)");
  std::smatch m;
  if (!std::regex_match(text, m, iso)) return std::nullopt;
  auto num = [&](int i, int fallback) { return m[i].matched ? std::stoi(m[i].str()) : fallback; };
  const int year = num(1, 0), month = num(2, 1), day = num(3, 1), hour = num(4, 0), minute = num(5, 0),
            second = num(6, 0);
  const int ms = m[7].matched ? std::stoi((m[7].str() + "00").substr(0, 3)) : 0;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 59) return std::nullopt;
  if (m[4].matched && !m[8].matched) {  // date and time without offset: local time
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    tm.tm_isdst = -1;
    const std::time_t t = std::mktime(&tm);
    if (t == static_cast<std::time_t>(-1)) return std::nullopt;
    return static_cast<long long>(t) * 1000 + ms;
  }
  long long offset_min = 0;
  if (m[8].matched && m[8].str() != "Z") {
    const std::string o = m[8].str();
    offset_min = (std::stoi(o.substr(1, 2)) * 60 + std::stoi(o.substr(4, 2))) * (o[0] == '-' ? -1 : 1);
  }
  const long long days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return ((days * 24 + hour) * 60 + minute - offset_min) * 60'000 + second * 1000LL + ms;
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
  if (auto iso = parse_iso(text)) return iso;
  // Number(text): surrounding white space allowed, "" is 0 (an invalid directory anyway).
  const char* begin = text.c_str();
  char* end = nullptr;
  const double n = std::strtod(begin, &end);
  while (end && *end && std::isspace(static_cast<unsigned char>(*end))) ++end;
  if (end == begin || (end && *end) || !std::isfinite(n) || std::fabs(n) > 8.64e15) return std::nullopt;
  if (text.find_first_of("xXpP") != std::string::npos) return std::nullopt;  // strtod's hex forms: NaN in JS
  return static_cast<long long>(std::trunc(n));
}

std::string deployment_directory(long long ms) {
  const long long days = (ms >= 0 ? ms : ms - 86'399'999) / 86'400'000;
  const long long rest = ms - days * 86'400'000;
  // civil_from_days (H. Hinnant)
  const long long z = days + 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const long long y = static_cast<long long>(yoe) + era * 400 + (m <= 2);
  char iso[64];
  std::snprintf(iso, sizeof iso, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ", y, m, d, rest / 3'600'000,
                rest / 60'000 % 60, rest / 1000 % 60, rest % 1000);
  return std::to_string(ms) + "-" + iso;
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
  const std::string directory = ms ? deployment_directory(*ms) : "";
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
