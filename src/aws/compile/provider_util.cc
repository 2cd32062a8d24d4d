#include "aws/compile/provider_util.h"

#include "aws/compile/cfn.h"
#include "util/js_like.h"
#include "aws/naming.h"

namespace sls::compile {

std::optional<Json> deployment_bucket_name(const Json& provider) {
  const Json* bucket = js::get(provider, "deploymentBucket");
  if (!js::truthy(bucket)) return std::nullopt;
  if (bucket->is_object()) {
    const Json* name = js::get_truthy(*bucket, "name");
    if (!name) return std::nullopt;
    return *name;
  }
  return *bucket;
}

const Json* deployment_bucket_object(const Json& provider) {
  for (const char* key : {"deploymentBucketObject", "deploymentBucket"}) {
    const Json* bucket = js::get(provider, key);
    if (bucket && bucket->is_object()) return bucket;
  }
  return nullptr;
}

Json deployment_bucket_value(const PackageContext& ctx) {
  if (auto name = deployment_bucket_name(ctx.provider())) return *name;
  return cfn::ref(naming::kDeploymentBucket);
}

Json function_name(const PackageContext& ctx, const std::string& fn, const Json& fn_obj) {
  if (const Json* name = js::get_truthy(fn_obj, "name")) return *name;
  return naming::default_function_name(ctx.service.name, ctx.service.stage, fn);
}

bool is_existing_role(const Json& role) {
  if (role.is_string()) return true;
  if (!role.is_object()) return false;
  for (auto it = role.begin(); it != role.end(); ++it)
    if (it.key().find("::") != std::string::npos) return true;
  return false;
}

Json custom_execution_role(const Json& provider, const Json& fn_obj) {
  if (const Json* role = js::get_truthy(fn_obj, "role")) return *role;
  if (const Json* iam = js::get(provider, "iam"); iam && iam->is_object()) {
    if (const Json* role = js::get(*iam, "role"); role && is_existing_role(*role)) return *role;
  }
  if (const Json* role = js::get(provider, "role")) return *role;
  return nullptr;
}

std::optional<std::string> function_role_resource_name(const Json& provider, const Json& fn_obj) {
  const Json custom = custom_execution_role(provider, fn_obj);
  if (js::truthy(custom)) {
    if (custom.is_string()) {
      const std::string& name = custom.get_ref<const std::string&>();
      if (name.find(':') != std::string::npos) return std::nullopt;
      return name;
    }
    if (const Json* get_att = js::get(custom, "Fn::GetAtt");
        get_att && get_att->is_array() && get_att->size() == 2 && (*get_att)[0].is_string() &&
        (*get_att)[1] == Json("Arn"))
      return (*get_att)[0].get<std::string>();
    if (custom.is_object() && (custom.contains("Fn::ImportValue") || custom.contains("Ref") || custom.contains("Fn::Sub")))
      return std::nullopt;
  }
  return std::string(naming::kRoleLogicalId);
}

}  // namespace sls::compile
