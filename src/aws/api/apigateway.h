// Amazon API Gateway (REST APIs, v1) over REST-JSON: the calls `sls deploy`
// makes after the stack update to apply stage settings (osls's update-stage hack).
// Lists come back under "item" on the wire (the SDKs call it `items`).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "aws/api/client.h"
#include "util/json.h"

namespace sls::aws::api::apigateway {

struct RestApiPage {
  std::vector<Json> items;   // {"id", "name", ...}
  std::string position;      // empty on the last page
};
RestApiPage get_rest_apis(const AwsContext& ctx, const std::string& position, int limit = 500);

// The first deployment's id ("" when the API has none).
std::string first_deployment_id(const AwsContext& ctx, const std::string& rest_api_id);

// The stage, or nullopt when API Gateway answers NotFoundException / 404.
std::optional<Json> get_stage(const AwsContext& ctx, const std::string& rest_api_id, const std::string& stage);
void create_stage(const AwsContext& ctx, const std::string& rest_api_id, const std::string& stage,
                  const std::string& deployment_id);
void update_stage(const AwsContext& ctx, const std::string& rest_api_id, const std::string& stage,
                  const Json& patch_operations);

void tag_resource(const AwsContext& ctx, const std::string& resource_arn, const Json& tags);
void untag_resource(const AwsContext& ctx, const std::string& resource_arn, const std::vector<std::string>& keys);

}  // namespace sls::aws::api::apigateway
