#include "config/validate.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <string_view>

#include "config/patterns.h"
#include "config/provider_alb.h"
#include "config/provider_deploy_settings.h"
#include "config/provider_plugins.h"
#include "config/provider_cloud_front.h"
#include "config/provider_s3.h"
#include "config/resources_checks.h"
#include "config/schema_checks.h"
#include "config/validate_http_api.h"
#include "util/error.h"

namespace sls::config {
namespace {

using schema::Checker;
using schema::check_resources;
using schema::coerce_boolean_string;
using schema::Path;
using schema::describe;
using schema::join;
using schema::present;

// Property names osls 4.3.1 knows (its assembled schema with the AWS provider).
const std::vector<std::string_view> kRootProperties = {
    "configValidationMode", "custom",   "deprecationNotificationMode",
    "disabledDeprecations", "frameworkVersion", "functions", "package", "params", "plugins",
    "projectDir", "provider", "service", "useDotenv", "variablesResolutionMode", "resources",
    "layers"};

const std::vector<std::string_view> kProviderProperties = {
    "name", "alb", "apiGateway", "apiName", "architecture", "cfnRole", "cloudFront",
    "deletionProtection", "deploymentBucket", "deploymentPrefix", "disableRollback",
    "endpointType", "environment", "httpApi", "iam", "iamManagedPolicies", "iamRoleStatements",
    "ecr", "kmsKeyArn", "layers", "logRetentionInDays", "logDataProtectionPolicy", "logs",
    "memorySize", "notificationArns", "profile", "region", "role", "rolePermissionsBoundary",
    "rollbackConfiguration", "runtime", "runtimeManagement", "deploymentMethod", "s3", "stage",
    "stackName", "stackParameters", "stackPolicy", "stackTags", "tags", "timeout", "tracing", "vpc",
    "vpcEndpointIds", "versionFunctions", "pruneFunctionVersions", "websocket",
    "websocketsApiName", "kinesis", "websocketsApiRouteSelectionExpression",
    "websocketsDescription"};

const std::vector<std::string_view> kFunctionProperties = {
    "name", "events", "architecture", "awsKmsKeyArn", "condition", "dependsOn", "description",
    "destinations", "disableLogs", "durableConfig", "environment", "ephemeralStorageSize", "logs",
    "fileSystemConfig", "handler", "image", "kmsKeyArn", "recursiveLoop", "snapStart", "layers",
    "logRetentionInDays", "logDataProtectionPolicy", "maximumEventAge", "maximumRetryAttempts",
    "memorySize", "onError", "package", "provisionedConcurrency", "reservedConcurrency", "role",
    "runtime", "runtimeManagement", "tags", "timeout", "tracing", "url", "versionFunction", "vpc",
    "httpApi"};

const std::vector<std::string_view> kRuntimes = {
    "dotnet8", "dotnet9", "dotnet10", "java25", "java21", "java17.al2023", "java17",
    "java11.al2023", "java11", "java8.al2023", "java8.al2", "nodejs20.x", "nodejs22.x",
    "nodejs24.x", "provided.al2", "provided.al2023", "python3.10", "python3.11", "python3.12",
    "python3.13", "python3.14", "ruby3.3", "ruby3.4", "ruby4.0"};

const std::vector<std::string_view> kRegions = {
    "us-east-1", "us-east-2", "us-gov-east-1", "us-gov-west-1", "us-iso-east-1", "us-iso-west-1",
    "us-isob-east-1", "us-west-1", "us-west-2", "af-south-1", "ap-east-1", "ap-east-2",
    "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
    "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
    "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "cn-north-1",
    "cn-northwest-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
    "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1",
    "mx-central-1", "sa-east-1"};

const std::vector<std::string_view> kArchitectures = {"arm64", "x86_64"};

bool has_plugins(const Json& config) {
  auto it = config.find("plugins");
  if (it == config.end()) return false;
  if (it->is_array()) return !it->empty();
  if (it->is_object()) {
    auto m = it->find("modules");
    return m != it->end() && m->is_array() && !m->empty();
  }
  return false;
}

void check_log_retention(Checker& c, Json& v, const Path& path) {
  static const std::vector<long long> kDays = {1,   3,   5,   7,    14,   30,   60,
                                               90,  120, 150, 180,  365,  400,  545,
                                               731, 1827, 2192, 2557, 2922, 3288, 3653};
  if (!c.number(v, path)) return;
  for (auto d : kDays)
    if (v.is_number_integer() && v.get<long long>() == d) return;
  c.add(path, "must be one of the allowed values [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, "
              "365, 400, 545, 731, 1827, 2192, 2557, 2922, 3288, 3653], got " + describe(v));
}

// Which one-element Resource lists ajv (coerceTypes "array") turns into their
// element: those whose string one of the schema's string branches accepts.
bool iam_resource_string(std::string_view s) {
  return s.substr(0, 4) == "arn:" || patterns::is_logical_resource_id(s);
}
bool resource_policy_string(std::string_view s) {
  return s.substr(0, 4) == "arn:" || s.substr(0, 13) == "execute-api:/";
}

// Policy statements: provider.iam.role.statements / iamRoleStatements take
// awsIamPolicyResource, provider.apiGateway.resourcePolicy awsResourcePolicyResource.
void check_iam_statements(Checker& c, Json& statements, const Path& path,
                          bool (*unwrapped_resource)(std::string_view) = iam_resource_string) {
  if (!c.list(statements, path)) return;
  for (size_t i = 0; i < statements.size(); ++i) {
    Json& s = statements[i];
    const Path p = join(path, i);
    if (!c.object(s, p)) continue;
    c.known_properties(s, p, {"Sid", "Effect", "Action", "NotAction", "Principal", "NotPrincipal",
                              "Resource", "NotResource", "Condition"});
    c.required(s, p, "Effect");
    if (Json* effect = present(s, "Effect")) c.one_of(*effect, join(p, "Effect"), {"Allow", "Deny"});
    for (const char* key : {"Action", "NotAction"}) {  // awsIamPolicyAction: a list of strings
      Json* actions = present(s, key);
      const Path ap = join(p, key);
      if (!actions || !c.list(*actions, ap)) continue;
      for (size_t k = 0; k < actions->size(); ++k) c.string((*actions)[k], join(ap, k));
    }
    for (const char* key : {"Resource", "NotResource"}) {
      Json* r = present(s, key);
      if (r && r->is_array() && r->size() == 1 && (*r)[0].is_string() &&
          unwrapped_resource((*r)[0].get_ref<const std::string&>()))
        *r = Json((*r)[0]);
    }
    if ((present(s, "Action") && present(s, "NotAction")) || (present(s, "Resource") && present(s, "NotResource")))
      c.add(p, "unsupported configuration format");  // osls: oneOf Action/NotAction, Resource/NotResource
    if (!present(s, "Action") && !present(s, "NotAction")) {
      c.add(p, "must have required property 'Action' (or 'NotAction')");
    }
    if (!present(s, "Resource") && !present(s, "NotResource")) {
      c.add(p, "must have required property 'Resource' (or 'NotResource')");
    }
  }
}

void check_lambda_settings(Checker& c, Json& obj, const Path& path) {
  if (Json* v = present(obj, "runtime")) c.one_of(*v, join(path, "runtime"), kRuntimes);
  if (Json* v = present(obj, "memorySize")) c.integer(*v, join(path, "memorySize"), 128, 10240);
  if (Json* v = present(obj, "timeout")) c.integer(*v, join(path, "timeout"), 1, 900);
  if (Json* v = present(obj, "logRetentionInDays")) {
    check_log_retention(c, *v, join(path, "logRetentionInDays"));
  }
  if (Json* v = present(obj, "environment")) c.environment(*v, join(path, "environment"));
  if (Json* v = present(obj, "tags")) c.tags(*v, join(path, "tags"));
  if (Json* v = present(obj, "architecture")) {
    c.one_of(*v, join(path, "architecture"), kArchitectures);
  }
  if (Json* v = present(obj, "role")) {
    if (!v->is_object() && !(v->is_string() && !v->get_ref<const std::string&>().empty())) {
      c.add(join(path, "role"), "must be a role name, an ARN or a CloudFormation intrinsic "
                                "(Fn::GetAtt, Fn::Sub, Fn::ImportValue), got " + describe(*v));
    }
  }
  if (Json* v = present(obj, "layers")) {
    const Path layers = join(path, "layers");
    if (!c.list(*v, layers)) return;
    for (size_t i = 0; i < v->size(); ++i) {
      Json& layer = (*v)[i];
      if (layer.is_object()) continue;
      if (!layer.is_string() || layer.get_ref<const std::string&>().rfind("arn:", 0) != 0) {
        c.add(join(layers, i),
              "must be a layer ARN (arn:...) or a CloudFormation intrinsic, got " + describe(layer));
      }
    }
  }
}

// awsLambdaTracing: "Active", "PassThrough" or a boolean.
void check_tracing(Checker& c, Json& v, const Path& path) {
  coerce_boolean_string(v);
  if (v.is_boolean() || v == "Active" || v == "PassThrough") return;
  c.add(path, "must be equal to one of the allowed values [Active, PassThrough]");
}

// awsKmsArn: a CloudFormation function or a string starting "arn:aws...:kms".
void check_kms_arn(Checker& c, const Json& v, const Path& path) {
  if (v.is_object()) return;
  if (v.is_string() && patterns::is_kms_arn(v.get_ref<const std::string&>())) return;
  c.add(path, v.is_string() ? "unsupported string format" : "unsupported configuration format");
}

// A function's vpc: securityGroupIds and subnetIds both, or false/null to opt out of provider.vpc.
void check_function_vpc(Checker& c, const Json& v, const Path& path) {
  if (v.is_null() || v == Json(false)) return;
  if (v.is_object() && v.contains("securityGroupIds") && v.contains("subnetIds")) return;
  c.add(path, "unsupported configuration format");
}

// A function URL: true/false, or {authorizer: aws_iam, cors, invokeMode}.
void check_function_url(Checker& c, Json& v, const Path& path) {
  if (v.is_boolean()) return;
  if (!v.is_object()) {
    c.add(path, "unsupported configuration format");
    return;
  }
  c.known_properties(v, path, {"authorizer", "cors", "invokeMode"});
  if (Json* a = present(v, "authorizer")) c.one_of(*a, join(path, "authorizer"), {"aws_iam"});
  if (Json* m = present(v, "invokeMode")) c.one_of(*m, join(path, "invokeMode"), {"BUFFERED", "RESPONSE_STREAM"});
  if (Json* cors = present(v, "cors"); cors && !cors->is_boolean() && !cors->is_object())
    c.add(join(path, "cors"), "unsupported configuration format");
}

// provider.apiGateway.restApiResources: a list of {path, resourceId} (both strings) or an
// object of path -> resource id.
void check_rest_api_resources(Checker& c, Json& v, const Path& path) {
  if (v.is_object() || !c.list(v, path)) return;
  for (size_t i = 0; i < v.size(); ++i) {
    const Path p = join(path, i);
    if (!c.object(v[i], p)) continue;
    c.known_properties(v[i], p, {"path", "resourceId"});
    for (const char* key : {"path", "resourceId"})
      if (Json* s = present(v[i], key)) c.string(*s, join(p, key));
  }
}

// provider.apiGateway: the properties osls knows, and the usage plan's numbers.
void check_api_gateway(Checker& c, Json& api, const Path& path) {
  if (!c.object(api, path)) return;
  c.known_properties(api, path, {"apiKeys", "apiKeySourceType", "binaryMediaTypes", "description",
                                 "disableDefaultEndpoint", "endpoint", "metrics", "minimumCompressionSize",
                                 "resourcePolicy", "restApiId", "restApiResources", "restApiRootResourceId",
                                 "request", "shouldStartNameWithService", "stage", "timeoutInMillis",
                                 "usagePlan", "websocketApiId"});
  if (Json* policy = present(api, "resourcePolicy"))
    check_iam_statements(c, *policy, join(path, "resourcePolicy"), resource_policy_string);
  for (const char* key : {"restApiId", "restApiRootResourceId"})  // awsCfInstruction: ajv makes 5 "5"
    if (Json* id = present(api, key); id && (id->is_number() || id->is_boolean())) *id = id->dump();
  if (Json* resources = present(api, "restApiResources")) check_rest_api_resources(c, *resources, join(path, "restApiResources"));
  Json* plan = present(api, "usagePlan");
  if (!plan || !plan->is_object()) return;
  const Path up = join(path, "usagePlan");
  c.known_properties(*plan, up, {"quota", "throttle"});
  if (Json* quota = present(*plan, "quota"); quota && c.object(*quota, join(up, "quota"))) {
    const Path qp = join(up, "quota");
    c.known_properties(*quota, qp, {"limit", "offset", "period"});
    for (const char* key : {"limit", "offset"})
      if (Json* n = present(*quota, key)) c.integer(*n, join(qp, key), 0);
    if (Json* period = present(*quota, "period")) c.one_of(*period, join(qp, "period"), {"DAY", "WEEK", "MONTH"});
  }
  if (Json* throttle = present(*plan, "throttle"); throttle && c.object(*throttle, join(up, "throttle"))) {
    const Path tp = join(up, "throttle");
    c.known_properties(*throttle, tp, {"burstLimit", "rateLimit"});
    for (const char* key : {"burstLimit", "rateLimit"})
      if (Json* n = present(*throttle, key)) c.integer(*n, join(tp, key), 0);
  }
}

// awsArn: a string starting "arn:" or a CloudFormation function.
void check_arn(Checker& c, const Json& v, const Path& path) {
  if (schema::is_cf_intrinsic(v)) return;
  if (v.is_string() && v.get_ref<const std::string&>().rfind("arn:", 0) == 0) return;
  c.add(path, v.is_string() ? "unsupported string format" : "unsupported configuration format");
}

// provider.logs.restApi: a boolean (ajv coerces "true"/"false", 1/0) or the stage's log settings.
void check_rest_api_logs(Checker& c, Json& v, const Path& path) {
  if (!v.is_object()) {
    coerce_boolean_string(v);
    if (v == 1 || v == 0) v = (v == 1);
    if (!v.is_boolean()) c.add(path, "unsupported configuration format");
    return;
  }
  c.known_properties(v, path, {"accessLogging", "executionLogging", "format", "fullExecutionData",
                               "level", "role", "roleManagedExternally"});
  for (const char* key : {"accessLogging", "executionLogging", "fullExecutionData", "roleManagedExternally"})
    if (Json* b = present(v, key)) c.boolean(*b, join(path, key));
  if (Json* f = present(v, "format")) c.string(*f, join(path, "format"));
  if (Json* l = present(v, "level")) c.one_of(*l, join(path, "level"), {"INFO", "ERROR"});
  if (Json* r = present(v, "role")) check_arn(c, *r, join(path, "role"));
}

// provider.logs: the parts sls compiles (frameworkLambda, restApi); osls allows other keys.
void check_provider_logs(Checker& c, Json& logs, const Path& path) {
  if (!c.object(logs, path)) return;
  if (Json* v = present(logs, "frameworkLambda")) c.boolean(*v, join(path, "frameworkLambda"));
  if (Json* v = present(logs, "restApi")) check_rest_api_logs(c, *v, join(path, "restApi"));
}

// awsS3BucketName: 3 to 63 characters matching osls's pattern.
void check_bucket_name(Checker& c, Json& v, const Path& path) {
  if (!c.string(v, path)) return;
  const std::string& s = v.get_ref<const std::string&>();
  if (s.size() < 3) c.add(path, "must NOT have fewer than 3 characters");
  else if (s.size() > 63) c.add(path, "must NOT have more than 63 characters");
  else c.pattern(v, path, patterns::is_s3_bucket_name, patterns::kS3BucketNamePattern);
}

// The provider properties of WebSocket APIs: provider.websocket,
// websocketsApiName / websocketsApiRouteSelectionExpression / websocketsDescription,
// logs.websocket and apiGateway.websocketApiId.
void check_websocket_provider(Checker& c, Json& provider) {
  const Path pp = "provider";
  if (Json* ws = present(provider, "websocket"); ws && c.object(*ws, join(pp, "websocket"))) {
    const Path wp = join(pp, "websocket");
    c.known_properties(*ws, wp, {"useProviderTags"});
    if (Json* v = present(*ws, "useProviderTags")) c.boolean(*v, join(wp, "useProviderTags"));
  }
  for (const char* key : {"websocketsApiName", "websocketsApiRouteSelectionExpression", "websocketsDescription"})
    if (Json* v = present(provider, key)) c.string(*v, join(pp, key));
  if (Json* logs = present(provider, "logs"); logs && logs->is_object()) {
    const Path lp = join(pp, "logs");
    if (Json* ws = present(*logs, "websocket")) {
      const Path wp = join(lp, "websocket");
      coerce_boolean_string(*ws);
      if (ws->is_object()) {
        c.known_properties(*ws, wp, {"accessLogging", "executionLogging", "format", "fullExecutionData", "level"});
        for (const char* key : {"accessLogging", "executionLogging", "fullExecutionData"})
          if (Json* v = present(*ws, key)) c.boolean(*v, join(wp, key));
        if (Json* v = present(*ws, "format")) c.string(*v, join(wp, "format"));
        if (Json* v = present(*ws, "level"); v && *v != Json("INFO") && *v != Json("ERROR"))
          c.add(join(wp, "level"), "must be equal to one of the allowed values [INFO, ERROR]");
      } else if (!ws->is_boolean()) {
        c.add(wp, "unsupported configuration format");
      }
    }
  }
  Json* api = present(provider, "apiGateway");
  if (Json* id = api && api->is_object() ? present(*api, "websocketApiId") : nullptr; id && !id->is_object()) {
    const Path ap = join(pp, "apiGateway");
    std::vector<ValidationIssue> ignored;  // awsCfInstruction: a non-empty string or a CloudFormation function
    if (!Checker(ignored).string(*id, join(ap, "websocketApiId")))
      c.add(join(ap, "websocketApiId"), "unsupported configuration format");
    else if (id->get_ref<const std::string&>().empty())
      c.add(join(ap, "websocketApiId"), "unsupported string format");
  }
}

// Names osls knows at a place plus those the service's plugins define there.
struct AllowedNames {
  std::vector<std::string> extra;
  std::vector<std::string_view> names;
};
AllowedNames allowed_names(const std::vector<std::string_view>& known, const EventTypes& types,
                           std::string_view where) {
  AllowedNames out{types.extra_properties(where), known};
  out.names.insert(out.names.end(), out.extra.begin(), out.extra.end());
  return out;
}

void check_provider(Checker& c, Json& config, bool strict, const EventTypes& types) {
  Json* provider = present(config, "provider");
  if (!provider) return;  // reported as missing by the root check
  if (!c.object(*provider, "provider")) return;
  c.required(*provider, "provider", "name");
  if (Json* name = present(*provider, "name")) {
    if (*name != "aws") {
      c.add("provider.name", "must be \"aws\" or the name of a provider that a plugin provides, got " +
                                 describe(*name));
    }
  }
  if (strict) c.known_properties(*provider, "provider", allowed_names(kProviderProperties, types, "provider").names);
  if (Json* v = present(*provider, "stage")) {
    if (c.string(*v, "provider.stage")) {
      c.pattern(*v, "provider.stage", patterns::is_stage_name,
                "must contain only letters, digits and \"-\" (pattern ^[A-Za-z0-9-]+$)");
    }
  }
  if (Json* v = present(*provider, "region")) c.one_of(*v, "provider.region", kRegions);
  check_lambda_settings(c, *provider, "provider");
  if (Json* v = present(*provider, "stackTags")) c.tags(*v, "provider.stackTags");
  if (Json* v = present(*provider, "versionFunctions")) c.boolean(*v, "provider.versionFunctions");
  check_provider_deploy_settings(c, *provider);
  if (Json* v = present(*provider, "stackName")) {
    if (c.string(*v, "provider.stackName")) {
      if (c.pattern(*v, "provider.stackName", patterns::is_stack_name,
                    "must start with a letter and contain only letters, digits and \"-\"") &&
          v->get_ref<const std::string&>().size() > 128) {
        c.add("provider.stackName", "must NOT have more than 128 characters");
      }
    }
  }
  if (Json* v = present(*provider, "deploymentBucket")) {
    if (!v->is_object()) {
      check_bucket_name(c, *v, "provider.deploymentBucket");
    } else if (Json* name = present(*v, "name")) {
      const Path bucket = "provider.deploymentBucket";
      check_bucket_name(c, *name, join(bucket, "name"));
    }
  }
  if (Json* v = present(*provider, "kmsKeyArn")) check_kms_arn(c, *v, "provider.kmsKeyArn");
  if (Json* v = present(*provider, "apiGateway")) check_api_gateway(c, *v, "provider.apiGateway");
  if (Json* v = present(*provider, "alb")) check_provider_alb(c, *v, "provider.alb");
  if (Json* v = present(*provider, "cloudFront")) check_provider_cloud_front(c, *v, "provider.cloudFront");
  if (Json* v = present(*provider, "logs")) check_provider_logs(c, *v, "provider.logs");
  check_websocket_provider(c, *provider);
  check_provider_http_api(c, *provider);
  if (Json* v = present(*provider, "s3")) check_provider_s3(c, *v, "provider.s3");
  if (Json* v = present(*provider, "stackPolicy")) {
    const Path sp = "provider.stackPolicy";
    if (c.list(*v, sp))
      for (size_t i = 0; i < v->size(); ++i) c.object((*v)[i], join(sp, i));
  }
  if (Json* v = present(*provider, "iamRoleStatements")) {
    check_iam_statements(c, *v, "provider.iamRoleStatements");
  }
  if (Json* iam = present(*provider, "iam")) {
    if (c.object(*iam, "provider.iam")) {
      c.known_properties(*iam, "provider.iam", {"role", "deploymentRole"});
      if (Json* role = present(*iam, "role")) {
        if (role->is_object() && !schema::is_cf_intrinsic(*role)) {
          c.known_properties(*role, "provider.iam.role",
                             {"name", "path", "managedPolicies", "statements",
                              "permissionBoundary", "permissionsBoundary", "tags"});
          if (Json* n = present(*role, "name"); n && !n->is_object() && c.string(*n, "provider.iam.role.name"))
            c.pattern(*n, "provider.iam.role.name", patterns::is_iam_role_name,
                      R"(must match pattern "^[A-Za-z0-9/_+=,.@-]{1,64}$")");
          if (Json* st = present(*role, "statements")) {
            check_iam_statements(c, *st, "provider.iam.role.statements");
          }
          if (Json* t = present(*role, "tags")) c.tags(*t, "provider.iam.role.tags");
        } else if (!role->is_object() && !(role->is_string() && !role->get_ref<const std::string&>().empty())) {
          c.add("provider.iam.role", "must be a role name/ARN or an object with \"statements\", "
                                     "got " + describe(*role));
        }
      }
    }
  }
}

void check_events(Checker& c, Json& events, const Path& path, const EventTypes& types) {
  if (!c.list(events, path)) return;
  for (size_t i = 0; i < events.size(); ++i) {
    Json& event = events[i];
    const Path p = join(path, i);
    if (!event.is_object() || event.empty()) {
      c.add(p, "unsupported function event: each event must be a mapping such as \"- http: ...\" "
               "or \"- schedule: ...\", got " + describe(event));
      continue;
    }
    if (event.size() > 1) {
      std::string keys;
      for (const auto& [k, v] : event.items()) keys += (keys.empty() ? "\"" : ", \"") + k + "\"";
      c.add(p, "an event must have exactly one type key, found " + keys +
                   " (check the indentation of the event's settings)");
      continue;
    }
    const std::string& type = event.begin().key();
    EventCheck check = nullptr;
    if (!types.find(type, check)) {
      c.add(p, "unsupported function event '" + type + "'");
      continue;
    }
    Json& body = event.begin().value();
    if (!body.is_null() && check) check(c, body, join(p, type));
  }
}

// `package:` at service or function level. osls 4.3.1 (like Serverless v3)
// rejects the legacy include/exclude; we say how to move to `patterns`.
void check_package(Checker& c, Json& package, const Path& path, bool function_level) {
  if (!c.object(package, path)) return;
  // include/exclude are reported below, not as unknown properties.
  static const std::vector<std::string_view> kService = {
      "artifact", "excludeDevDependencies", "individually", "path", "patterns", "include",
      "exclude"};
  static const std::vector<std::string_view> kFunction = {"artifact", "individually", "patterns",
                                                          "disable", "include", "exclude"};
  for (const char* legacy : {"include", "exclude"}) {
    if (present(package, legacy))
      c.add(path, std::string("unrecognized property '") + legacy +
                      "': package.include/exclude were removed in Serverless Framework v3; list "
                      "them in package.patterns instead (exclusions prefixed with \"!\")");
  }
  c.known_properties(package, path, function_level ? kFunction : kService);
  if (Json* v = present(package, "patterns")) {
    const Path patterns = join(path, "patterns");
    if (c.list(*v, patterns))  // ajv makes a single pattern a list
      for (size_t i = 0; i < v->size(); ++i) c.string((*v)[i], join(patterns, i));
  }
  if (Json* v = present(package, "artifact")) c.string(*v, join(path, "artifact"));
  if (Json* v = present(package, "individually")) c.boolean(*v, join(path, "individually"));
}

// What listed plugins add to the schema (their configSchemaHandler.define* calls).
struct PluginSchema {
  bool iam_roles_per_function = false;  // serverless-iam-roles-per-function
  bool esbuild = false;                 // serverless-esbuild
  std::vector<std::string_view> function_properties = kFunctionProperties;
};

bool lists_plugin(Json& config, std::string_view name) {
  Json* plugins = present(config, "plugins");
  if (plugins && plugins->is_object()) plugins = present(*plugins, "modules");
  if (!plugins || !plugins->is_array()) return false;
  return std::any_of(plugins->begin(), plugins->end(), [&](const Json& p) { return p == name; });
}

PluginSchema plugin_schema(Json& config) {
  PluginSchema s;
  s.iam_roles_per_function = lists_plugin(config, "serverless-iam-roles-per-function");
  s.esbuild = lists_plugin(config, "serverless-esbuild");
  if (s.iam_roles_per_function)
    s.function_properties.insert(s.function_properties.end(), {"iamRoleStatementsInherit", "iamRoleStatementsName",
                                                               "iamPermissionsBoundary", "iamRoleStatements"});
  if (s.esbuild) s.function_properties.push_back("skipEsbuild");
  return s;
}

void check_plugin_function_properties(Checker& c, Json& fn, const Path& path, const PluginSchema& plugins) {
  if (plugins.iam_roles_per_function) {
    if (Json* v = present(fn, "iamRoleStatementsInherit")) c.boolean(*v, join(path, "iamRoleStatementsInherit"));
    if (Json* v = present(fn, "iamRoleStatementsName")) c.string(*v, join(path, "iamRoleStatementsName"));
    if (Json* v = present(fn, "iamPermissionsBoundary")) check_arn(c, *v, join(path, "iamPermissionsBoundary"));
    if (Json* v = present(fn, "iamRoleStatements")) check_iam_statements(c, *v, join(path, "iamRoleStatements"));
  }
  if (plugins.esbuild)
    if (Json* v = present(fn, "skipEsbuild")) c.boolean(*v, join(path, "skipEsbuild"));
}

// custom.serverless-iam-roles-per-function, as the plugin defines it.
void check_plugin_custom(Checker& c, Json& custom, const PluginSchema& plugins) {
  const char* kIam = "serverless-iam-roles-per-function";
  Json* iam = plugins.iam_roles_per_function ? present(custom, kIam) : nullptr;
  const Path custom_path = "custom";
  const Path path = join(custom_path, kIam);
  if (!iam || !c.object(*iam, path)) return;
  c.known_properties(*iam, path, {"defaultInherit", "iamGlobalPermissionsBoundary"});
  if (Json* v = present(*iam, "defaultInherit")) c.boolean(*v, join(path, "defaultInherit"));
  if (Json* v = present(*iam, "iamGlobalPermissionsBoundary")) check_arn(c, *v, join(path, "iamGlobalPermissionsBoundary"));
}

void check_function(Checker& c, const std::string& name, Json& fn, bool strict,
                    const EventTypes& types, const PluginSchema& plugins) {
  const Path functions = "functions";
  const Path path = join(functions, name);
  if (!c.object(fn, path)) return;
  if (strict) c.known_properties(fn, path, allowed_names(plugins.function_properties, types, "function").names);
  check_plugin_function_properties(c, fn, path, plugins);
  if (Json* v = present(fn, "handler")) c.string(*v, join(path, "handler"));
  if (Json* v = present(fn, "name")) c.string(*v, join(path, "name"));
  if (Json* v = present(fn, "description")) {
    if (c.string(*v, join(path, "description")) && v->get_ref<const std::string&>().size() > 256) {
      c.add(join(path, "description"), "must NOT have more than 256 characters");
    }
  }
  if (!present(fn, "handler") && !present(fn, "image")) {
    c.add(path, "Either \"handler\" or \"image\" property needs to be set on function \"" + name +
                    "\"");
  }
  check_lambda_settings(c, fn, path);
  if (Json* v = present(fn, "package")) check_package(c, *v, join(path, "package"), true);
  if (Json* v = present(fn, "reservedConcurrency")) {
    c.integer_or_cf(*v, join(path, "reservedConcurrency"), 0);
  }
  if (Json* v = present(fn, "provisionedConcurrency")) {
    c.integer_or_cf(*v, join(path, "provisionedConcurrency"), 0);
  }
  if (Json* v = present(fn, "ephemeralStorageSize")) {
    c.integer(*v, join(path, "ephemeralStorageSize"), 512, 10240);
  }
  if (Json* v = present(fn, "maximumEventAge")) c.integer(*v, join(path, "maximumEventAge"), 60, 21600);
  if (Json* v = present(fn, "maximumRetryAttempts")) {
    c.integer(*v, join(path, "maximumRetryAttempts"), 0, 2);
  }
  for (const char* flag : {"disableLogs", "versionFunction", "snapStart"}) {
    if (Json* v = present(fn, flag)) c.boolean(*v, join(path, flag));
  }
  if (Json* v = present(fn, "tracing")) check_tracing(c, *v, join(path, "tracing"));
  if (Json* v = present(fn, "kmsKeyArn")) check_kms_arn(c, *v, join(path, "kmsKeyArn"));
  if (Json* v = present(fn, "vpc")) check_function_vpc(c, *v, join(path, "vpc"));
  if (Json* v = present(fn, "url")) check_function_url(c, *v, join(path, "url"));
  check_function_http_api(c, fn, path);
  if (Json* d = present(fn, "destinations"); d && d->is_object()) {
    const Path dp = join(path, "destinations");
    for (const char* key : {"onSuccess", "onFailure"})  // a name or an ARN; ajv makes 5 "5"
      if (Json* target = present(*d, key); target && !target->is_object()) c.string(*target, join(dp, key));
  }
  if (Json* v = present(fn, "events")) check_events(c, *v, join(path, "events"), types);
}

// ---- Services of a provider plugin (provider.name other than "aws").
// osls validates them against the schema the provider plugin defines; sls
// checks what osls's core defines (service, package, functions and their
// events) and takes from the plugin only its names: the provider itself
// (defineProvider) and its event types (defineFunctionEvent). The values of
// provider and function properties are the plugin's to check.

bool plugin_defines(const EventTypes& types, std::string_view where, const std::string& name) {
  const std::vector<std::string> names = types.extra_properties(where);
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Only the event types the plugins define (never AWS's own).
class PluginProviderEvents : public EventTypes {
 public:
  explicit PluginProviderEvents(const EventTypes& types) : names_(types.extra_properties("events")) {}
  bool find(std::string_view type, EventCheck& check) const override {
    check = nullptr;
    return std::find(names_.begin(), names_.end(), type) != names_.end();
  }
  bool empty() const { return names_.empty(); }

 private:
  std::vector<std::string> names_;
};

void check_plugin_provider(Checker& c, Json& config, const std::string& provider, const EventTypes& types) {
  if (!plugin_defines(types, "providers", provider)) {
    const std::string plugin = known_provider_plugin(provider);
    if (!plugin.empty())
      c.add("provider.name", "the provider \"" + provider + "\" comes from the plugin \"" + plugin +
                                 "\", which must be listed in plugins: and installed (npm install -D " + plugin +
                                 ")");
    else
      c.add("provider.name", "must be \"aws\" or a provider that a plugin listed in plugins: defines; none "
                             "defines \"" + provider + "\"");
    return;
  }
  Json* functions = present(config, "functions");
  if (!functions || !c.object(*functions, "functions")) return;
  const PluginProviderEvents events(types);
  const Path fp = "functions";
  for (auto& [name, fn] : functions->items()) {
    if (!patterns::is_function_name(name)) {
      c.add("functions", "name '" + name + "' must be alphanumeric (letters, digits, \"-\" and \"_\" only)");
      continue;
    }
    const Path path = join(fp, name);
    if (fn.is_null() || !c.object(fn, path)) continue;
    if (Json* v = present(fn, "name")) c.string(*v, join(path, "name"));
    if (Json* v = present(fn, "package")) check_package(c, *v, join(path, "package"), true);
    if (Json* v = present(fn, "events")) {
      // A plugin that defines no event type (an older provider plugin, with no
      // schema) leaves events unchecked, as osls relaxes its schema then.
      if (events.empty())
        c.list(*v, join(path, "events"));
      else
        check_events(c, *v, join(path, "events"), events);
    }
  }
}

void check_root(Checker& c, Json& config, bool strict, const EventTypes& types) {
  if (!config.is_object()) {
    c.add("", "the configuration must be an object (a mapping), got " + describe(config));
    return;
  }
  if (strict) c.known_properties(config, "", allowed_names(kRootProperties, types, "root").names);
  c.required(config, "", "service");
  c.required(config, "", "provider");
  if (Json* service = present(config, "service")) {
    if (service->is_object()) {
      c.add("service", "Object notation for \"service\" property is not supported. Set "
                       "\"service\" property directly with service name.");
    } else if (c.string(*service, "service")) {
      c.pattern(*service, "service", patterns::is_service_name,
                "must start with a letter and contain only letters, digits and \"-\" (at least 2 "
                "characters)");
    }
  }
  if (Json* v = present(config, "frameworkVersion")) c.string(*v, "frameworkVersion");
  if (Json* params = present(config, "params"); params && c.object(*params, "params")) {
    const Path pp = "params";
    for (auto& [stage, values] : params->items()) c.object(values, join(pp, stage));
  }
  if (Json* v = present(config, "configValidationMode")) {
    c.one_of(*v, "configValidationMode", {"error", "warn", "off"});
  }
  if (const std::string provider = plugin_provider_name(config); !provider.empty()) {
    if (Json* v = present(config, "package")) check_package(c, *v, "package", false);
    check_plugin_provider(c, config, provider, types);
    return;
  }
  const PluginSchema plugins = plugin_schema(config);
  if (Json* v = present(config, "custom"); v && c.object(*v, "custom")) check_plugin_custom(c, *v, plugins);
  if (Json* v = present(config, "resources")) check_resources(c, *v);
  if (Json* v = present(config, "package")) check_package(c, *v, "package", false);
  check_provider(c, config, strict, types);
  if (Json* functions = present(config, "functions")) {
    if (c.object(*functions, "functions")) {
      for (auto& [name, fn] : functions->items()) {
        if (!patterns::is_function_name(name)) {
          c.add("functions", "name '" + name +
                                 "' must be alphanumeric (letters, digits, \"-\" and \"_\" only)");
          continue;
        }
        if (fn.is_null()) continue;
        check_function(c, name, fn, strict, types, plugins);
      }
    }
  }
}

std::vector<ValidationIssue> throw_unless_relaxed(const Json& config,
                                                  std::vector<ValidationIssue> issues,
                                                  const std::string& file_name) {
  if (issues.empty()) return issues;
  std::string mode = "error";
  if (config.is_object()) {
    auto it = config.find("configValidationMode");
    if (it != config.end() && it->is_string()) mode = it->get<std::string>();
  }
  if (mode == "off") return {};
  if (mode == "warn") return issues;
  std::string message = "Invalid configuration in \"" + file_name + "\":";
  for (const auto& issue : issues) message += "\n  " + format_issue(issue);
  message += "\n\nFix the propert" + std::string(issues.size() > 1 ? "ies" : "y") + " listed above in " +
             file_name +
             " and run the command again. See "
             "https://github.com/oss-serverless/osls/blob/4.x/docs/guides/"
             "configuration-validation.md";
  throw UserError(message, "INVALID_NON_SCHEMA_COMPLIANT_CONFIGURATION");
}

}  // namespace

std::vector<ValidationIssue> validate_and_coerce(Json& config, const EventTypes& types) {
  std::vector<ValidationIssue> issues;
  Checker checker(issues);
  // Plugins may extend the schema with properties we do not know, so unknown
  // properties are only reported for configs without plugins.
  check_root(checker, config, !has_plugins(config), types);
  return issues;
}

std::vector<ValidationIssue> validate_service_config(const Json& config, const EventTypes& types) {
  Json copy = config;
  return validate_and_coerce(copy, types);
}

std::string format_issue(const ValidationIssue& issue) {
  return (issue.path.empty() ? std::string("root") : issue.path) + ": " + issue.message;
}

std::vector<ValidationIssue> validate_or_throw(const Json& config, const std::string& file_name,
                                              const EventTypes& types) {
  return throw_unless_relaxed(config, validate_service_config(config, types), file_name);
}

std::vector<ValidationIssue> validate_coerce_or_throw(Json& config, const std::string& file_name,
                                                     const EventTypes& types) {
  return throw_unless_relaxed(config, validate_and_coerce(config, types), file_name);
}

}  // namespace sls::config
