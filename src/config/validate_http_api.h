// osls's provider schema for HTTP APIs (provider.httpApi, provider.logs.httpApi)
// and the function-level `httpApi` block, checked by config/validate.
#pragma once
#include "config/schema_checks.h"

namespace sls::config {

// provider.httpApi and provider.logs.httpApi of `provider` (an object).
void check_provider_http_api(schema::Checker& c, Json& provider);
// functions.<fn>.httpApi: {payload: "1.0" | "2.0"}.
void check_function_http_api(schema::Checker& c, Json& fn, const schema::Path& path);

}  // namespace sls::config
