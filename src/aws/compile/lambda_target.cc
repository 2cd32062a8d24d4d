#include "aws/compile/lambda_target.h"

#include "aws/compile/cfn.h"
#include "aws/naming.h"
#include "util/js_like.h"

namespace sls::compile {

std::optional<TargetAlias> target_alias(const std::string& fn, const Json& fn_obj) {
  std::string norm = naming::normalized_function_name(fn);
  if (js::truthy(js::get(fn_obj, "durableConfig"))) return TargetAlias{"durable", norm + "DurableLambdaAlias"};
  if (js::truthy(js::get(fn_obj, "provisionedConcurrency")))
    return TargetAlias{"provisioned", norm + "ProvConcLambdaAlias"};
  if (js::truthy(js::get(fn_obj, "snapStart"))) return TargetAlias{"snapstart", norm + "SnapStartLambdaAlias"};
  return std::nullopt;
}

Json lambda_target(const std::string& fn, const Json& fn_obj) {
  Json arn = cfn::get_att(naming::lambda_logical_id(fn), "Arn");
  auto alias = target_alias(fn, fn_obj);
  if (!alias) return arn;
  return cfn::join(":", Json::array_t{std::move(arn), alias->name});
}

}  // namespace sls::compile
