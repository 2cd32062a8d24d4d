// One AWS::ApiGateway::Method per event (method/index.js, authorization.js,
// integration.js) and the request validator for required parameters
// (request-validator.js).
#include "aws/compile/events/http_model.h"
#include "aws/naming.h"

namespace sls::compile::events::http {
namespace {

bool parameter_required(const Json& value) {
  if (!value.is_object()) return truthy(value);
  return value.contains("required") && !value["required"].is_null() ? truthy(value["required"])
                                                                       : true;
}

// Adds AuthorizationType (and AuthorizerId, scopes) to props; returns the
// authorizer the method depends on, if any.
std::optional<std::string> add_authorization(const HttpEvent& e, Json& props) {
  if (!e.authorizer) {
    props["AuthorizationType"] = "NONE";
    return std::nullopt;
  }
  const Authorizer& a = *e.authorizer;
  if (a.type && *a.type == "AWS_IAM") {
    props["AuthorizationType"] = "AWS_IAM";
    return std::nullopt;
  }
  if (a.type && truthy(a.authorizer_id)) {
    const std::string t = upper(*a.type);
    props["AuthorizationType"] = (t == "TOKEN" || t == "REQUEST") ? "CUSTOM" : *a.type;
    props["AuthorizerId"] = a.authorizer_id;
    if (t == "COGNITO_USER_POOLS" && a.scopes.is_array() && !a.scopes.empty())
      props["AuthorizationScopes"] = a.scopes;
    return std::nullopt;
  }
  const std::string logical_id = naming::authorizer_logical_id(a.name.value_or("undefined"));
  if (is_cognito_authorizer(a)) {
    props["AuthorizationType"] = "COGNITO_USER_POOLS";
    props["AuthorizerId"] = {{"Ref", logical_id}};
    if (a.scopes.is_array() && !a.scopes.empty()) props["AuthorizationScopes"] = a.scopes;
  } else {
    props["AuthorizationType"] = "CUSTOM";
    props["AuthorizerId"] = {{"Ref", logical_id}};
  }
  return logical_id;
}

}  // namespace

void compile_methods(HttpCompilation& c) {
  for (const auto& e : c.validated.events) {
    Json request_parameters = Json::object();
    if (e.request_parameters.is_object()) {
      for (const auto& [key, value] : e.request_parameters.items()) {
        if (!value.is_object()) request_parameters[key] = value;
        else request_parameters[key] = value.contains("required") && !value["required"].is_null()
                                           ? value["required"] : Json(true);
      }
    }

    Json props = Json::object();
    props["HttpMethod"] = upper(e.method);
    props["RequestParameters"] = request_parameters;
    props["ResourceId"] = c.resource_id(e.path);
    props["RestApiId"] = c.rest_api_id();
    if (e.operation_id) props["OperationName"] = *e.operation_id;
    props["ApiKeyRequired"] = e.is_private;
    std::string depends_on = naming::lambda_api_gateway_permission_logical_id(e.function_name);
    if (auto authorizer = add_authorization(e, props)) depends_on = *authorizer;

    props["Integration"] = method_integration(c, e);
    props["MethodResponses"] = method_responses(e);

    const std::string logical_id =
        naming::method_logical_id(c.resource_name(e.path), e.method);
    c.method_logical_ids.push_back(logical_id);
    c.ctx.resources()[logical_id] = {{"Type", "AWS::ApiGateway::Method"},
                                     {"Properties", props},
                                     {"DependsOn", Json::array({depends_on})}};
  }
}

void compile_request_validators(HttpCompilation& c) {
  for (const auto& e : c.validated.events) {
    if (!e.request_parameters.is_object()) continue;
    bool any_required = false;
    for (const auto& [key, value] : e.request_parameters.items())
      any_required = any_required || parameter_required(value);
    if (!any_required) continue;
    if (c.validator_logical_id.empty()) {
      c.validator_logical_id =
          "ApiGateway" + naming::normalize_name_alnum(c.ctx.service.name) + "RequestValidator";
      c.ctx.resources()[c.validator_logical_id] = {
          {"Type", "AWS::ApiGateway::RequestValidator"},
          {"Properties",
           {{"RestApiId", c.rest_api_id()},
            {"ValidateRequestBody", true},
            {"ValidateRequestParameters", true},
            {"Name", c.ctx.service.name + "-" + c.ctx.service.stage +
                         " | Validate request body and querystring parameters"}}}};
    }
    const std::string method_id = naming::method_logical_id(c.resource_name(e.path), e.method);
    c.ctx.resources()[method_id]["Properties"]["RequestValidatorId"] = {
        {"Ref", c.validator_logical_id}};
  }
}

}  // namespace sls::compile::events::http
