// The `resources:` section against osls's schema: `Resources` is a mapping of
// logical ids to resource objects, each with a string `Type` (CloudFormation
// rejects a resource without one only at deploy time; osls at package time).
#pragma once
#include "config/schema_checks.h"

namespace sls::config::schema {

void check_resources(Checker& c, Json& resources);

}  // namespace sls::config::schema
