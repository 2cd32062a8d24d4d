#include "aws/compile/limits.h"

#include "util/js_like.h"

namespace sls::compile {
namespace {

size_t members(const Json& tmpl, const char* key) {
  const Json* section = js::get(tmpl, key);
  return section && section->is_object() ? section->size() : 0;
}

void over(std::string& out, const char* what, size_t count, size_t limit) {
  if (count <= limit) return;
  out += (out.empty() ? "" : ", ") + std::to_string(count) + " " + what + " (the limit is " +
         std::to_string(limit) + ")";
}

}  // namespace

std::string template_limits_report(const Json& tmpl, size_t template_bytes) {
  std::string over_limits;
  over(over_limits, "resources", members(tmpl, "Resources"), kMaxResources);
  over(over_limits, "outputs", members(tmpl, "Outputs"), kMaxOutputs);
  over(over_limits, "parameters", members(tmpl, "Parameters"), kMaxParameters);
  over(over_limits, "bytes of template", template_bytes, kMaxTemplateBytes);
  if (over_limits.empty()) return "";
  return "The compiled CloudFormation template has " + over_limits +
         ": CloudFormation will refuse to deploy it. Split the service into several services (stacks), move "
         "resources into nested stacks (e.g. with serverless-plugin-split-stacks), or reduce what each function "
         "adds (one API Gateway per service, shared IAM roles). Limits: "
         "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html";
}

}  // namespace sls::compile
