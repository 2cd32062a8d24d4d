// AWS::ApiGateway::Authorizer resources (authorizers.js) and the Lambda
// permissions of the event functions and their authorizers (permissions.js).
#include "aws/compile/cfn.h"
#include "aws/compile/events/common.h"
#include "aws/compile/events/http_model.h"
#include "aws/naming.h"

namespace sls::compile::events::http {
namespace {

Json execute_api_source_arn(const HttpCompilation& c) {
  Json::array_t parts;
  parts.reserve(9);
  parts.emplace_back("arn:");
  parts.push_back(cfn::ref("AWS::Partition"));
  parts.emplace_back(":execute-api:");
  parts.push_back(cfn::ref("AWS::Region"));
  parts.emplace_back(":");
  parts.push_back(cfn::ref("AWS::AccountId"));
  parts.emplace_back(":");
  parts.push_back(c.rest_api_id());
  parts.emplace_back("/*/*");
  return cfn::join("", std::move(parts));
}

Json permission(Json function_name, Json source_arn) {
  Json props = Json::object();
  props["FunctionName"] = std::move(function_name);
  props["Action"] = "lambda:InvokeFunction";
  props["Principal"] = "apigateway.amazonaws.com";
  props["SourceArn"] = std::move(source_arn);
  return cfn::resource("AWS::Lambda::Permission", std::move(props));
}

}  // namespace

void compile_authorizers(HttpCompilation& c) {
  for (const auto& e : c.validated.events) {
    if (!e.authorizer || !truthy(e.authorizer->arn)) continue;
    const Authorizer& a = *e.authorizer;
    const std::string name = a.name.value_or("undefined");
    Json props = Json::object();
    if (a.result_ttl) props["AuthorizerResultTtlInSeconds"] = *a.result_ttl;
    if (a.identity_source) props["IdentitySource"] = *a.identity_source;
    if (a.name) props["Name"] = *a.name;
    props["RestApiId"] = c.rest_api_id();
    if (a.identity_validation_expression)
      props["IdentityValidationExpression"] = *a.identity_validation_expression;
    if (is_cognito_authorizer(a)) {
      props["Type"] = "COGNITO_USER_POOLS";
      props["ProviderARNs"] = Json::array({a.arn});
    } else {
      props["AuthorizerUri"] = {
          {"Fn::Join",
           {"",
            {"arn:", {{"Ref", "AWS::Partition"}}, ":apigateway:", {{"Ref", "AWS::Region"}},
             ":lambda:path/2015-03-31/functions/", a.arn, "/invocations"}}}};
      props["Type"] = a.type ? ascii_upper(*a.type) : std::string("TOKEN");
    }
    c.ctx.resources()[naming::authorizer_logical_id(name)] =
        depends_on_alias(cfn::resource("AWS::ApiGateway::Authorizer", std::move(props)), a.alias_logical_id);
  }
}

void compile_permissions(HttpCompilation& c) {
  Json& resources = c.ctx.resources();
  const Json source_arn = execute_api_source_arn(c);  // the same for every permission
  for (const auto& e : c.validated.events) {
    Json function_permission = permission(lambda_target(c.ctx, e.function_name), source_arn);
    if (std::string alias = lambda_target_alias(c.ctx, e.function_name); !alias.empty())
      function_permission["DependsOn"] = std::move(alias);  // after Properties, as osls
    resources[naming::lambda_api_gateway_permission_logical_id(e.function_name)] = std::move(function_permission);
    if (!e.authorizer || !truthy(e.authorizer->arn)) continue;
    const Authorizer& a = *e.authorizer;
    if (is_cognito_authorizer(a)) continue;
    const std::string id = naming::lambda_api_gateway_permission_logical_id(a.name.value_or("undefined"));
    if (resources.contains(id) || a.managed_externally) continue;
    resources[id] = permission(a.alias_logical_id.empty() ? a.arn : cfn::ref(a.alias_logical_id), source_arn);
  }
}

}  // namespace sls::compile::events::http
