#include "aws/deploy/stack_params.h"

#include <random>

#include "util/text.h"

namespace sls::aws::deploy {

namespace {

std::string scalar(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

void flatten(api::QueryParams& out, const std::string& prefix, const Json& v) {
  if (v.is_object()) {
    for (const auto& [k, child] : v.items()) flatten(out, prefix.empty() ? k : prefix + "." + k, child);
  } else if (v.is_array()) {
    if (v.empty()) {
      out.emplace_back(prefix, "");
      return;
    }
    size_t i = 1;
    for (const auto& child : v) flatten(out, prefix + ".member." + std::to_string(i++), child);
  } else if (!v.is_null()) {
    out.emplace_back(prefix, scalar(v));
  }
}

bool truthy(const Json& provider, const char* key) {
  if (!provider.contains(key)) return false;
  const Json& v = provider[key];
  if (v.is_boolean()) return v.get<bool>();
  return !v.is_null() && !(v.is_string() && v.get<std::string>().empty());
}

}  // namespace

std::string s3_endpoint_for_region(const std::string& region) {
  std::string r = ascii_lower(region);
  if (r.find("us-gov") != std::string::npos) return "s3-" + r + ".amazonaws.com";
  if (r.find("cn-") != std::string::npos) return "s3." + r + ".amazonaws.com.cn";
  if (r.find("isob-") != std::string::npos) return "s3." + r + ".sc2s.sgov.gov";
  if (r.find("iso-") != std::string::npos) return "s3." + r + ".c2s.ic.gov";
  return "s3.amazonaws.com";
}

std::string template_url(const std::string& region, const std::string& bucket, const std::string& artifact_dir) {
  return "https://" + s3_endpoint_for_region(region) + "/" + bucket + "/" + artifact_dir +
         "/compiled-cloudformation-template.json";
}

std::string change_set_name(const Target& target) { return target.stack_name + "-change-set"; }

bool changesets_method(const Json& provider) {
  return !(provider.contains("deploymentMethod") && provider["deploymentMethod"] == "direct");
}

Json shared_stack_params(const Target& target, const TemplateSource& source) {
  const Json& provider = target.provider;
  Json tags = Json::object();
  tags["STAGE"] = target.stage;
  if (provider.contains("stackTags") && provider["stackTags"].is_object()) {
    for (const auto& [k, v] : provider["stackTags"].items())
      if (iequals(k, "stage")) tags.erase("STAGE");
    for (const auto& [k, v] : provider["stackTags"].items()) tags[k] = v;
  }
  Json params = Json::object();
  params["StackName"] = target.stack_name;
  params["Capabilities"] = Json::array({"CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"});
  params["Parameters"] = Json::array();
  params["Tags"] = Json::array();
  for (const auto& [k, v] : tags.items()) params["Tags"].push_back({{"Key", k}, {"Value", v.is_string() ? v : Json(v.dump())}});
  if (source.body) params["TemplateBody"] = source.body->dump();
  if (!source.url.empty()) params["TemplateURL"] = source.url;
  if (source.has_transform) params["Capabilities"].push_back("CAPABILITY_AUTO_EXPAND");
  std::string role = deployment_role(provider);
  if (!role.empty()) params["RoleARN"] = role;
  params["NotificationARNs"] =
      provider.contains("notificationArns") && provider["notificationArns"].is_array() ? provider["notificationArns"]
                                                                                        : Json::array();
  if (provider.contains("stackParameters") && provider["stackParameters"].is_array())
    params["Parameters"] = provider["stackParameters"];
  return params;
}

Json create_change_set_params(const Target& target, const TemplateSource& source, const std::string& type) {
  Json p = shared_stack_params(target, source);
  p["ChangeSetName"] = change_set_name(target);
  p["ChangeSetType"] = type;
  if (target.provider.contains("rollbackConfiguration") && !target.provider["rollbackConfiguration"].is_null())
    p["RollbackConfiguration"] = target.provider["rollbackConfiguration"];
  return p;
}

Json create_stack_params(const Target& target, const TemplateSource& source) {
  Json p = shared_stack_params(target, source);
  if (truthy(target.provider, "disableRollback")) {
    p["DisableRollback"] = target.provider["disableRollback"];
  } else {
    p["OnFailure"] = "DELETE";
  }
  return p;
}

Json update_stack_params(const Target& target, const TemplateSource& source) {
  Json p = shared_stack_params(target, source);
  const Json& provider = target.provider;
  if (provider.contains("stackPolicy") && !provider["stackPolicy"].empty() && !provider["stackPolicy"].is_null())
    p["StackPolicyBody"] = Json{{"Statement", provider["stackPolicy"]}}.dump();
  if (provider.contains("rollbackConfiguration") && !provider["rollbackConfiguration"].is_null())
    p["RollbackConfiguration"] = provider["rollbackConfiguration"];
  if (truthy(provider, "disableRollback")) p["DisableRollback"] = provider["disableRollback"];
  return p;
}

Json execute_change_set_params(const Target& target) {
  Json p = {{"StackName", target.stack_name}, {"ChangeSetName", change_set_name(target)}};
  if (truthy(target.provider, "disableRollback")) p["DisableRollback"] = target.provider["disableRollback"];
  return p;
}

api::QueryParams to_query(const Json& params) {
  api::QueryParams out;
  flatten(out, "", params);
  return out;
}

api::QueryReply cfn_call(const api::AwsContext& ctx, const std::string& action, const Json& params) {
  return api::query_call(ctx, "cloudformation", "2010-05-15", action, to_query(params));
}

void stop_if_cancelled(const Reporter& reporter, const std::string& step) {
  if (reporter.is_cancelled())
    throw Interrupted("Interrupted before " + step + ": it was not started.");
}

std::string client_token() {
  std::random_device random;
  std::string out = "sls-";
  static const char kHex[] = "0123456789abcdef";
  for (int i = 0; i < 32; ++i) out += kHex[random() & 15];
  return out;
}

api::QueryReply cfn_mutate(const api::AwsContext& ctx, const std::string& action, Json params,
                           const Reporter& reporter) {
  stop_if_cancelled(reporter, action);
  params[action == "CreateChangeSet" ? "ClientToken" : "ClientRequestToken"] = client_token();
  return cfn_call(ctx, action, params);
}

}  // namespace sls::aws::deploy
