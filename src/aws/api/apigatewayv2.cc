#include "aws/api/apigatewayv2.h"

#include "aws/api/rest.h"
#include "aws/api/uri.h"
#include "util/js_like.h"

namespace sls::aws::api::apigatewayv2 {

std::string get_api_endpoint(const AwsContext& ctx, const std::string& api_id) {
  const Json body = rest_json_call(ctx, "apigatewayv2", "GetApi", "GET", "/v2/apis/" + uri_encode(api_id)).body;
  const Json* endpoint = js::get(body, "apiEndpoint");
  return endpoint && endpoint->is_string() ? endpoint->get<std::string>() : std::string();
}

}  // namespace sls::aws::api::apigatewayv2
