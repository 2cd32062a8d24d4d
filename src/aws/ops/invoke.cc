#include "aws/ops/invoke.h"

#include "aws/api/lambda.h"
#include "util/digest.h"
#include "util/error.h"
#include "util/js_like.h"
#include "util/js_order.h"

namespace sls::aws::ops {
namespace {

// osls: JSON.parse(data) unless --raw, keeping the text when it is no JSON.
Json data_value(const std::optional<std::string>& text, bool raw) {
  if (!text) return Json();
  if (raw) return Json(*text);
  try {
    return Json::parse(*text);
  } catch (const Json::parse_error&) {
    return Json(*text);
  }
}

// JSON.stringify(value, null, 4), with JavaScript's key order.
std::string pretty(Json value) {
  js::order_keys_deep(value);
  return value.dump(4);
}

}  // namespace

std::string invoke_payload(const InvokeOptions& options) {
  Json data = data_value(options.data, options.raw);
  return js::stringify(js::truthy(data) ? data : Json::object());
}

std::string client_context(const InvokeOptions& options) {
  if (!options.context) return "";
  return digest::base64(js::stringify(data_value(options.context, options.raw)));
}

void invoke(const api::AwsContext& ctx, const InvokeOptions& options,
            const std::function<void(const std::string&)>& write, const Style& aside) {
  api::lambda::InvokeInput in;
  in.function_name = options.function_name;
  in.payload = invoke_payload(options);
  in.invocation_type = options.type.empty() ? "RequestResponse" : options.type;
  in.tail_logs = options.log && in.invocation_type == "RequestResponse";
  in.qualifier = options.qualifier;
  in.client_context = client_context(options);
  const api::lambda::InvokeResult reply = api::lambda::invoke(ctx, in);
  if (!reply.payload.empty()) {
    try {
      write(pretty(Json::parse(reply.payload)));
    } catch (const Json::parse_error&) {
      write(reply.payload);
    }
  }
  if (!reply.log_result.empty()) {
    write(aside("--------------------------------------------------------------------"));
    size_t start = 0;
    for (bool more = true; more;) {  // JavaScript's split("\n"): a trailing newline gives a last ""
      const size_t nl = reply.log_result.find('\n', start);
      more = nl != std::string::npos;
      const std::string line = reply.log_result.substr(start, more ? nl - start : std::string::npos);
      start = nl + 1;
      if (line.find("SERVERLESS_ENTERPRISE") != std::string::npos || line.rfind("END", 0) == 0) continue;
      write(format_lambda_log_line(line, aside));
    }
  }
  if (!reply.function_error.empty()) throw UserError("Invoked function failed", "AWS_LAMBDA_INVOCATION_FAILED");
}

}  // namespace sls::aws::ops
