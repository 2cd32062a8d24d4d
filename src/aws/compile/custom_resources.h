// osls's custom resources (lib/plugins/aws/custom-resources): the Lambda
// function that backs a `Custom::*` resource, the role those functions share
// (IamRoleCustomResourcesLambdaExecution), and `custom-resources.zip`, the
// package of their handlers. The handlers are ours (src/aws/custom_resources/,
// embedded in the binary at build time by cmake/embed_files.cmake).
#pragma once
#include <string_view>
#include <vector>

#include "package/context.h"
#include "util/json.h"

namespace sls::compile::custom_resources {

// One embedded handler file: its path inside custom-resources.zip and its bytes.
struct EmbeddedFile {
  std::string_view name;
  std::string_view data;
};
const std::vector<EmbeddedFile>& embedded_files();  // generated at build time

// A custom resource's handler function, as osls names it.
struct Handler {
  std::string_view function_name;  // e.g. "custom-resource-apigw-cw-role"
  std::string_view handler;        // e.g. "api-gateway-cloud-watch-role/handler.handler"
};
const Handler& api_gateway_cloud_watch_role();
const Handler& existing_s3();                 // Custom::S3 (s3 events with existing: true)
const Handler& existing_cognito_user_pool();  // Custom::CognitoUserPool (cognitoUserPool, existing: true)

// osls's addCustomResourceToService: writes custom-resources.zip into the
// package folder (once), adds the shared role (unless provider.iam.deploymentRole
// / cfnRole is set) with `statements` appended to its policy, the handler's
// function and, with provider.logs.frameworkLambda, its log group.
void add_to_service(PackageContext& ctx, const Handler& handler, const Json& statements);

// osls's ensureApiGatewayCloudWatchRole (REST API and websocket logs): unless
// provider.logs.restApi.roleManagedExternally, the Custom::ApiGatewayAccountRole
// resource (RoleArn: provider.logs.restApi.role) and its handler. Once per
// package, as osls memoizes it.
void ensure_api_gateway_cloud_watch_role(PackageContext& ctx);

// Writes <package_dir>/custom-resources.zip from the embedded files
// (deterministic: sorted entries, fixed timestamps). No-op when it exists.
void write_artifact(const PackageContext& ctx);

}  // namespace sls::compile::custom_resources
