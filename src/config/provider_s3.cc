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

// The inner shape of the bucket properties most services set (osls's schema, in part).
struct Inner {
  std::string_view property;
  std::vector<std::string_view> known;
  std::vector<std::string_view> required;
  std::string_view enum_key;                 // a key whose value is one of `enum_values`
  std::vector<std::string_view> enum_values;
};

const Inner kInner[] = {
    {"accelerateConfiguration", {"AccelerationStatus"}, {"AccelerationStatus"}, "AccelerationStatus", {"Enabled", "Suspended"}},
    {"versioningConfiguration", {"Status"}, {"Status"}, "Status", {"Enabled", "Suspended"}},
    {"bucketEncryption", {"ServerSideEncryptionConfiguration"}, {"ServerSideEncryptionConfiguration"}, {}, {}},
    {"corsConfiguration", {"CorsRules"}, {"CorsRules"}, {}, {}},
    {"lifecycleConfiguration", {"Rules"}, {"Rules"}, {}, {}},
    {"loggingConfiguration", {"DestinationBucketName", "LogFilePrefix"}, {}, {}, {}},
    {"notificationConfiguration", {"LambdaConfigurations", "QueueConfigurations", "TopicConfigurations"}, {}, {}, {}},
    {"objectLockConfiguration", {"ObjectLockEnabled", "Rule"}, {}, {}, {}},
    {"publicAccessBlockConfiguration",
     {"BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"}, {}, {}, {}},
    {"replicationConfiguration", {"Role", "Rules"}, {"Role", "Rules"}, {}, {}},
    {"websiteConfiguration", {"ErrorDocument", "IndexDocument", "RedirectAllRequestsTo", "RoutingRules"}, {}, {}, {}},
};

void check_inner(Checker& c, Json& v, const Path& path, const Inner& spec) {
  if (!v.is_object()) return;
  c.known_properties(v, path, spec.known);
  for (std::string_view key : spec.required) c.required(v, path, key);
  if (!spec.enum_key.empty())
    if (Json* e = present(v, spec.enum_key)) c.one_of(*e, join(path, spec.enum_key), spec.enum_values);
  if (spec.property == "publicAccessBlockConfiguration")
    for (std::string_view key : spec.known)
      if (Json* b = present(v, key)) c.boolean(*b, join(path, key));
}

// tags: a list of {Key, Value} strings.
void check_tags(Checker& c, Json& tags, const Path& path) {
  if (!tags.is_array()) return;
  for (size_t i = 0; i < tags.size(); ++i) {
    Json& tag = tags[i];
    const Path tp = join(path, i);
    if (!tag.is_object()) continue;
    c.known_properties(tag, tp, {"Key", "Value"});
    for (const char* key : {"Key", "Value"}) {
      c.required(tag, tp, key);
      if (Json* s = present(tag, key)) c.string(*s, join(tp, key));
    }
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
    const Path pp = join(path, p.name);
    check_property(c, *v, pp, p.shape);
    for (const Inner& spec : kInner)
      if (spec.property == p.name) check_inner(c, *v, pp, spec);
    if (p.name == "tags") check_tags(c, *v, pp);
  }
}

}  // namespace

void check_provider_s3(Checker& c, Json& s3, const Path& path) {
  if (!c.object(s3, path)) return;
  for (auto& [key, bucket] : s3.items()) check_bucket(c, bucket, join(path, key));
}

}  // namespace sls::config
