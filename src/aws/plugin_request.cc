#include "aws/plugin_request.h"

#include <map>

#include "aws/api/json_rpc.h"
#include "aws/api/query.h"
#include "aws/naming.h"
#include "aws/plugin_rest.h"
#include "util/error.h"

namespace sls::aws {

namespace {

struct QueryService {
  const char* id;
  const char* version;
};
struct JsonService {
  const char* id;
  const char* target_prefix;
  const char* json_version = "1.1";
};

const std::map<std::string, QueryService>& query_services() {
  static const std::map<std::string, QueryService> k = {
      {"CloudFormation", {"cloudformation", "2010-05-15"}}, {"STS", {"sts", "2011-06-15"}},
      {"IAM", {"iam", "2010-05-08"}},                       {"SNS", {"sns", "2010-03-31"}},
      {"SQS", {"sqs", "2012-11-05"}},                       {"CloudWatch", {"monitoring", "2010-08-01"}},
      {"ELBv2", {"elasticloadbalancing", "2015-12-01"}},
  };
  return k;
}

const std::map<std::string, JsonService>& json_services() {
  static const std::map<std::string, JsonService> k = {
      {"CloudWatchLogs", {"logs", "Logs_20140328"}},
      {"SSM", {"ssm", "AmazonSSM"}},
      {"ACM", {"acm", "CertificateManager"}},
      {"KMS", {"kms", "TrentService"}},
      {"SecretsManager", {"secretsmanager", "secretsmanager"}},
      {"Kinesis", {"kinesis", "Kinesis_20131202"}},
      {"EventBridge", {"events", "AWSEvents"}},
      {"CloudWatchEvents", {"events", "AWSEvents"}},
      {"ECR", {"ecr", "AmazonEC2ContainerRegistry_V20150921"}},
      {"CognitoIdentityServiceProvider", {"cognito-idp", "AWSCognitoIdentityProviderService"}},
      {"DynamoDB", {"dynamodb", "DynamoDB_20120810", "1.0"}},
      {"StepFunctions", {"states", "AWSStepFunctions", "1.0"}},
  };
  return k;
}

std::string scalar_text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return v.dump();
}

}  // namespace

void flatten_query_params(const Json& value, const std::string& prefix, api::QueryParams& out) {
  if (value.is_object()) {
    for (const auto& [k, v] : value.items()) flatten_query_params(v, prefix.empty() ? k : prefix + "." + k, out);
  } else if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i)
      flatten_query_params(value[i], prefix + ".member." + std::to_string(i + 1), out);
  } else if (!value.is_null()) {
    out.emplace_back(prefix, scalar_text(value));
  }
}

Json query_result_json(const pugi::xml_node& node) {
  bool has_elements = false, all_members = true;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    has_elements = true;
    all_members = all_members && std::string(c.name()) == "member";
  }
  if (!has_elements) return node.text().as_string();
  Json out = all_members ? Json::array() : Json::object();
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    if (all_members) out.push_back(query_result_json(c));
    else out[c.name()] = query_result_json(c);
  }
  return out;
}

Json plugin_request(const api::AwsContext& context, const std::string& service, const std::string& method,
                    const Json& params) {
  std::string action = naming::upper_first(method);
  if (auto q = query_services().find(service); q != query_services().end()) {
    api::QueryParams flat;
    flatten_query_params(params.is_object() ? params : Json::object(), "", flat);
    api::QueryReply reply = api::query_call(context, q->second.id, q->second.version, action, flat);
    Json out = reply.result ? query_result_json(reply.result) : Json::object();
    return out.is_object() ? out : Json::object();
  }
  if (auto j = json_services().find(service); j != json_services().end())
    return api::json_rpc_call(context, j->second.id, j->second.target_prefix, action,
                              params.is_object() ? params : Json::object(), j->second.json_version);
  if (rest_service(service)) return plugin_rest_request(context, service, method, params);
  throw UserError("provider.request(\"" + service + "\", \"" + method +
                      "\"): sls's plugin bridge does not call this AWS service yet (it covers the Query and "
                      "JSON services: CloudFormation, STS, IAM, SNS, SQS, CloudWatch, ELBv2, CloudWatchLogs, SSM, "
                      "ACM, KMS, SecretsManager, Kinesis, EventBridge, ECR, CognitoIdentityServiceProvider, DynamoDB, "
                      "StepFunctions; and the "
                      "REST ones S3, Lambda, APIGateway, ApiGatewayV2, Route53).",
                  "SLS_BRIDGE_SERVICE_UNSUPPORTED");
}

}  // namespace sls::aws
