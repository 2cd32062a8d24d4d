// `sls diff`: what a deploy of the package would change, from a CloudFormation
// change set that is created against the deployed stack, read and deleted
// again; nothing else is changed (no stack, bucket object or artifact is left
// behind).
//
// Artifacts: every package has a new artifact folder, so the new template's
// S3 keys differ from the deployed ones for every function. A function or
// layer whose zip has the hash of the deployed object (its x-amz-meta-filesha256)
// gets the deployed key back, so it shows no change; one whose code is new
// keeps the new key (nothing is uploaded: CloudFormation does not read the
// code to plan a change set) and is listed as modified with its new code hash.
// A template over CloudFormation's 51,200-byte TemplateBody limit is put in the
// deployment bucket under "<prefix>/<service>/<stage>/sls-diff-<token>/" (not
// a deployment folder: `deploy` and `deploy list` skip it) and deleted after.
#pragma once
#include <functional>
#include <map>
#include <string>

#include "aws/api/client.h"
#include "aws/deploy/target.h"
#include "aws/ops/change_set.h"
#include "util/json.h"

namespace sls::aws::ops {

struct ArtifactPlan {
  Json template_to_plan;                         // the compiled template, unchanged artifacts on their deployed keys
  std::map<std::string, std::string> new_code;  // logical id -> base64 SHA-256 of a new zip
};

// `deployed_hash(resource logical id, deployed S3 key)` answers the filesha256 of a
// deployed artifact ("" when unknown). The local hashes are those a deploy would
// upload with (deploy::upload_plan); pure apart from reading the package.
ArtifactPlan plan_artifacts(const deploy::Package& package, const Json& deployed_template,
                            const std::function<std::string(const std::string&, const std::string&)>& deployed_hash);

// Every resource of the template as an addition (no stack yet).
DiffReport additions_only(const std::string& stack_name, const Json& compiled_template,
                          const std::map<std::string, std::string>& new_code);

// Fills in what moto's change sets lack (Details: property paths from the two
// templates) and the new code hashes.
void complete_changes(DiffReport& report, const Json& deployed_template, const Json& planned_template,
                      const std::map<std::string, std::string>& new_code);

DiffReport diff_service(const api::AwsContext& ctx, const deploy::Target& target, const deploy::Package& package,
                        const deploy::Reporter& reporter);

}  // namespace sls::aws::ops
