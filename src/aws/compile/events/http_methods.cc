// One AWS::ApiGateway::Method per event (method/index.js, authorization.js,
// integration.js) and the request validator for required parameters
// (request-validator.js).
#include "aws/compile/cfn.h"
#include "aws/compile/events/common.h"
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
    const std::string t = ascii_upper(*a.type);
    props["AuthorizationType"] = (t == "TOKEN" || t == "REQUEST") ? "CUSTOM" : *a.type;
    props["AuthorizerId"] = a.authorizer_id;
    if (t == "COGNITO_USER_POOLS" && a.scopes.is_array() && !a.scopes.empty())
      props["AuthorizationScopes"] = a.scopes;
    return std::nullopt;
  }
  const std::string logical_id = naming::authorizer_logical_id(a.name.value_or("undefined"));
  if (is_cognito_authorizer(a)) {
    props["AuthorizationType"] = "COGNITO_USER_POOLS";
    props["AuthorizerId"] = cfn::ref(logical_id);
    if (a.scopes.is_array() && !a.scopes.empty()) props["AuthorizationScopes"] = a.scopes;
  } else {
    props["AuthorizationType"] = "CUSTOM";
    props["AuthorizerId"] = cfn::ref(logical_id);
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
    props["HttpMethod"] = ascii_upper(e.method);
    props["RequestParameters"] = std::move(request_parameters);
    props["ResourceId"] = c.resource_id(e.path);
    props["RestApiId"] = c.rest_api_id();
    if (e.operation_id) props["OperationName"] = *e.operation_id;
    props["ApiKeyRequired"] = e.is_private;
    std::string depends_on = naming::lambda_api_gateway_permission_logical_id(e.function_name);
    if (auto authorizer = add_authorization(e, props)) depends_on = std::move(*authorizer);

    props["Integration"] = method_integration(c, e);
    props["MethodResponses"] = method_responses(e);

    std::string logical_id = naming::method_logical_id(c.resource_name(e.path), e.method);
    Json method = cfn::resource("AWS::ApiGateway::Method", std::move(props));
    method["DependsOn"] = Json::array_t{Json(std::move(depends_on))};
    if (std::string alias = lambda_target_alias(c.ctx, e.function_name); !alias.empty())
      method["DependsOn"].push_back(std::move(alias));
    c.method_logical_ids.push_back(logical_id);
    c.ctx.resources()[std::move(logical_id)] = std::move(method);
  }
}

namespace {

std::string ensure_validator(HttpCompilation& c) {
  if (c.validator_logical_id.empty()) {
    c.validator_logical_id =
        naming::request_validator_logical_id(c.ctx.service.name);
    c.ctx.resources()[c.validator_logical_id] = {
        {"Type", "AWS::ApiGateway::RequestValidator"},
        {"Properties",
         {{"RestApiId", c.rest_api_id()},
          {"ValidateRequestBody", true},
          {"ValidateRequestParameters", true},
          {"Name", c.ctx.service.name + "-" + c.ctx.service.stage +
                       " | Validate request body and querystring parameters"}}}};
  }
  return c.validator_logical_id;
}

// A model from provider.apiGateway.request.schemas.<id>.
std::string provider_model(HttpCompilation& c, const std::string& id, const Json& config) {
  const std::string logical_id = naming::model_logical_id(id);
  Json props = Json::object();
  // osls refers to its own RestApi logical id here, even for an external API.
  const Json& ag = c.api_gateway();
  props["RestApiId"] = ag.contains("restApiId") && truthy(ag["restApiId"])
                           ? Json::object() : Json{{"Ref", naming::kRestApiLogicalId}};
  props["Schema"] = config.contains("schema") && truthy(config["schema"]) ? config["schema"] : config;
  props["ContentType"] = "application/json";
  if (config.contains("name") && truthy(config["name"])) props["Name"] = config["name"];
  if (config.contains("description") && truthy(config["description"]))
    props["Description"] = config["description"];
  c.ctx.resources()[logical_id] = {{"Type", "AWS::ApiGateway::Model"}, {"Properties", props}};
  return logical_id;
}

}  // namespace

void compile_request_validators(HttpCompilation& c) {
  const Json& ag = c.api_gateway();
  const Json provider_schemas = ag.contains("request") && ag["request"].is_object() &&
                                        ag["request"].contains("schemas") &&
                                        ag["request"]["schemas"].is_object()
                                    ? ag["request"]["schemas"] : Json::object();
  for (const auto& e : c.validated.events) {
    const std::string resource_name = c.resource_name(e.path);
    const std::string method_id = naming::method_logical_id(resource_name, e.method);
    // Re-fetched after every insert: ordered_json's storage moves when it grows.
    auto props = [&]() -> Json& { return c.ctx.resources()[method_id]["Properties"]; };

    bool any_required = false;
    if (e.request_parameters.is_object())
      for (const auto& [key, value] : e.request_parameters.items())
        any_required = any_required || parameter_required(value);
    if (any_required) {
      const std::string validator = ensure_validator(c);
      props()["RequestValidatorId"] = {{"Ref", validator}};
    }

    if (!e.request.is_object() || !e.request.contains("schemas") || !e.request["schemas"].is_object())
      continue;
    for (const auto& [content_type, config] : e.request["schemas"].items()) {
      const std::string validator = ensure_validator(c);
      std::string model_id;
      if (config.is_string() && provider_schemas.contains(config.get<std::string>()) &&
          truthy(provider_schemas[config.get<std::string>()])) {
        model_id = provider_model(c, config.get<std::string>(), provider_schemas[config.get<std::string>()]);
      } else {
        Json name, description, definition = config;
        if (config.is_object() && config.contains("schema") && truthy(config["schema"])) {
          name = config.value("name", Json(nullptr));
          description = config.value("description", Json(nullptr));
          definition = config["schema"];
        }
        model_id = naming::endpoint_model_logical_id(method_id, content_type);
        Json model_props = {{"RestApiId", c.rest_api_id()}, {"ContentType", content_type},
                            {"Schema", definition}};
        if (!name.is_null()) model_props["Name"] = name;
        if (!description.is_null()) model_props["Description"] = description;
        c.ctx.resources()[model_id] = {{"Type", "AWS::ApiGateway::Model"}, {"Properties", model_props}};
      }
      props()["RequestValidatorId"] = {{"Ref", validator}};
      if (!props().contains("RequestModels")) props()["RequestModels"] = Json::object();
      props()["RequestModels"][content_type] = {{"Ref", model_id}};
    }
  }
}

}  // namespace sls::compile::events::http
