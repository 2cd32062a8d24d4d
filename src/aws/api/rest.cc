#include "aws/api/rest.h"

namespace sls::aws::api {

RestJsonReply rest_json_call(const AwsContext& context, const std::string& service, const std::string& operation,
                             const std::string& method, const std::string& path, const QueryParams& query,
                             const Json& input, const Headers& headers) {
  ServiceRequest request;
  request.service = service;
  request.method = method;
  request.path = path;
  request.query = query;
  request.headers = headers;
  if (!input.is_null()) {
    request.headers.emplace_back("Content-Type", "application/json");
    request.body = input.dump();
  }
  request.reply_format = ReplyFormat::Json;
  HttpResponse reply = call_aws(context, request, operation);
  RestJsonReply out{reply.status, std::move(reply.headers), nullptr};
  out.body = reply.body.empty() ? Json::object() : Json::parse(reply.body);  // call_aws checked it parses
  return out;
}

}  // namespace sls::aws::api
