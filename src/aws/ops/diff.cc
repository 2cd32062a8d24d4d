#include "aws/ops/diff.h"


#include "aws/api/cloudformation.h"
#include "aws/api/query.h"
#include "aws/api/s3.h"
#include "aws/deploy/check_for_changes.h"
#include "aws/deploy/deploy.h"
#include "aws/deploy/stack_params.h"
#include "aws/deploy/upload.h"
#include "util/error.h"

namespace sls::aws::ops {

namespace {

namespace cfn = api::cfn;
namespace dep = deploy;

constexpr size_t kTemplateBodyLimit = 51200;

// The S3Key member of a function's Code or a layer's Content, nullptr for other resources.
const char* code_member(const Json& resource) {
  std::string type = resource.is_object() ? resource.value("Type", "") : "";
  if (type == "AWS::Lambda::Function") return "Code";
  if (type == "AWS::Lambda::LayerVersion") return "Content";
  return nullptr;
}

const Json* s3_key(const Json& resource) {
  const char* member = code_member(resource);
  if (!member || !resource.contains("Properties")) return nullptr;
  const Json& props = resource["Properties"];
  if (!props.is_object() || !props.contains(member) || !props[member].is_object()) return nullptr;
  const Json& code = props[member];
  return code.contains("S3Key") && code["S3Key"].is_string() ? &code["S3Key"] : nullptr;
}

const Json& resources_of(const Json& t) {
  static const Json kEmpty = Json::object();
  return t.is_object() && t.contains("Resources") && t["Resources"].is_object() ? t["Resources"] : kEmpty;
}

Json parse_template(const std::string& body) {
  if (body.empty()) return Json::object();
  try {
    return Json::parse(body);
  } catch (const std::exception& e) {
    throw UserError(std::string("Could not parse the deployed CloudFormation template: ") + e.what(),
                    "CLOUDFORMATION_TEMPLATE_PARSE_FAILED");
  }
}

// The deployment bucket of `resource` in the deployed template: a name, or the stack's resource it refers to.
std::string deployed_bucket(const api::AwsContext& ctx, const dep::Target& target, const Json& resource) {
  const char* member = code_member(resource);
  const Json& code = resource["Properties"][member];
  if (!code.contains("S3Bucket")) return "";
  const Json& bucket = code["S3Bucket"];
  if (bucket.is_string()) return bucket.get<std::string>();
  if (bucket.is_object() && bucket.contains("Ref") && bucket["Ref"].is_string())
    return cfn::describe_stack_resource(ctx, target.stack_name, bucket["Ref"].get<std::string>()).physical_id;
  return "";
}

std::string stack_deployment_bucket(const api::AwsContext& ctx, const dep::Target& target) {
  std::string custom = dep::custom_bucket_name(target.provider);
  if (!custom.empty()) return custom;
  return cfn::describe_stack_resource(ctx, target.stack_name, "ServerlessDeploymentBucket").physical_id;
}

// Runs `cleanup` when leaving the scope, reporting (never throwing) its failure.
struct Cleanup {
  std::function<void()> cleanup;
  const dep::Reporter& reporter;
  ~Cleanup() {
    if (!cleanup) return;
    try {
      cleanup();
    } catch (const std::exception& e) {
      reporter.say_warning(std::string("sls diff could not clean up after itself: ") + e.what());
    }
  }
};

std::vector<ResourceChange> read_changes(const api::AwsContext& ctx, const dep::Target& target,
                                         const std::string& name) {
  std::vector<ResourceChange> out;
  std::string next;
  do {
    Json params = {{"StackName", target.stack_name}, {"ChangeSetName", name}, {"IncludePropertyValues", true}};
    if (!next.empty()) params["NextToken"] = next;
    api::QueryReply reply = dep::cfn_call(ctx, "DescribeChangeSet", params);
    for (auto& c : parse_changes(reply.result)) out.push_back(std::move(c));
    next = api::child_text(reply.result, "NextToken");
  } while (!next.empty());
  return out;
}

}  // namespace

ArtifactPlan plan_artifacts(const dep::Package& package, const Json& deployed_template,
                            const std::function<std::string(const std::string&, const std::string&)>& deployed_hash) {
  ArtifactPlan plan{package.compiled_template, {}};
  const Json& deployed = resources_of(deployed_template);
  if (!plan.template_to_plan.contains("Resources")) return plan;
  std::map<std::string, std::string> local_hashes;  // the S3 key a deploy would upload to -> filesha256
  for (const auto& item : dep::upload_plan(package))
    if (!item.file.empty()) local_hashes[item.key] = item.filesha256;
  for (auto& [id, resource] : plan.template_to_plan["Resources"].items()) {
    const Json* key = s3_key(resource);
    auto found = key ? local_hashes.find(key->get<std::string>()) : local_hashes.end();
    if (found == local_hashes.end()) continue;
    const std::string& local = found->second;
    const Json* before = deployed.contains(id) ? s3_key(deployed[id]) : nullptr;
    if (before && !local.empty() && deployed_hash(id, before->get<std::string>()) == local) {
      resource["Properties"][code_member(resource)]["S3Key"] = *before;
    } else {
      plan.new_code[id] = local;
    }
  }
  return plan;
}

DiffReport additions_only(const std::string& stack_name, const Json& compiled_template,
                          const std::map<std::string, std::string>& new_code) {
  DiffReport report{stack_name, false, {}};
  for (const auto& [id, resource] : resources_of(compiled_template).items()) {
    ResourceChange c;
    c.action = "Add";
    c.logical_id = id;
    c.type = resource.is_object() ? resource.value("Type", "") : "";
    report.changes.push_back(std::move(c));
  }
  complete_changes(report, Json::object(), compiled_template, new_code);
  return report;
}

void complete_changes(DiffReport& report, const Json& deployed_template, const Json& planned_template,
                      const std::map<std::string, std::string>& new_code) {
  const Json& before = resources_of(deployed_template);
  const Json& after = resources_of(planned_template);
  for (auto& c : report.changes) {
    if (auto it = new_code.find(c.logical_id); it != new_code.end() && c.action != "Remove") c.code_hash = it->second;
    if (c.action == "Remove" && !c.retained && before.contains(c.logical_id) && before[c.logical_id].is_object())
      c.retained = before[c.logical_id].value("DeletionPolicy", Json()) == "Retain";
    if (c.action != "Modify" || !c.properties.empty()) continue;
    if (!before.contains(c.logical_id) || !after.contains(c.logical_id)) continue;
    for (const auto& path : changed_property_paths(before[c.logical_id], after[c.logical_id]))
      c.properties.push_back({path, "", "Template"});
  }
}

DiffReport diff_service(const api::AwsContext& ctx, const dep::Target& target, const dep::Package& package,
                        const dep::Reporter& reporter) {
  dep::validate_stack_name(target.stack_name);
  reporter.say_progress("Retrieving CloudFormation stack");
  auto stack = cfn::describe_stack(ctx, target.stack_name);
  auto no_deployed = [](const std::string&, const std::string&) { return std::string(); };
  if (!stack || stack->status == "REVIEW_IN_PROGRESS") {
    ArtifactPlan plan = plan_artifacts(package, Json::object(), no_deployed);
    return additions_only(target.stack_name, package.compiled_template, plan.new_code);
  }

  reporter.say_progress("Comparing artifacts with the deployed ones");
  Json deployed = parse_template(cfn::get_template(ctx, target.stack_name));
  std::map<std::string, std::string> buckets;  // deployed resource -> bucket
  ArtifactPlan plan = plan_artifacts(package, deployed, [&](const std::string& id, const std::string& key) {
    std::string bucket = deployed_bucket(ctx, target, resources_of(deployed)[id]);
    if (bucket.empty()) return std::string();
    auto head = api::s3::head_object(ctx, bucket, key);
    if (!head) return std::string();
    auto it = head->metadata.find("filesha256");
    return it == head->metadata.end() ? std::string() : it->second;
  });

  const bool transform = plan.template_to_plan.contains("Transform");
  dep::TemplateSource source{"", &plan.template_to_plan, transform};
  const std::string token = dep::client_token().substr(4, 16);
  Cleanup remove_template{nullptr, reporter};
  if (plan.template_to_plan.dump().size() > kTemplateBodyLimit) {
    const std::string bucket = stack_deployment_bucket(ctx, target);
    const std::string dir = dep::deployment_prefix(target.provider) + "/" + target.service + "/" + target.stage +
                            "/sls-diff-" + token;
    const std::string key = dir + "/compiled-cloudformation-template.json";
    dep::stop_if_cancelled(reporter, "uploading the template to plan");
    api::s3::put_object(ctx, bucket, key, plan.template_to_plan.dump(), {"application/json", {}, true, "", ""});
    remove_template.cleanup = [&ctx, bucket, key] { api::s3::delete_objects(ctx, bucket, {key}); };
    source = {dep::template_url(target.region, bucket, dir), nullptr, transform};
  }

  reporter.say_progress("Creating a change set to compare with the stack");
  const std::string name = "sls-diff-" + token;
  Json params = dep::create_change_set_params(target, source, "UPDATE");
  params["ChangeSetName"] = name;
  params["Description"] = "sls diff: planned, read and deleted again, never executed";
  dep::cfn_mutate(ctx, "CreateChangeSet", params, reporter);
  Cleanup remove_change_set{[&] { cfn::delete_change_set(ctx, target.stack_name, name); }, reporter};

  DiffReport report{target.stack_name, true, {}};
  dep::ChangeSetWait waited = dep::wait_for_change_set(ctx, target, name, reporter);
  if (!waited.empty) report.changes = read_changes(ctx, target, name);
  complete_changes(report, deployed, plan.template_to_plan, plan.new_code);
  return report;
}

}  // namespace sls::aws::ops
