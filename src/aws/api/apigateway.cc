#include "aws/api/apigateway.h"

#include "aws/api/rest.h"
#include "aws/api/uri.h"
#include "util/error.h"

namespace sls::aws::api::apigateway {
namespace {

constexpr const char* kService = "apigateway";

std::string stage_path(const std::string& rest_api_id, const std::string& stage) {
  return "/restapis/" + uri_encode(rest_api_id) + "/stages/" + uri_encode(stage);
}

const Json& items_of(const Json& body) {
  static const Json kEmpty = Json::array();
  for (const char* key : {"item", "items"})
    if (body.is_object() && body.contains(key) && body[key].is_array()) return body[key];
  return kEmpty;
}

}  // namespace

RestApiPage get_rest_apis(const AwsContext& ctx, const std::string& position, int limit) {
  QueryParams q;
  q.emplace_back("limit", std::to_string(limit));
  if (!position.empty()) q.emplace_back("position", position);
  Json body = rest_json_call(ctx, kService, "GetRestApis", "GET", "/restapis", q).body;
  RestApiPage page;
  for (const Json& item : items_of(body)) page.items.push_back(item);
  if (body.is_object() && body.contains("position") && body["position"].is_string())
    page.position = body["position"].get<std::string>();
  return page;
}

std::string first_deployment_id(const AwsContext& ctx, const std::string& rest_api_id) {
  QueryParams q;
  q.emplace_back("limit", "500");
  Json body = rest_json_call(ctx, kService, "GetDeployments", "GET",
                             "/restapis/" + uri_encode(rest_api_id) + "/deployments", q)
                  .body;
  const Json& items = items_of(body);
  return items.empty() ? "" : items[0].value("id", "");
}

std::optional<Json> get_stage(const AwsContext& ctx, const std::string& rest_api_id, const std::string& stage) {
  try {
    return rest_json_call(ctx, kService, "GetStage", "GET", stage_path(rest_api_id, stage)).body;
  } catch (const UserError& e) {
    if (e.code == "NotFoundException" || e.code == "NotFound") return std::nullopt;
    throw;
  }
}

void create_stage(const AwsContext& ctx, const std::string& rest_api_id, const std::string& stage,
                  const std::string& deployment_id) {
  rest_json_call(ctx, kService, "CreateStage", "POST", "/restapis/" + uri_encode(rest_api_id) + "/stages", {},
                 Json{{"deploymentId", deployment_id}, {"stageName", stage}});
}

void update_stage(const AwsContext& ctx, const std::string& rest_api_id, const std::string& stage,
                  const Json& patch_operations) {
  rest_json_call(ctx, kService, "UpdateStage", "PATCH", stage_path(rest_api_id, stage), {},
                 Json{{"patchOperations", patch_operations}});
}

void tag_resource(const AwsContext& ctx, const std::string& resource_arn, const Json& tags) {
  rest_json_call(ctx, kService, "TagResource", "PUT", "/tags/" + uri_encode(resource_arn), {},
                 Json{{"tags", tags}});
}

void untag_resource(const AwsContext& ctx, const std::string& resource_arn, const std::vector<std::string>& keys) {
  QueryParams q;
  for (const auto& k : keys) q.emplace_back("tagKeys", k);
  rest_json_call(ctx, kService, "UntagResource", "DELETE", "/tags/" + uri_encode(resource_arn), q);
}

}  // namespace sls::aws::api::apigateway
