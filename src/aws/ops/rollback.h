// `sls rollback --timestamp T` and `sls rollback function -f F --function-version N`
// (osls's aws/rollback.js and rollback-function.js).
//
// rollback: finds the deployment directory "<ms>-<ISO time>" of T in the
// deployment bucket and updates the stack with the template uploaded there
// (its TemplateURL; the artifacts it names are still in that directory), with
// the stack parameters of the current configuration, as osls does.
// rollback function: GetFunction of version N, downloads its code from
// Code.Location and sends it as the function's code (UpdateFunctionCode).
#pragma once
#include <optional>
#include <string>

#include "aws/api/client.h"
#include "aws/deploy/target.h"

namespace sls::aws::ops {

// JavaScript's `new Date(text)` for what users give as --timestamp: ISO 8601
// (date only: UTC; date and time without offset: local time, as JavaScript
// reads them), else Number(text) as epoch milliseconds. nullopt when invalid.
std::optional<long long> parse_timestamp_ms(const std::string& text);

// True when the stack changed; false for "No updates to be performed".
bool rollback_service(const api::AwsContext& ctx, const deploy::Target& target, const std::string& timestamp,
                      const deploy::Reporter& reporter);

struct RollbackFunctionInput {
  std::string function;       // the key under functions:
  std::string deployed_name;  // its Lambda name
  std::string version;        // --function-version
  bool durable = false;       // functions.<F>.durableConfig is set
};

void rollback_function(const api::AwsContext& ctx, const RollbackFunctionInput& in);

}  // namespace sls::aws::ops
