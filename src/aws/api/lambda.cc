#include "aws/api/lambda.h"

#include "aws/api/rest.h"
#include "util/digest.h"

namespace sls::aws::api::lambda {
namespace {

std::string function_path(const std::string& name) { return "/2015-03-31/functions/" + uri_encode(name); }

std::string base64_decode(const std::string& in) { return digest::base64_decode(in).value_or(""); }

}  // namespace

Json get_function(const AwsContext& ctx, const std::string& function_name, const std::string& qualifier) {
  QueryParams q;
  if (!qualifier.empty()) q.emplace_back("Qualifier", qualifier);
  return rest_json_call(ctx, "lambda", "GetFunction", "GET", function_path(function_name), q).body;
}

InvokeResult invoke(const AwsContext& ctx, const InvokeInput& input) {
  ServiceRequest r;
  r.service = "lambda";
  r.method = "POST";
  r.path = function_path(input.function_name) + "/invocations";
  if (!input.qualifier.empty()) r.query.emplace_back("Qualifier", input.qualifier);
  r.headers.emplace_back("X-Amz-Invocation-Type", input.invocation_type);
  if (input.tail_logs) r.headers.emplace_back("X-Amz-Log-Type", "Tail");
  if (!input.client_context.empty()) r.headers.emplace_back("X-Amz-Client-Context", input.client_context);
  if (!input.payload.empty()) r.headers.emplace_back("Content-Type", "application/json");
  r.body = input.payload;
  HttpResponse reply = call_aws(ctx, r, "Invoke");
  InvokeResult out;
  out.status = reply.status;
  out.function_error = reply.header("X-Amz-Function-Error");
  out.log_result = base64_decode(reply.header("X-Amz-Log-Result"));
  out.executed_version = reply.header("X-Amz-Executed-Version");
  out.payload = std::move(reply.body);
  return out;
}

Json update_function_code(const AwsContext& ctx, const std::string& function_name, const std::string& zip_bytes) {
  Json body{{"ZipFile", digest::base64(zip_bytes)}};
  return rest_json_call(ctx, "lambda", "UpdateFunctionCode", "PUT", function_path(function_name) + "/code", {}, body)
      .body;
}

Json update_function_configuration(const AwsContext& ctx, const Json& params) {
  Json body = params;
  const std::string name = body.value("FunctionName", "");
  body.erase("FunctionName");
  return rest_json_call(ctx, "lambda", "UpdateFunctionConfiguration", "PUT", function_path(name) + "/configuration",
                        {}, body)
      .body;
}

}  // namespace sls::aws::api::lambda
