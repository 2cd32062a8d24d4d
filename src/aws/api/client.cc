#include "aws/api/client.h"

#include <stdexcept>

#include "aws/api/aws_error.h"
#include "aws/api/sigv4.h"

namespace sls::aws::api {

HttpResponse send_aws(const AwsContext& context, const ServiceRequest& request) {
  if (!context.http) throw std::logic_error("AwsContext without an HttpClient");
  Endpoint endpoint = request.endpoint ? *request.endpoint : resolve_endpoint(request.service, context.region, context.env);
  ServiceInfo info = service_info(request.service);
  std::string base = endpoint.url.path;
  while (!base.empty() && base.back() == '/') base.pop_back();
  const std::string path = base + (request.path.empty() ? "/" : request.path);
  std::string url = endpoint.url.origin() + path;
  if (!request.query.empty()) url += "?" + encode_query(request.query);

  SigningOptions signing;
  if (request.service == "s3") {
    signing = s3_signing(endpoint.signing_region, request.unsigned_payload);
  } else {
    signing.service = info.signing_name;
    signing.region = endpoint.signing_region;
    signing.unsigned_payload = request.unsigned_payload;
  }

  auto build = [&] {
    SignableRequest signable{request.method, endpoint.url.authority(), path, request.query, request.headers,
                             request.body};
    sign_v4(signable, context.credentials, signing);
    return HttpRequest{request.method, url, std::move(signable.headers), request.body};
  };
  return send_with_retries(*context.http, build, context.retry);
}

HttpResponse call_aws(const AwsContext& context, const ServiceRequest& request, const std::string& operation) {
  HttpResponse reply = send_aws(context, request);
  if (reply.status < 200 || reply.status >= 300) throw_aws_error(request.service, operation, reply);
  return reply;
}

}  // namespace sls::aws::api
