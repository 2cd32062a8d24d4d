#include "aws/deploy/deletion_protection.h"

#include "aws/deploy/stack_params.h"
#include "util/error.h"
#include "util/js_like.h"

namespace sls::aws::deploy {

std::optional<bool> deletion_protection_for(const Json& provider, const std::string& stage) {
  const Json* setting = js::get_non_null(provider, "deletionProtection");
  if (!setting) return std::nullopt;
  if (setting->is_boolean()) return setting->get<bool>();
  const Json* stages = setting->is_object() ? js::get(*setting, "stages") : nullptr;
  bool valid = stages && stages->is_array() && !stages->empty();
  bool listed = false;
  for (const Json& s : valid ? *stages : Json::array()) {
    valid = valid && s.is_string();
    listed = listed || (s.is_string() && s.get_ref<const std::string&>() == stage);
  }
  if (!valid)
    throw UserError("provider.deletionProtection must be a boolean or an object with a non-empty stages list",
                    "INVALID_DELETION_PROTECTION_CONFIG");
  return listed;
}

std::string apply_deletion_protection(const api::AwsContext& ctx, const Target& target, const Reporter& reporter) {
  std::optional<bool> enabled = deletion_protection_for(target.provider, target.stage);
  if (!enabled) return "";
  stop_if_cancelled(reporter, "updating the stack's deletion protection");
  try {
    cfn_call(ctx, "UpdateTerminationProtection",
             Json{{"StackName", target.stack_name}, {"EnableTerminationProtection", *enabled}});
  } catch (const UserError& e) {
    throw UserError(std::string("Could not ") + (*enabled ? "enable" : "disable") +
                        " deletion protection for stack \"" + target.stack_name +
                        "\" (the stack itself was deployed): " + e.what(),
                    "AWS_CLOUDFORMATION_DELETION_PROTECTION_UPDATE_FAILED");
  }
  return std::string(*enabled ? "Enabled" : "Disabled") + " deletion protection for stack \"" + target.stack_name +
         "\"";
}

}  // namespace sls::aws::deploy
