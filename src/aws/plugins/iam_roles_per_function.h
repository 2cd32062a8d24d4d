// serverless-iam-roles-per-function, built in: a function that lists
// `iamRoleStatements` gets its own role, cloned from the shared
// IamRoleLambdaExecution with the function's log, stream, SQS and DLQ
// statements (plus the provider's statements with `iamRoleStatementsInherit`
// or custom.serverless-iam-roles-per-function.defaultInherit), named
// `iamRoleStatementsName` or <service>-<stage>-<function>-<region>-lambdaRole.
// Runs where the plugin hooks in (before:package:finalize).
#pragma once
#include "package/context.h"

namespace sls::plugins {

inline constexpr const char* kIamRolesPerFunction = "serverless-iam-roles-per-function";

void create_roles_per_function(PackageContext& ctx);

}  // namespace sls::plugins
