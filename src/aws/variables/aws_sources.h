// The variable sources that need AWS, with osls 4.3.1 semantics:
//   ${aws:accountId}            STS GetCallerIdentity
//   ${ssm(region?,raw?,noDecrypt?):/name}  SSM GetParameter (decrypted unless
//                               noDecrypt; StringList -> array unless raw;
//                               SecureString holding a JSON object, e.g.
//                               /aws/reference/secretsmanager/..., -> object)
//   ${cf(region?):stack.Output} CloudFormation DescribeStacks outputs
//   ${s3:bucket/key}            S3 GetObject body as a string
// Missing parameters / stacks / outputs / keys give null so fallbacks apply;
// any other AWS error (access denied, missing bucket, ...) is a hard error.
#pragma once
#include "aws/api/env.h"
#include "aws/api/http.h"
#include "aws/api/retry.h"
#include "config/load_service.h"

namespace sls::aws::variables {

struct AwsVariableOptions {
  api::EnvLookup env = api::process_env();  // credentials and endpoint overrides
  api::HttpOptions http;
  api::RetryOptions retry;
};

// A config::AwsVariableSource for load_service. The HTTP client, credentials
// and contexts are created on the first call; results are cached per
// (source, address) for the life of the returned function and its copies.
config::AwsVariableSource make_aws_variable_source(AwsVariableOptions options = {});

}  // namespace sls::aws::variables
