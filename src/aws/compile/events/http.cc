// compile_http: the `http` event compiler (osls's api-gateway plugin), and the
// helpers its steps share.
#include <algorithm>
#include <cctype>
#include <regex>

#include "aws/compile/cfn.h"
#include "aws/compile/events/registry.h"
#include "aws/compile/events/http_model.h"
#include "aws/naming.h"
#include "util/error.h"
#include "util/text.h"
#include "util/clock.h"

namespace sls::compile::events {
namespace http {

bool is_cognito_arn(const Json& arn) {
  static const std::regex re("^arn:[a-zA-Z-]*:cognito-idp");
  return arn.is_string() && std::regex_search(arn.get<std::string>(), re);
}

bool is_cognito_authorizer(const Authorizer& a) {
  return (a.type && ascii_upper(*a.type) == "COGNITO_USER_POOLS") || is_cognito_arn(a.arn);
}

std::string authorizer_name_from_arn(const std::string& arn) {
  std::string last = arn.substr(arn.rfind(':') + 1);
  return last.substr(last.rfind('-') == std::string::npos ? 0 : last.rfind('-') + 1);
}

Json lambda_arn(const std::string& function_name) {
  return cfn::get_att(naming::lambda_logical_id(function_name), "Arn");
}

const Json& provider_config(const PackageContext& ctx) {
  static const Json kEmpty = Json::object();
  auto it = ctx.service.config.find("provider");
  return it != ctx.service.config.end() && it->is_object() ? *it : kEmpty;
}

const Json& HttpCompilation::api_gateway() const {
  static const Json kEmpty = Json::object();
  const Json& provider = provider_config(ctx);
  if (!provider.is_object()) return kEmpty;
  auto it = provider.find("apiGateway");
  if (it == provider.end() || !it->is_object()) return kEmpty;
  return *it;
}

namespace {

Json rest_api_id_of(const Json& api_gateway) {
  if (api_gateway.contains("restApiId") && truthy(api_gateway["restApiId"])) return api_gateway["restApiId"];
  return cfn::ref(naming::kRestApiLogicalId);
}

}  // namespace

HttpCompilation::HttpCompilation(PackageContext& context, HttpEvents events)
    : ctx(context), validated(std::move(events)), rest_api_id_(rest_api_id_of(api_gateway())) {}

Json HttpCompilation::root_resource_id() const {
  const Json& ag = api_gateway();
  if (ag.contains("restApiRootResourceId") && truthy(ag["restApiRootResourceId"]))
    return ag["restApiRootResourceId"];
  return {{"Fn::GetAtt", {naming::kRestApiLogicalId, "RootResourceId"}}};
}

void HttpCompilation::set_resources(std::vector<ApiResource> list) {
  resources = std::move(list);
  resource_by_path_.clear();
  resource_by_path_.reserve(resources.size());
  for (size_t i = 0; i < resources.size(); ++i) resource_by_path_.emplace(resources[i].path, i);
}

Json HttpCompilation::resource_id(const std::string& path) const {
  if (path.empty()) return root_resource_id();
  if (auto it = resource_by_path_.find(path); it != resource_by_path_.end())
    return resources[it->second].resource_id;
  throw UserError("Can not find API Gateway resource from path " + path +
                      " (check provider.apiGateway.restApiResources: its paths have no leading '/')",
                  "API_GATEWAY_RESOURCE_NOT_FOUND");
}

std::string HttpCompilation::resource_name(const std::string& path) const {
  if (path.empty()) return "";
  auto it = resource_by_path_.find(path);
  return it == resource_by_path_.end() ? std::string() : resources[it->second].name;
}

}  // namespace http

void compile_http(PackageContext& ctx, const Events& events) {
  using namespace http;
  HttpCompilation c(ctx, validate(ctx, events));
  if (c.validated.events.empty()) return;
  const long long instance_id = epoch_ms();
  compile_rest_api(c);
  compile_resources(c);
  compile_cors(c);
  compile_methods(c);
  compile_request_validators(c);
  compile_authorizers(c);
  compile_deployment(c, instance_id);
  compile_api_keys(c);
  compile_usage_plans(c);
  compile_usage_plan_keys(c);
  compile_permissions(c);
  compile_stage(c);
}

}  // namespace sls::compile::events
