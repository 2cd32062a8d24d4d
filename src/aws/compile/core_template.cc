// package:initialize: the core CloudFormation template (deployment bucket,
// its TLS-only policy and the bucket-name output).
#include <string>

#include "util/js_like.h"
#include "aws/compile/provider_util.h"
#include "aws/compile/steps.h"
#include "aws/naming.h"
#include "util/error.h"

namespace sls::compile {
namespace {

Json bucket_arn(bool objects) {
  Json parts = Json::array({"arn:", {{"Ref", "AWS::Partition"}}, ":s3:::",
                            {{"Ref", naming::kDeploymentBucket}}});
  if (objects) parts.push_back("/*");
  return {{"Fn::Join", Json::array({"", parts})}};
}

Json core_template() {
  Json t = Json::object();
  t["AWSTemplateFormatVersion"] = "2010-09-09";
  t["Description"] = "The AWS CloudFormation template for this Serverless application";
  Json bucket = {
      {"Type", "AWS::S3::Bucket"},
      {"Properties",
       {{"BucketEncryption",
         {{"ServerSideEncryptionConfiguration",
           Json::array({{{"ServerSideEncryptionByDefault", {{"SSEAlgorithm", "AES256"}}}}})}}}}}};
  Json statement = {{"Action", "s3:*"},
                    {"Effect", "Deny"},
                    {"Principal", "*"},
                    {"Resource", Json::array({bucket_arn(true), bucket_arn(false)})},
                    {"Condition", {{"Bool", {{"aws:SecureTransport", false}}}}}};
  Json policy = {{"Type", "AWS::S3::BucketPolicy"},
                 {"Properties",
                  {{"Bucket", {{"Ref", naming::kDeploymentBucket}}},
                   {"PolicyDocument", {{"Statement", Json::array({statement})}}}}}};
  t["Resources"] = Json::object();
  t["Resources"][naming::kDeploymentBucket] = bucket;
  t["Resources"][naming::kDeploymentBucketPolicy] = policy;
  t["Outputs"] = Json::object();
  t["Outputs"][naming::kDeploymentBucketOutput] = {{"Value", {{"Ref", naming::kDeploymentBucket}}}};
  return t;
}

// osls: transfer acceleration exists only on the standard S3 endpoint.
bool acceleration_supported(const std::string& region) {
  for (const char* marker : {"us-gov", "cn-", "iso-", "isob-"}) {
    std::string lower;
    for (char c : region) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.find(marker) != std::string::npos) return false;
  }
  return true;
}

void apply_bucket_object(Json& t, const Json& bucket_object) {
  Json& props = t["Resources"][naming::kDeploymentBucket]["Properties"];
  if (const Json* tags = js::get(bucket_object, "tags"); tags && tags->is_object() && !tags->empty()) {
    Json list = Json::array();
    for (auto it = tags->begin(); it != tags->end(); ++it)
      list.push_back({{"Key", it.key()}, {"Value", it.value()}});
    props["Tags"] = list;
  }
  if (js::truthy(js::get(bucket_object, "blockPublicAccess"))) {
    props["PublicAccessBlockConfiguration"] = {{"BlockPublicAcls", true},
                                               {"BlockPublicPolicy", true},
                                               {"IgnorePublicAcls", true},
                                               {"RestrictPublicBuckets", true}};
  }
  if (js::truthy(js::get(bucket_object, "versioning")))
    props["VersioningConfiguration"] = {{"Status", "Enabled"}};
  if (js::truthy(js::get(bucket_object, "skipPolicySetup")))
    t["Resources"].erase(naming::kDeploymentBucketPolicy);
}

}  // namespace

void generate_core_template(PackageContext& ctx) {
  Json t = core_template();
  const Json& provider = ctx.provider();

  if (const Json* bucket = deployment_bucket_object(provider); bucket && !bucket->empty())
    apply_bucket_object(t, *bucket);

  const Json* accelerate = js::get(ctx.service.options.values, "aws-s3-accelerate");
  bool enabled = js::truthy(accelerate);
  bool disabled = accelerate && accelerate->is_boolean() && !accelerate->get<bool>();

  if (auto name = deployment_bucket_name(provider)) {
    if (enabled)
      throw UserError(
          "It is not possible to enable S3 Transfer Acceleration on an user provided bucket. In "
          "order to avoid this error, stop using `--aws-s3-accelerate` flag",
          "S3_TRANSFER_ACCELERATION_ON_EXISTING_BUCKET");
    t["Outputs"][naming::kDeploymentBucketOutput]["Value"] = *name;
    t["Resources"].erase(naming::kDeploymentBucket);
    t["Resources"].erase(naming::kDeploymentBucketPolicy);
    // osls writes no create-stack template for a user-provided bucket.
    ctx.deployment_prefix = deployment_prefix(provider);
    ctx.create_template = Json::object();
    ctx.template_ = std::move(t);
    return;
  } else if (acceleration_supported(ctx.service.region) && (enabled || disabled)) {
    t["Resources"][naming::kDeploymentBucket]["Properties"]["AccelerateConfiguration"] = {
        {"AccelerationStatus", enabled ? "Enabled" : "Suspended"}};
    if (enabled) t["Outputs"]["ServerlessDeploymentBucketAccelerated"] = {{"Value", true}};
  }

  ctx.deployment_prefix = deployment_prefix(provider);
  ctx.create_template = t;
  ctx.template_ = std::move(t);
}

}  // namespace sls::compile
