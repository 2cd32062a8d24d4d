// The parameters of osls's CloudFormation stack actions, as SDK-style JSON
// (the shape osls builds in get-shared-stack-action-params and friends), and
// sending them over the Query protocol.
#pragma once
#include <string>

#include "aws/api/client.h"
#include "aws/api/query.h"
#include "aws/deploy/target.h"
#include "util/json.h"

namespace sls::aws::deploy {

// "https://s3.amazonaws.com" style endpoint host of the template URL (osls's getS3EndpointForRegion).
std::string s3_endpoint_for_region(const std::string& region);
std::string template_url(const std::string& region, const std::string& bucket, const std::string& artifact_dir);

struct TemplateSource {
  std::string url;               // one of url / body
  const Json* body = nullptr;
  bool has_transform = false;    // the template declares Transform: add CAPABILITY_AUTO_EXPAND
};

// StackName, Capabilities, Parameters, Tags (STAGE + stackTags), TemplateBody/URL, RoleARN, NotificationARNs.
Json shared_stack_params(const Target& target, const TemplateSource& source);
Json create_change_set_params(const Target& target, const TemplateSource& source, const std::string& type);
Json create_stack_params(const Target& target, const TemplateSource& source);
Json update_stack_params(const Target& target, const TemplateSource& source);
Json execute_change_set_params(const Target& target);
std::string change_set_name(const Target& target);  // "<stack>-change-set"
bool changesets_method(const Json& provider);       // deploymentMethod is not "direct"

// {"A": "x", "B": ["p"], "C": [{"K": "v"}]} -> A=x&B.member.1=p&C.member.1.K=v
api::QueryParams to_query(const Json& params);
api::QueryReply cfn_call(const api::AwsContext& ctx, const std::string& action, const Json& params);

// A CloudFormation call that changes something (CreateStack, UpdateStack,
// DeleteStack, CreateChangeSet, ExecuteChangeSet): never sent once the user
// pressed Ctrl-C (Interrupted names the step that was not started), and sent
// with a fresh idempotency token (ClientToken for CreateChangeSet,
// ClientRequestToken otherwise) that the retries of this one call share, so a
// retry after a lost reply cannot act twice.
api::QueryReply cfn_mutate(const api::AwsContext& ctx, const std::string& action, Json params,
                           const Reporter& reporter);

// "sls-" and 32 random hex digits: a valid CloudFormation client token.
std::string client_token();

// Throws Interrupted("Interrupted before <step>: ...") once the user pressed Ctrl-C.
void stop_if_cancelled(const Reporter& reporter, const std::string& step);

}  // namespace sls::aws::deploy
