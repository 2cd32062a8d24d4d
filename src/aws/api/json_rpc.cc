#include "aws/api/json_rpc.h"


namespace sls::aws::api {

Json json_rpc_call(const AwsContext& context, const std::string& service, const std::string& target_prefix,
                   const std::string& operation, const Json& input, const std::string& json_version) {
  ServiceRequest request;
  request.service = service;
  request.headers = {{"Content-Type", "application/x-amz-json-" + json_version},
                     {"X-Amz-Target", target_prefix + "." + operation}};
  request.body = input.is_null() ? "{}" : input.dump();
  request.reply_format = ReplyFormat::Json;
  HttpResponse reply = call_aws(context, request, operation);
  return reply.body.empty() ? Json::object() : Json::parse(reply.body);  // call_aws checked it parses
}

}  // namespace sls::aws::api
