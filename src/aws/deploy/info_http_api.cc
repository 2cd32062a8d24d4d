// `sls info` for a service attached to an existing HTTP API (provider.httpApi.id):
// osls asks API Gateway for that API's endpoint (after resolving an
// Fn::ImportValue id through CloudFormation's exports).
#include "aws/api/apigatewayv2.h"
#include "aws/api/cloudformation.h"
#include "aws/deploy/info.h"
#include "util/error.h"
#include "util/js_like.h"

namespace sls::aws::deploy {
namespace {

std::string api_id_of(const api::AwsContext& ctx, const Json& id) {
  const Json* import = id.is_object() ? js::get(id, "Fn::ImportValue") : nullptr;
  if (!import) return id.is_string() ? id.get<std::string>() : id.dump();
  const std::string name = import->is_string() ? import->get<std::string>() : import->dump();
  if (auto value = api::cfn::export_value(ctx, name)) return *value;
  throw UserError("Could not resolve Fn::ImportValue with name " + name + ". Are you sure this value is exported?",
                  "CF_IMPORT_RESOLUTION");
}

}  // namespace

std::string external_http_api_endpoint(const api::AwsContext& ctx, const Json& provider) {
  const Json* http_api = js::get_truthy(provider, "httpApi");
  const Json* id = http_api ? js::get_truthy(*http_api, "id") : nullptr;
  if (!id) return "";
  try {
    return api::apigatewayv2::get_api_endpoint(ctx, api_id_of(ctx, *id));
  } catch (const UserError& e) {
    throw UserError(std::string("Could not resolve provider.httpApi.id parameter. ") + e.what(),
                    "UNABLE_TO_RESOLVE_HTTP_API_ID");
  }
}

}  // namespace sls::aws::deploy
