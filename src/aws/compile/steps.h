// The AWS compile steps of `sls package`, in lifecycle order. Each step reads
// the resolved config in ctx.service.config and adds to ctx's templates.
#pragma once
#include "package/context.h"

namespace sls::compile {

// package:initialize -- the core template (deployment bucket, its policy, the
// bucket-name output) into both ctx.create_template and ctx.template_.
void generate_core_template(PackageContext& ctx);

// package:setupProviderConfiguration -- log groups, the shared IAM role and its policies.
void merge_iam_templates(PackageContext& ctx);

// before:package:compileFunctions -- ctx.artifact_directory_name.
void generate_artifact_directory_name(PackageContext& ctx);
// "<ms>-<YYYY-MM-DDTHH:MM:SS.mmmZ>": the deployment's folder under <prefix>/<service>/<stage>/.
std::string deployment_directory(int64_t ms);

// package:compileFunctions -- AWS::Lambda::Function, versions, qualified-ARN outputs.
void compile_functions(PackageContext& ctx);

// package:compileLayers -- AWS::Lambda::LayerVersion and its outputs.
void compile_layers(PackageContext& ctx);

// package:finalize steps, in order.
void add_export_name_for_outputs(PackageContext& ctx);
void merge_custom_provider_resources(PackageContext& ctx);  // the `resources:` block
void strip_null_props_from_template_resources(PackageContext& ctx);

}  // namespace sls::compile
