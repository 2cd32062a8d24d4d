#include "aws/api/endpoints.h"

#include <fmt/format.h>

#include <cctype>
#include <map>

namespace sls::aws::api {

ServiceInfo service_info(const std::string& id) {
  static const std::map<std::string, ServiceInfo> kServices = {
      {"cloudformation", {"CLOUDFORMATION", "cloudformation", "cloudformation"}},
      {"s3", {"S3", "s3", "s3"}},
      {"sts", {"STS", "sts", "sts"}},
      {"lambda", {"LAMBDA", "lambda", "lambda"}},
      {"logs", {"CLOUDWATCH_LOGS", "logs", "logs"}},
      {"monitoring", {"CLOUDWATCH", "monitoring", "monitoring"}},
      {"ssm", {"SSM", "ssm", "ssm"}},
      {"apigateway", {"API_GATEWAY", "apigateway", "apigateway"}},
      {"apigatewayv2", {"APIGATEWAYV2", "apigateway", "apigateway"}},
      {"iam", {"IAM", "iam", "iam", true}},
      {"events", {"EVENTBRIDGE", "events", "events"}},
      {"sqs", {"SQS", "sqs", "sqs"}},
      {"sns", {"SNS", "sns", "sns"}},
      {"kinesis", {"KINESIS", "kinesis", "kinesis"}},
      {"dynamodb", {"DYNAMODB", "dynamodb", "dynamodb"}},
      {"ecr", {"ECR", "api.ecr", "ecr"}},
      {"secretsmanager", {"SECRETS_MANAGER", "secretsmanager", "secretsmanager"}},
      {"route53", {"ROUTE_53", "route53", "route53", true}},
      {"states", {"SFN", "states", "states"}},
  };
  if (auto it = kServices.find(id); it != kServices.end()) return it->second;
  std::string suffix;
  for (char c : id) suffix += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return {suffix, id, id};
}

Endpoint resolve_endpoint(const std::string& service_id, const std::string& region, const EnvLookup& env) {
  ServiceInfo info = service_info(service_id);
  Endpoint out;
  out.signing_region = info.global ? "us-east-1" : region;
  bool ignore = env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS").value_or("") == "true";
  if (!ignore) {
    std::string name = "AWS_ENDPOINT_URL_" + info.env_suffix;
    std::optional<std::string> custom = env(name);
    if (!custom) {
      name = "AWS_ENDPOINT_URL";
      custom = env(name);
    }
    if (custom) {
      out.url = parse_url(*custom, name);
      out.custom = true;
      return out;
    }
  }
  std::string suffix = region.starts_with("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  std::string host = info.global ? fmt::format("{}.{}", info.host_prefix, suffix)
                                 : fmt::format("{}.{}.{}", info.host_prefix, region, suffix);
  out.url = Url{"https", host, 0, "/"};
  return out;
}

}  // namespace sls::aws::api
