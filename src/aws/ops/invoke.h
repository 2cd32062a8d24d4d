// `sls invoke -f F`: calls the deployed function through Lambda's Invoke API
// and shows the reply as osls does (aws/invoke.js).
#pragma once
#include <functional>
#include <optional>
#include <string>

#include "aws/api/client.h"
#include "aws/ops/log_format.h"
#include "util/json.h"

namespace sls::aws::ops {

struct InvokeOptions {
  std::string function_name;               // the deployed name
  std::optional<std::string> data;         // --data, else the text of --path, else stdin
  bool raw = false;                        // --raw: send data as a JSON string as it is
  std::optional<std::string> context;      // --context, else the text of --contextPath
  std::string type = "RequestResponse";    // --type: RequestResponse, Event, DryRun
  bool log = false;                        // --log: show the tail of the logs
  std::string qualifier;                   // --qualifier
};

// The Invoke request's payload: data parsed as JSON (unless raw), then
// JSON.stringify(data || {}) as osls sends it.
std::string invoke_payload(const InvokeOptions& options);

// ClientContext: base64 of the context's JSON text (parsed first unless raw); "" without one.
std::string client_context(const InvokeOptions& options);

// Invokes and writes the reply: the payload as JSON with 4-space indentation, then
// (with --log) a rule and the log tail in osls's format. A reply with a
// FunctionError ends in a UserError "Invoked function failed" after the output.
void invoke(const api::AwsContext& ctx, const InvokeOptions& options,
            const std::function<void(const std::string&)>& write, const Style& aside);

}  // namespace sls::aws::ops
