// osls's schema of provider.alb (aws/provider.js defineProvider): the target
// group prefix and the cognito / oidc authorizers of `alb` events.
#pragma once
#include "config/schema_checks.h"

namespace sls::config {

void check_provider_alb(schema::Checker& c, Json& alb, const schema::Path& path);

}  // namespace sls::config
