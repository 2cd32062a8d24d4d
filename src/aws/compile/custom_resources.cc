#include "aws/compile/custom_resources.h"

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "aws/compile/cfn.h"
#include "aws/compile/provider_util.h"
#include "aws/naming.h"
#include "package/zip.h"
#include "util/js_like.h"

namespace sls::compile::custom_resources {
namespace {

const Json& provider_of(const PackageContext& ctx) {
  static const Json kEmpty = Json::object();
  const Json* p = js::get(ctx.service.config, "provider");
  return p && p->is_object() ? *p : kEmpty;
}

// osls's getCustomDeploymentRole: provider.iam.deploymentRole when the key is
// there, else provider.cfnRole; null when neither.
Json custom_deployment_role(const Json& provider) {
  if (const Json* iam = js::get(provider, "iam"); iam && iam->is_object()) {
    if (const Json* role = js::get(*iam, "deploymentRole")) return *role;
  }
  if (const Json* role = js::get(provider, "cfnRole")) return *role;
  return nullptr;
}

bool write_framework_logs(const Json& provider) {
  const Json* logs = js::get(provider, "logs");
  return logs && js::truthy(js::get(*logs, "frameworkLambda"));
}

Json log_statements(const std::string& prefix) {
  const std::string base = "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:" +
                           naming::log_group_name(prefix);
  return Json::array(
      {{{"Effect", "Allow"},
        {"Action", Json::array({"logs:CreateLogStream", "logs:CreateLogGroup", "logs:TagResource"})},
        {"Resource", Json::array({cfn::sub(base + "*:*")})}},
       {{"Effect", "Allow"},
        {"Action", Json::array({"logs:PutLogEvents"})},
        {"Resource", Json::array({cfn::sub(base + "*:*:*")})}}});
}

Json new_role(const PackageContext& ctx) {
  Json assume = {{"Version", "2012-10-17"},
                 {"Statement", Json::array({{{"Effect", "Allow"},
                                             {"Principal", {{"Service", Json::array({"lambda.amazonaws.com"})}}},
                                             {"Action", Json::array({"sts:AssumeRole"})}}})}};
  Json policy = {
      {"PolicyName", cfn::join("-", {ctx.service.stage, ctx.service.name, "custom-resources-lambda"})},
      {"PolicyDocument", {{"Version", "2012-10-17"}, {"Statement", Json::array()}}}};
  return {{"Type", "AWS::IAM::Role"},
          {"Properties", {{"AssumeRolePolicyDocument", assume}, {"Policies", Json::array({policy})}}}};
}

// The shared role, created on first use; osls skips a statement whose Resource
// is the same string as one already there (objects are compared by identity in
// JavaScript, so an object Resource is always added).
void add_role_statements(PackageContext& ctx, const Json& statements, const std::string& prefix) {
  Json& resources = ctx.resources();
  if (!resources.contains(naming::kCustomResourcesRoleLogicalId)) {
    Json role = new_role(ctx);
    if (write_framework_logs(provider_of(ctx))) {
      Json& list = role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"];
      for (const Json& s : log_statements(prefix)) list.push_back(s);
    }
    resources[naming::kCustomResourcesRoleLogicalId] = std::move(role);
  }
  Json& list =
      resources[naming::kCustomResourcesRoleLogicalId]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"];
  for (const Json& statement : statements) {
    const Json* resource = js::get(statement, "Resource");
    const bool duplicate =
        resource && resource->is_string() &&
        std::any_of(list.begin(), list.end(), [&](const Json& existing) {
          const Json* r = js::get(existing, "Resource");
          return r && r->is_string() && *r == *resource;
        });
    if (!duplicate) list.push_back(statement);
  }
}

std::string runtime_of(const Json& provider) {
  const Json* runtime = js::get(provider, "runtime");
  if (runtime && runtime->is_string() && runtime->get_ref<const std::string&>().rfind("nodejs", 0) == 0)
    return runtime->get<std::string>();
  return "nodejs24.x";
}

}  // namespace

const Handler& api_gateway_cloud_watch_role() {
  static const Handler kHandler{naming::kApiGatewayCloudWatchRoleFunctionName,
                                "api-gateway-cloud-watch-role/handler.handler"};
  return kHandler;
}

const Handler& existing_s3() {
  static const Handler kHandler{naming::kExistingS3FunctionName, "s3/handler.handler"};
  return kHandler;
}

const Handler& existing_cognito_user_pool() {
  static const Handler kHandler{naming::kExistingCognitoUserPoolFunctionName, "cognito-user-pool/handler.handler"};
  return kHandler;
}

void write_artifact(const PackageContext& ctx) {
  if (ctx.package_dir.empty()) throw std::logic_error("custom_resources::write_artifact: no package folder");
  const std::filesystem::path out = ctx.package_dir / naming::kCustomResourcesArtifactName;
  if (std::filesystem::exists(out)) return;
  std::vector<package::ZipInput> entries;
  for (const EmbeddedFile& f : embedded_files()) {
    package::ZipInput in;
    in.name = std::string(f.name);
    in.data = std::string(f.data);
    entries.push_back(std::move(in));
  }
  std::sort(entries.begin(), entries.end(),
            [](const package::ZipInput& a, const package::ZipInput& b) { return a.name < b.name; });
  package::write_zip(out, entries);
}

void add_to_service(PackageContext& ctx, const Handler& handler, const Json& statements) {
  const Json& provider = provider_of(ctx);
  const std::string prefix = ctx.service.name + "-" + ctx.service.stage;
  const std::string function_name =
      naming::custom_resource_function_name(ctx.service.name, ctx.service.stage, handler.function_name);
  const std::string logical_id = naming::lambda_logical_id(handler.function_name);
  const bool logs = write_framework_logs(provider);

  write_artifact(ctx);
  const Json deployment_role = custom_deployment_role(provider);
  if (!js::truthy(deployment_role)) add_role_statements(ctx, statements, prefix);

  Json props = {
      {"Code",
       {{"S3Bucket", deployment_bucket_value(ctx)},
        {"S3Key", ctx.artifact_directory_name + "/" + naming::kCustomResourcesArtifactName}}},
      {"FunctionName", function_name},
      {"Handler", std::string(handler.handler)},
      {"MemorySize", 1024},
      {"Runtime", runtime_of(provider)},
      {"Timeout", 180}};
  if (const Json* arch = js::get_truthy(provider, "architecture")) props["Architectures"] = Json::array({*arch});
  Json depends_on = Json::array();
  if (js::truthy(deployment_role)) {
    props["Role"] = deployment_role;
  } else {
    props["Role"] = cfn::get_att(naming::kCustomResourcesRoleLogicalId, "Arn");
    depends_on.push_back(naming::kCustomResourcesRoleLogicalId);
  }
  const std::string log_group_id = naming::log_group_logical_id(handler.function_name);
  if (logs) depends_on.push_back(log_group_id);
  ctx.resources()[logical_id] = {{"Type", "AWS::Lambda::Function"}, {"Properties", props}, {"DependsOn", depends_on}};

  if (logs) {
    Json group = {{"LogGroupName", naming::log_group_name(function_name)}};
    if (const Json* v = js::get_non_null(provider, "logRetentionInDays")) group["RetentionInDays"] = *v;
    if (const Json* v = js::get_non_null(provider, "logDataProtectionPolicy")) group["DataProtectionPolicy"] = *v;
    ctx.resources()[log_group_id] = {{"Type", "AWS::Logs::LogGroup"}, {"Properties", group}};
  }
}

namespace {

Json account_role_statements() {
  Json iam = {{"Effect", "Allow"},
              {"Resource", cfn::join(":", {"arn", cfn::ref("AWS::Partition"), "iam:",
                                           cfn::ref("AWS::AccountId"), "role/*"})},
              {"Action", Json::array({"iam:AttachRolePolicy", "iam:CreateRole",
                                      "iam:ListAttachedRolePolicies", "iam:PassRole"})}};
  Json apigateway = {{"Effect", "Allow"},
                     {"Resource", cfn::join(":", {"arn", cfn::ref("AWS::Partition"), "apigateway:*::/account"})},
                     {"Action", Json::array({"apigateway:GET", "apigateway:PATCH"})}};
  return Json::array({iam, apigateway});
}

}  // namespace

void ensure_api_gateway_cloud_watch_role(PackageContext& ctx) {
  const Json* logs = js::get(provider_of(ctx), "logs");
  const Json* rest = logs ? js::get(*logs, "restApi") : nullptr;
  const bool rest_object = rest && rest->is_object();
  if (rest_object && js::truthy(js::get(*rest, "roleManagedExternally"))) return;
  if (ctx.resources().contains(naming::kApiGatewayCloudWatchRoleResourceLogicalId)) return;  // memoized in osls
  const Handler& handler = api_gateway_cloud_watch_role();
  Json props = {{"ServiceToken", cfn::get_att(naming::lambda_logical_id(handler.function_name), "Arn")}};
  if (rest_object && rest->contains("role")) props["RoleArn"] = (*rest)["role"];
  ctx.resources()[naming::kApiGatewayCloudWatchRoleResourceLogicalId] = {
      {"Type", "Custom::ApiGatewayAccountRole"}, {"Version", 1}, {"Properties", props}};
  add_to_service(ctx, handler, account_role_statements());
}

}  // namespace sls::compile::custom_resources
