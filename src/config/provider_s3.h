// provider.s3: the buckets `s3` events may refer to by key (osls's
// events/s3/config-schema.js, the provider schema's `s3` property).
#pragma once
#include "config/schema_checks.h"

namespace sls::config {

// Each bucket an object of the properties osls knows, with their basic
// shapes (name and bucketName S3 bucket names, lists, objects, booleans).
void check_provider_s3(schema::Checker& c, Json& s3, const schema::Path& path);

}  // namespace sls::config
