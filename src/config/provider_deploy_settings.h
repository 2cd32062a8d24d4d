// osls 4.3.1's schema for the provider settings its after-deploy steps read:
// deletionProtection (boolean, or {stages: [stage, ...]}) and
// pruneFunctionVersions (boolean, or {number: integer >= 1}).
#pragma once
#include "config/schema_checks.h"

namespace sls::config {

void check_provider_deploy_settings(schema::Checker& c, Json& provider);

}  // namespace sls::config
