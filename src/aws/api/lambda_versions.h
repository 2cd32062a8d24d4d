// Lambda function versions, aliases and layer versions over REST-JSON
// (2015-03-31 API): the listing (every page, following NextMarker) and the
// deletions prune needs.
#pragma once
#include <string>
#include <vector>

#include "aws/api/client.h"

namespace sls::aws::api::lambda {

struct AliasInfo {
  std::string name;
  std::string function_version;                 // "3"
  std::vector<std::string> additional_versions;  // RoutingConfig.AdditionalVersionWeights keys
};

// Versions of a function ("$LATEST" included, as Lambda lists it); empty when
// the function does not exist (404).
std::vector<std::string> list_versions_by_function(const AwsContext& ctx, const std::string& function_name);
std::vector<AliasInfo> list_aliases(const AwsContext& ctx, const std::string& function_name);
// Version numbers of a layer; empty when the layer does not exist.
std::vector<long long> list_layer_versions(const AwsContext& ctx, const std::string& layer_name);

// DeleteFunction with a Qualifier: removes one published version.
void delete_function_version(const AwsContext& ctx, const std::string& function_name, const std::string& version);
void delete_layer_version(const AwsContext& ctx, const std::string& layer_name, long long version);

}  // namespace sls::aws::api::lambda
