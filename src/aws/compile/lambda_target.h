// The Lambda an event or a URL targets: the function, or the alias osls points
// events at (osls's resolveLambdaTarget and functionObject.targetAlias).
#pragma once
#include <optional>
#include <string>

#include "util/json.h"

namespace sls::compile {

struct TargetAlias {
  std::string name;        // "provisioned"
  std::string logical_id;  // "<Fn>ProvConcLambdaAlias"
};

// durableConfig > provisionedConcurrency > snapStart; nullopt when none is set.
std::optional<TargetAlias> target_alias(const std::string& fn, const Json& fn_obj);

// {"Fn::GetAtt": [<Fn>LambdaFunction, Arn]}, joined with ":<alias>" when there is one.
Json lambda_target(const std::string& fn, const Json& fn_obj);

}  // namespace sls::compile
