// CloudFormation's per-stack limits, checked on the compiled template before
// CloudFormation refuses it: `sls package` warns, `sls deploy` stops before
// uploading (neither osls nor AWS's own CLI looks).
#pragma once
#include <string>

#include "util/json.h"

namespace sls::compile {

inline constexpr size_t kMaxResources = 500;
inline constexpr size_t kMaxOutputs = 200;
inline constexpr size_t kMaxParameters = 200;
inline constexpr size_t kMaxTemplateBytes = 1024 * 1024;  // a template given by S3 URL

// "" when `tmpl` fits; else one paragraph naming each limit passed (count and
// limit) and the ways out. `template_bytes` is the size of the uploaded text.
std::string template_limits_report(const Json& tmpl, size_t template_bytes);

}  // namespace sls::compile
