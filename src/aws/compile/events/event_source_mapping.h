// What osls's event-source-mapping compilers (sqs, stream, kafka, msk,
// activemq, rabbitmq) build alike: the mapping's DependsOn, its FilterCriteria,
// and the statements they add to the shared role.
#pragma once
#include <initializer_list>
#include <string>

#include "aws/compile/events/registry.h"
#include "util/json.h"

namespace sls::compile::events {

// [<the function's role resource>, <its target alias>], each only when there is one.
Json mapping_depends_on(const PackageContext& ctx, const std::string& fn);

// {"Filters": [{"Pattern": JSON.stringify(pattern)}, ...]} of a filterPatterns list.
Json filter_criteria(const Json& patterns);

// {"Effect": "Allow", "Action": [...], "Resource": resources}.
Json allow(std::initializer_list<const char*> actions, Json resources);

// Appends allow(actions, resources) to the shared role when `resources` is not
// empty (osls pushes a statement only when it collected a resource).
void add_role_statement_if_any(PackageContext& ctx, std::initializer_list<const char*> actions,
                               Json resources);

// osls's filterPatterns definition: a list of 1 to 10 objects.
void check_filter_patterns(config::schema::Checker& c, Json& value, const config::schema::Path& path);

}  // namespace sls::compile::events
