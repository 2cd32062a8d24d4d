// Provider-level settings the core compile steps share, resolved as osls's
// AwsProvider resolves them.
#pragma once
#include <optional>
#include <string>

#include "package/context.h"
#include "config/load_service.h"

namespace sls::compile {

// The user-provided deployment bucket name (provider.deploymentBucket as a
// string, or provider.deploymentBucket.name), if any.
std::optional<Json> deployment_bucket_name(const Json& provider);

// The settings object of the deployment bucket: provider.deploymentBucketObject
// (where osls, and load_service, move an object-valued deploymentBucket), or
// provider.deploymentBucket itself when it is still an object; else nullptr.
const Json* deployment_bucket_object(const Json& provider);

// What Code.S3Bucket / Content.S3Bucket holds: the user's bucket name or
// {"Ref": "ServerlessDeploymentBucket"}.
Json deployment_bucket_value(const PackageContext& ctx);

// provider.deploymentPrefix as a string, "serverless" when absent/null.
using config::deployment_prefix;

// functions.<fn>.name, or "<service>-<stage>-<fn>" when absent/empty.
Json function_name(const PackageContext& ctx, const std::string& fn, const Json& fn_obj);

// The custom execution role of a function (function role, provider.iam.role
// when it names an existing role, or legacy provider.role), or null.
Json custom_execution_role(const Json& provider, const Json& fn_obj);

// osls's resolveFunctionIamRoleResourceName: the logical id of the role resource
// a function runs with (IamRoleLambdaExecution unless it has a custom role, the
// custom role's name or Fn::GetAtt target), or nullopt for a role outside the
// template (an ARN, Fn::ImportValue, Ref, Fn::Sub).
std::optional<std::string> function_role_resource_name(const Json& provider, const Json& fn_obj);

// osls's isExistingRoleProvided: a string, or an object with a "::" key (Fn::GetAtt...).
bool is_existing_role(const Json& role);

}  // namespace sls::compile
