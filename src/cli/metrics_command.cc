#include "cli/metrics_command.h"

#include "aws/ops/log_format.h"
#include "aws/ops/metrics.h"
#include "cli/aws_commands.h"
#include "cli/ops_commands.h"
#include "cli/run.h"
#include "util/js_like.h"

namespace sls::cli {

namespace {

std::string text_option(const ParsedArgs& args, const char* name) {
  auto it = args.options.find(name);
  if (it == args.options.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

}  // namespace

int run_metrics(const ParsedArgs& args, Output& out) {
  Service service = load_command_service(args, to_cli_options(args), out);
  for (const auto& w : service.warnings) out.warning(w);
  aws::ops::MetricsRequest request;
  const long long now = aws::ops::now_ms();
  const std::string start = text_option(args, "startTime"), end = text_option(args, "endTime");
  // osls's default: one calendar day back, to now.
  request.start_ms = aws::ops::time_option(start.empty() ? "1d" : start, "--startTime", now);
  request.end_ms = end.empty() ? now : aws::ops::time_option(end, "--endTime", now);
  const std::string function = text_option(args, "function");
  if (!function.empty()) {
    request.title = function;
    request.function_names.push_back(deployed_function_name(service, function));
  } else {
    request.title = "Service wide metrics";
    const Json* functions = js::get(service.config, "functions");
    if (functions && functions->is_object())
      for (const auto& [name, fn] : functions->items()) request.function_names.push_back(deployed_function_name(service, name));
  }
  auto aws = connect(args, service, out);
  out.result(aws::ops::show_metrics(aws->ctx, request, [&out](const std::string& s) { return out.aside(s); }));
  return 0;
}

}  // namespace sls::cli
