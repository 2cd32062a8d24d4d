// provider.cloudFront: the cache policies `cloudFront` events may refer to by
// name (osls's aws/provider.js defineProvider, its `cloudFront` property).
#pragma once
#include "config/schema_checks.h"

namespace sls::config {

// Each policy an AWS::CloudFront::CachePolicy CachePolicyConfig without Name:
// TTLs, and the cookies, headers and query strings of the cache key.
void check_provider_cloud_front(schema::Checker& c, Json& cloud_front, const schema::Path& path);

}  // namespace sls::config
