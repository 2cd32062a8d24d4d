#include "aws/api/client.h"

#include <pugixml.hpp>
#include <stdexcept>

#include "aws/api/aws_error.h"
#include "aws/api/sigv4.h"
#include "util/json.h"

namespace sls::aws::api {

namespace {

// The variable a custom endpoint came from, for messages.
std::string endpoint_env(const AwsContext& context, const std::string& service) {
  std::string specific = "AWS_ENDPOINT_URL_" + service_info(service).env_suffix;
  if (context.env(specific)) return specific;
  return context.env("AWS_ENDPOINT_URL") ? "AWS_ENDPOINT_URL" : "";
}

const char* format_name(ReplyFormat format) { return format == ReplyFormat::Json ? "JSON" : "XML"; }

}  // namespace

bool reply_parses(const std::string& body, ReplyFormat format) {
  if (format == ReplyFormat::Raw || body.empty()) return true;
  if (format == ReplyFormat::Json) return Json::accept(body);
  pugi::xml_document doc;
  return static_cast<bool>(doc.load_buffer(body.data(), body.size()));
}

HttpResponse send_aws(const AwsContext& context, const ServiceRequest& request, const std::string& operation) {
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
  auto complete = [&](const HttpResponse& r) { return reply_parses(r.body, request.reply_format); };
  HttpResponse reply;
  try {
    reply = send_with_retries(*context.http, build, context.retry, complete);
  } catch (const TransportError& e) {
    throw_network_error(request.service, operation, e, context.retry.max_attempts,
                        endpoint.custom ? endpoint_env(context, request.service) : "");
  }
  if (reply.status >= 200 && reply.status < 300 && !complete(reply))
    throw_malformed_reply(request.service, operation, format_name(request.reply_format));
  return reply;
}

HttpResponse call_aws(const AwsContext& context, const ServiceRequest& request, const std::string& operation) {
  HttpResponse reply = send_aws(context, request, operation);
  if (reply.status < 200 || reply.status >= 300) throw_aws_error(request.service, operation, reply);
  return reply;
}

}  // namespace sls::aws::api
