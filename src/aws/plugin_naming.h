// osls's naming helpers (provider.naming.*) as npm plugins call them through
// the plugin bridge: each answered by sls's own logical-id code (aws/naming.h),
// so a plugin's IDs match the ones sls writes.
#pragma once
#include <string>

#include "config/service.h"
#include "util/json.h"

namespace sls::aws {

// The result of naming.<fn>(...args) for `service`; throws UserError for a
// helper sls does not provide (the plugin sees the message).
Json plugin_naming(const Service& service, const std::string& fn, const Json& args);

}  // namespace sls::aws
