#include "aws/ops/deploy_function.h"

#include <algorithm>
#include <chrono>
#include <regex>
#include <set>
#include <thread>

#include "aws/api/iam.h"
#include "aws/api/lambda.h"
#include "aws/api/sts.h"
#include "aws/compile/provider_util.h"
#include "aws/deploy/check_for_changes.h"
#include "aws/deploy/filesize.h"
#include "aws/deploy/upload.h"
#include "util/error.h"
#include "util/js_like.h"

namespace sls::aws::ops {
namespace {

using Clock = std::chrono::steady_clock;

const Json& member(const Json& obj, const char* key) {
  static const Json kNull;
  const Json* v = js::get(obj, key);
  return v ? *v : kNull;
}

// fn[key] || provider[key], as osls picks a setting.
const Json& either(const Json& fn, const Json& provider, const char* key) {
  return js::truthy(member(fn, key)) ? member(fn, key) : member(provider, key);
}

bool has_object(const Json& list) {
  if (!list.is_array()) return false;
  for (const auto& v : list)
    if (v.is_object()) return true;
  return false;
}

// A JavaScript Set of the list's values (or of each entry's `field`).
std::set<std::string> string_set(const Json& list, const char* field = nullptr) {
  std::set<std::string> out;
  if (!list.is_array()) return out;
  for (const auto& v : list) {
    const Json& s = field ? member(v, field) : v;
    out.insert(s.is_string() ? s.get<std::string>() : s.dump());
  }
  return out;
}

bool is_console_layer(const std::string& arn) {
  static const std::regex console("(?:177335420605|321667558080):layer:sls-");
  return std::regex_search(arn, console);
}

// JavaScript's String(value) for an environment value.
std::string js_string(const Json& v) { return v.is_string() ? v.get<std::string>() : js::stringify(v); }

void add_layers(const ConfigUpdateInput& in, Json& params) {
  const Json& fn_layers = member(in.function, "layers");
  if (has_object(fn_layers)) return;
  Json layers = js::truthy(fn_layers) ? fn_layers : member(in.provider, "layers");
  if (!layers.is_array()) layers = Json::array();
  if (has_object(layers)) return;  // intrinsic ARNs: only a full deploy resolves them
  const Json& remote = member(in.remote, "Layers");
  for (const auto& l : remote.is_array() ? remote : Json::array()) {
    const std::string arn = member(l, "Arn").is_string() ? member(l, "Arn").get<std::string>() : "";
    if (is_console_layer(arn) && std::find(layers.begin(), layers.end(), Json(arn)) == layers.end())
      layers.push_back(arn);
  }
  if (string_set(layers) != string_set(remote, "Arn")) params["Layers"] = layers;
}

void add_environment(const ConfigUpdateInput& in, Json& params) {
  Json vars = Json::object();
  js::shallow_assign(vars, member(in.provider, "environment"));
  js::shallow_assign(vars, member(in.function, "environment"));
  for (const auto& [k, v] : vars.items())
    if (v.is_object()) return;  // CloudFormation intrinsics: only a full deploy resolves them
  static const std::regex name("^[A-Za-z_][a-zA-Z0-9_]*$");
  for (auto& [k, v] : vars.items()) {
    if (!std::regex_match(k, name))
      throw UserError("Invalid characters in environment variable", "DEPLOY_FUNCTION_INVALID_ENV_VARIABLE");
    if (!v.is_null()) v = js_string(v);
  }
  Json remote = member(member(in.remote, "Environment"), "Variables");
  if (!remote.is_object()) remote = Json::object();
  bool console = false;
  for (const auto& l : member(in.remote, "Layers").is_array() ? member(in.remote, "Layers") : Json::array())
    console = console || (member(l, "Arn").is_string() && is_console_layer(member(l, "Arn").get<std::string>()));
  if (console) {
    for (const char* keep : {"AWS_LAMBDA_EXEC_WRAPPER", "SLS_ORG_ID", "SLS_DEV_MODE_ORG_ID", "SLS_DEV_TOKEN",
                             "SERVERLESS_PLATFORM_STAGE"})
      if (js::truthy(member(remote, keep)) && !js::truthy(member(vars, keep))) vars[keep] = remote[keep];
  }
  if (vars != remote) params["Environment"] = Json{{"Variables", vars}};
}

void add_vpc(const ConfigUpdateInput& in, Json& params) {
  const Json& vpc = either(in.function, in.provider, "vpc");
  if (!js::truthy(vpc)) return;
  Json local = Json::object();
  if (js::truthy(member(vpc, "ipv6AllowedForDualStack")))
    local["Ipv6AllowedForDualStack"] = member(vpc, "ipv6AllowedForDualStack");
  for (auto [from, to] : {std::pair{"securityGroupIds", "SecurityGroupIds"}, std::pair{"subnetIds", "SubnetIds"}}) {
    const Json& ids = member(vpc, from);
    if (ids.is_array() && !has_object(ids)) local[to] = ids;
  }
  if (local.empty()) return;
  const Json& remote = member(in.remote, "VpcConfig");
  const bool same = js::truthy(member(remote, "Ipv6AllowedForDualStack")) ==
                        js::truthy(member(local, "Ipv6AllowedForDualStack")) &&
                    string_set(member(remote, "SecurityGroupIds")) == string_set(member(local, "SecurityGroupIds")) &&
                    string_set(member(remote, "SubnetIds")) == string_set(member(local, "SubnetIds"));
  if (!same) params["VpcConfig"] = local;
}

void add_image_config(const ConfigUpdateInput& in, Json& params) {
  const Json& image = member(in.function, "image");
  if (!js::truthy(image)) return;
  Json config = Json::object();
  for (auto [from, to] : {std::pair{"command", "Command"}, std::pair{"entryPoint", "EntryPoint"},
                          std::pair{"workingDirectory", "WorkingDirectory"}})
    if (js::truthy(member(image, from))) config[to] = member(image, from);
  Json remote = member(member(in.remote, "ImageConfigResponse"), "ImageConfig");
  if (remote.is_null()) remote = Json::object();
  if (config != remote) params["ImageConfig"] = config;
}

// Sets params[key] = value unless the deployed configuration has the same.
void set_if_changed(Json& params, const ConfigUpdateInput& in, const char* key, const Json& value) {
  if (js::truthy(value) && value != member(in.remote, key)) params[key] = value;
}

void wait_ms(long ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

long elapsed_ms(Clock::time_point start) {
  return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
}

bool is_code(const UserError& e, const char* code) { return e.code == code; }

Json get_deployed_function(const api::AwsContext& ctx, const DeployFunctionInput& in) {
  try {
    return api::lambda::get_function(ctx, member(in.function_obj, "name").get<std::string>());
  } catch (const UserError& e) {
    if (!is_code(e, "ResourceNotFoundException")) throw;
    throw UserError("The function \"" + in.function +
                        "\" you want to update is not yet deployed. Please run \"serverless deploy\" to deploy your "
                        "service. After that you can redeploy your services functions with the \"serverless deploy "
                        "function\" command.",
                    "FUNCTION_NOT_YET_DEPLOYED");
  }
}

void check_package_type(const DeployFunctionInput& in, const Json& remote) {
  const std::string type = member(remote, "PackageType").is_string() ? remote["PackageType"].get<std::string>() : "";
  if (js::truthy(member(in.function_obj, "handler")) && type == "Image")
    throw UserError("The function \"" + in.function +
                        "\" you want to update with handler was previously packaged as an image. Please run "
                        "\"serverless deploy\" to ensure consistent deploy.",
                    "DEPLOY_FUNCTION_CHANGE_BETWEEN_HANDLER_AND_IMAGE_ERROR");
  if (js::truthy(member(in.function_obj, "image")) && type == "Zip")
    throw UserError("The function \"" + in.function +
                        "\" you want to update with image was previously packaged as zip file. Please run "
                        "\"serverless deploy\" to ensure consistent deploy.",
                    "DEPLOY_FUNCTION_CHANGE_BETWEEN_HANDLER_AND_IMAGE_ERROR");
  if (js::truthy(member(in.function_obj, "durableConfig")) || js::truthy(member(remote, "DurableConfig")))
    throw UserError("Function \"" + in.function +
                        "\" is configured with durableConfig locally or in AWS. Use \"serverless deploy\" so osls can "
                        "publish a new durable function version and update the generated alias.",
                    "DURABLE_DEPLOY_FUNCTION_UNSUPPORTED");
}

// True when the code was updated.
bool deploy_code(const api::AwsContext& ctx, const DeployFunctionInput& in, const Json& remote,
                 const DeployFunctionReport& report) {
  if (js::truthy(member(in.function_obj, "image")))
    throw UserError("\"sls deploy function\" cannot deploy the image of function \"" + in.function +
                        "\" yet: run \"sls deploy\", or \"sls deploy function -f " + in.function +
                        " --update-config\" for its configuration only.",
                    "DEPLOY_FUNCTION_IMAGE_NOT_SUPPORTED");
  if (!in.force && member(remote, "CodeSha256") == Json(deploy::file_hash(in.artifact))) {
    report.result("Code did not change. Function deployment skipped.", false);
    return false;
  }
  const std::string zip = deploy::read_file(in.artifact);
  if (report.progress) report.progress("Uploading (" + deploy::file_size_text(zip.size()) + ")");
  if (report.progress) report.progress("Deploying");
  api::lambda::update_function_code(ctx, member(in.function_obj, "name").get<std::string>(), zip);
  report.result("Function code deployed", true);
  return true;
}

void update_configuration(const api::AwsContext& ctx, const Json& params, const DeployFunctionInput& in,
                          const DeployFunctionReport& report) {
  const auto start = Clock::now();
  while (true) {
    try {
      api::lambda::update_function_configuration(ctx, params);
      return;
    } catch (const UserError& e) {
      if (!is_code(e, "ResourceConflictException")) throw;
      if (elapsed_ms(start) > 60'000)
        throw UserError("Retry timed out. Please try to deploy your function once again.",
                        "DEPLOY_FUNCTION_CONFIGURATION_UPDATE_TIMED_OUT");
      if (report.info)
        report.info("Retrying configuration update for function: " + in.function + ". Reason: " + e.what());
      wait_ms(1000);
    }
  }
}

void ensure_function_state(const api::AwsContext& ctx, const DeployFunctionInput& in,
                           const DeployFunctionReport& report) {
  const auto start = Clock::now();
  while (true) {
    const Json config = member(api::lambda::get_function(ctx, member(in.function_obj, "name").get<std::string>()),
                               "Configuration");
    if (member(config, "State") == "Active" && member(config, "LastUpdateStatus") == "Successful") return;
    if (elapsed_ms(start) > 60'000)
      throw UserError("Ensuring function state timed out. Please try to deploy your function once again.",
                      "DEPLOY_FUNCTION_ENSURE_STATE_TIMED_OUT");
    if (report.info) report.info("Retrying ensure function state for function: " + in.function + ".");
    wait_ms(500);
  }
}

}  // namespace

Json config_update_params(const ConfigUpdateInput& in) {
  const Json& fn = in.function;
  Json params{{"FunctionName", member(fn, "name")}};
  set_if_changed(params, in, "KMSKeyArn", either(fn, in.provider, "kmsKeyArn"));
  if (js::truthy(member(fn, "snapStart"))) params["SnapStart"] = Json{{"ApplyOn", "PublishedVersions"}};
  if (js::truthy(member(fn, "recursiveLoop"))) params["RecursiveLoop"] = member(fn, "recursiveLoop");
  set_if_changed(params, in, "Description", member(fn, "description"));
  set_if_changed(params, in, "Handler", member(fn, "handler"));
  set_if_changed(params, in, "MemorySize", either(fn, in.provider, "memorySize"));
  set_if_changed(params, in, "Timeout", either(fn, in.provider, "timeout"));
  add_layers(in, params);
  const Json& on_error = member(fn, "onError");
  if (js::truthy(on_error) && !on_error.is_object() &&
      member(member(in.remote, "DeadLetterConfig"), "TargetArn") != on_error)
    params["DeadLetterConfig"] = Json{{"TargetArn", on_error}};
  add_environment(in, params);
  add_vpc(in, params);
  if (!in.role_arn.empty() && Json(in.role_arn) != member(in.remote, "Role")) params["Role"] = in.role_arn;
  add_image_config(in, params);
  return params;
}

bool has_config_updates(const Json& params) { return params.size() > 1; }

std::string execution_role_arn(const api::AwsContext& ctx, const Json& provider, const Json& function_obj,
                               const Json& resources) {
  const Json role = compile::custom_execution_role(provider, function_obj);
  if (!js::truthy(role)) return "";
  if (role.is_string()) {
    const std::string name = role.get<std::string>();
    if (name.find(':') != std::string::npos) return name;
    const Json& resource = member(resources, name.c_str());
    if (member(resource, "Type") != "AWS::IAM::Role")
      throw UserError("Provided resource is not IAM Role", "ROLE_REFERENCES_NON_AWS_IAM_ROLE");
    const Json& props = member(resource, "Properties");
    if (!js::truthy(member(props, "RoleName")) || !member(props, "RoleName").is_string())
      throw UserError("Role resource missing RoleName property", "MISSING_ROLENAME_FOR_ROLE");
    const std::string path = member(props, "Path").is_string() ? props["Path"].get<std::string>() : "/";
    const api::CallerIdentity me = api::sts_get_caller_identity(ctx);
    const size_t colon = me.arn.find(':', 4);  // arn:<partition>:...
    const std::string partition = colon == std::string::npos ? "aws" : me.arn.substr(4, colon - 4);
    return "arn:" + partition + ":iam::" + me.account + ":role" + path + props["RoleName"].get<std::string>();
  }
  const Json& get_att = member(role, "Fn::GetAtt");
  if (!get_att.is_array() || get_att.empty() || !get_att[0].is_string())
    throw UserError("The role of function \"" + member(function_obj, "name").dump() +
                        "\" is a CloudFormation expression \"sls deploy function\" cannot resolve (only an ARN, a "
                        "role resource name or Fn::GetAtt). Run \"sls deploy\" instead.",
                    "DEPLOY_FUNCTION_UNRESOLVABLE_ROLE");
  return api::iam::get_role_arn(ctx, get_att[0].get<std::string>());
}

void deploy_function(const api::AwsContext& ctx, const DeployFunctionInput& in, const DeployFunctionReport& report) {
  if (report.progress) report.progress("Validating");
  const Json remote = member(get_deployed_function(ctx, in), "Configuration");
  check_package_type(in, remote);
  bool changed = false;
  if (!in.update_config) changed = deploy_code(ctx, in, remote, report);
  ConfigUpdateInput config{in.function_obj, in.provider, remote,
                           execution_role_arn(ctx, in.provider, in.function_obj, in.resources)};
  const Json params = config_update_params(config);
  if (!has_config_updates(params)) {
    report.result("Function configuration did not change, and the update was skipped. If you made changes to the "
                  "service configuration and expected them to be deployed, it most likely means that they can only "
                  "be applied with a full service deployment.",
                  false);
  } else {
    if (report.progress) report.progress("Updating function configuration");
    update_configuration(ctx, params, in, report);
    changed = true;
    report.result("Function configuration updated", true);
  }
  if (changed) ensure_function_state(ctx, in, report);
}

}  // namespace sls::aws::ops
