#include "config/provider_s3.h"

#include <string_view>

#include "config/patterns.h"

namespace sls::config {
namespace {

using schema::Checker;
using schema::Path;
using schema::is_cf_intrinsic;
using schema::join;
using schema::present;

enum class Shape { kObject, kList, kString, kBoolean, kBucketName };

struct Property {
  std::string_view name;
  Shape shape;
};

// osls 4.3.1's bucket properties and the type of each.
constexpr Property kBucketProperties[] = {
    {"accelerateConfiguration", Shape::kObject}, {"accessControl", Shape::kString},
    {"analyticsConfigurations", Shape::kList},   {"bucketEncryption", Shape::kObject},
    {"bucketName", Shape::kBucketName},          {"corsConfiguration", Shape::kObject},
    {"inventoryConfigurations", Shape::kList},   {"lifecycleConfiguration", Shape::kObject},
    {"loggingConfiguration", Shape::kObject},    {"metricsConfigurations", Shape::kList},
    {"name", Shape::kBucketName},                {"notificationConfiguration", Shape::kObject},
    {"objectLockConfiguration", Shape::kObject}, {"objectLockEnabled", Shape::kBoolean},
    {"publicAccessBlockConfiguration", Shape::kObject}, {"replicationConfiguration", Shape::kObject},
    {"tags", Shape::kList},                      {"versioningConfiguration", Shape::kObject},
    {"websiteConfiguration", Shape::kObject},
};

void check_bucket_name(Checker& c, Json& v, const Path& path) {
  if (!c.string(v, path)) return;
  const std::string& s = v.get_ref<const std::string&>();
  if (s.size() < 3) c.add(path, "must NOT have fewer than 3 characters");
  else if (s.size() > 63) c.add(path, "must NOT have more than 63 characters");
  else c.pattern(v, path, patterns::is_s3_bucket_name, patterns::kS3BucketNamePattern);
}

void check_property(Checker& c, Json& v, const Path& path, Shape shape) {
  switch (shape) {
    case Shape::kObject: c.object(v, path); break;
    case Shape::kList:
      if (c.list(v, path))
        for (size_t i = 0; i < v.size(); ++i) c.object(v[i], join(path, i));
      break;
    case Shape::kString: c.string(v, path); break;
    case Shape::kBoolean: c.boolean(v, path); break;
    case Shape::kBucketName: check_bucket_name(c, v, path); break;
  }
}

void check_bucket(Checker& c, Json& bucket, const Path& path) {
  if (!c.object(bucket, path)) return;
  static const std::vector<std::string_view> kNames = [] {
    std::vector<std::string_view> names;
    for (const Property& p : kBucketProperties) names.push_back(p.name);
    return names;
  }();
  c.known_properties(bucket, path, kNames);
  for (const Property& p : kBucketProperties) {
    Json* v = present(bucket, p.name);
    if (!v || (p.shape != Shape::kBucketName && is_cf_intrinsic(*v))) continue;
    check_property(c, *v, join(path, p.name), p.shape);
  }
}

}  // namespace

void check_provider_s3(Checker& c, Json& s3, const Path& path) {
  if (!c.object(s3, path)) return;
  for (auto& [key, bucket] : s3.items()) check_bucket(c, bucket, join(path, key));
}

}  // namespace sls::config
