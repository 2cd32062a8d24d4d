#include "aws/api/json_rpc.h"

#include <fmt/format.h>

#include "util/error.h"

namespace sls::aws::api {

Json json_rpc_call(const AwsContext& context, const std::string& service, const std::string& target_prefix,
                   const std::string& operation, const Json& input) {
  ServiceRequest request;
  request.service = service;
  request.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                     {"X-Amz-Target", target_prefix + "." + operation}};
  request.body = input.is_null() ? "{}" : input.dump();
  HttpResponse reply = call_aws(context, request, operation);
  if (reply.body.empty()) return Json::object();
  Json out = Json::parse(reply.body, nullptr, false);
  if (out.is_discarded()) throw UserError(fmt::format("{} {} returned a reply that is not JSON", service, operation));
  return out;
}

}  // namespace sls::aws::api
