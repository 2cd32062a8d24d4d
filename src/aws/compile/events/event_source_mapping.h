// What osls's event-source-mapping compilers (sqs, stream, kafka, msk,
// activemq, rabbitmq) build alike: the mapping resource with its DependsOn, its
// FilterCriteria, the statements they add to the shared role, and the schema
// pieces they share.
#pragma once
#include <initializer_list>
#include <string>
#include <vector>

#include "aws/compile/events/registry.h"
#include "util/json.h"

namespace sls::compile::events {

// {"Type": "AWS::Lambda::EventSourceMapping", "DependsOn": [...], "Properties": properties}, where
// DependsOn lists the function's role resource (osls's resolveFunctionIamRoleResourceName)
// and its target alias, each only when there is one.
Json mapping_resource(const PackageContext& ctx, const std::string& fn, Json properties);

// The events of one type split by function (the dispatcher keeps each function's
// events together): osls collects role statements per function.
std::vector<Events> by_function(const Events& events);

// The EC2 network-interface statement Kafka, MSK and MQ mappings need (Resource "*").
Json ec2_network_statement();

// {"Filters": [{"Pattern": JSON.stringify(pattern)}, ...]} of a filterPatterns list.
Json filter_criteria(const Json& patterns);

// {"Effect": "Allow", "Action": [...], "Resource": resources}.
Json allow(std::initializer_list<const char*> actions, Json resources);

// Appends allow(actions, resources) to the shared role when `resources` is not
// empty (osls pushes a statement only when it collected a resource).
void add_role_statement_if_any(PackageContext& ctx, std::initializer_list<const char*> actions,
                               Json resources);

// A number (ajv "number", coerced) within [min, max].
bool check_number(config::schema::Checker& c, Json& value, const config::schema::Path& path, long long min,
                  long long max);

// osls's awsSecretsManagerArnString: a string containing
// arn:<partition>:secretsmanager:<region>:<account>:secret:<name>.
bool is_secrets_manager_arn(const Json& value);

// An object {"Ref": "<non-empty>"} or {"Fn::ImportValue": ...} and nothing else
// (osls's awsCfRef / awsCfImport).
bool is_ref_or_import(const Json& value);

// osls's filterPatterns definition: a list of 1 to 10 objects.
void check_filter_patterns(config::schema::Checker& c, Json& value, const config::schema::Path& path);

}  // namespace sls::compile::events
