// The `s3` event (osls events/s3/index.js): its schema, and the buckets the
// events create. All events on one bucket (across functions) become one
// AWS::S3::Bucket whose NotificationConfiguration lists them in config order;
// a bucket named in provider.s3 takes its properties from there. Each
// function gets one AWS::Lambda::Permission per bucket. `existing: true`
// buckets go through osls's custom resource (Custom::S3, one per function,
// events/existing_targets.h) and the shared custom-resource role.
#include <cctype>
#include <map>

#include "aws/compile/cfn.h"
#include "aws/compile/custom_resources.h"
#include "aws/compile/events/common.h"
#include "aws/compile/events/existing_targets.h"
#include "aws/compile/events/registry.h"
#include "aws/naming.h"
#include "config/patterns.h"
#include "util/error.h"
#include "util/js_like.h"
#include "util/js_order.h"

namespace sls::compile::events {
namespace {

using config::schema::is_cf_intrinsic;

// One event on a bucket the stack creates.
struct Notification {
  std::string function;
  std::string bucket_ref;  // the event's `bucket` (a provider.s3 key or a bucket name)
  std::string bucket;      // the bucket's name
  Json configuration;      // {Event, Function[, Filter]}
};

// A provider.s3 bucket the events use: its config key and its logical id.
struct ProviderBucket {
  std::string ref;
  std::string logical_id;
};

const Json& provider_s3(const PackageContext& ctx) {
  static const Json kEmpty = Json::object();
  const Json* s3 = js::get(ctx.provider(), "s3");
  return s3 && s3->is_object() ? *s3 : kEmpty;
}

std::string text_of(const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

Json filter_of(const Json& rules) {
  Json list = Json::array();
  for (const Json& rule : rules) {
    Json r = Json::object();
    if (rule.is_object() && !rule.empty()) {
      r["Name"] = rule.begin().key();
      r["Value"] = rule.begin().value();
    }
    list.push_back(std::move(r));
  }
  return {{"Filter", {{"S3Key", {{"Rules", std::move(list)}}}}}};
}

Notification parse(const PackageContext& ctx, const Event& e, std::map<std::string, ProviderBucket>& meta) {
  Notification n{e.function, {}, {}, Json::object()};
  std::string event = "s3:ObjectCreated:*";
  Json filter = Json::object();
  if (e.body->is_object()) {
    const Json* bucket = js::get(*e.body, "bucket");
    if (bucket && bucket->is_object())
      throw UserError(
          "When specifying \"s3.bucket\" with CloudFormation intrinsic function, you need to specify that the "
          "bucket is existing via \"existing: true\" property.",
          "S3_INVALID_NEW_BUCKET_FORMAT");
    n.bucket_ref = bucket ? text_of(*bucket) : "undefined";
    if (const Json* v = option(e, "event")) event = text_of(*v);
    if (const Json* rules = option(e, "rules"); rules && rules->is_array()) filter = filter_of(*rules);
  } else {
    n.bucket_ref = text_of(*e.body);
  }
  const Json& providers = provider_s3(ctx);
  if (const Json* conf = js::get(providers, n.bucket_ref)) {
    const Json* name = conf->is_object() ? js::get_truthy(*conf, "name") : nullptr;
    n.bucket = name ? text_of(*name) : n.bucket_ref;
    meta[n.bucket] = {n.bucket_ref, naming::bucket_logical_id(n.bucket_ref)};
  } else {
    n.bucket = n.bucket_ref;
  }
  if (!config::patterns::is_s3_bucket_name(n.bucket))
    throw UserError(n.bucket + " - Bucket name must conform to pattern " +
                        std::string(config::patterns::kS3BucketNamePattern) + ". Please check provider.s3." +
                        n.bucket_ref + " and/or s3 events of function \"" + e.function + "\".",
                    "S3_INVALID_BUCKET_PATTERN");
  n.configuration["Event"] = event;
  n.configuration["Function"] = lambda_target(ctx, e.function);
  js::shallow_assign(n.configuration, filter);
  return n;
}

// The bucket's properties from provider.s3.<ref>: keys upper-first, without `name`.
Json provider_properties(const PackageContext& ctx, const std::string& ref) {
  Json conf = Json::object();
  const Json* bucket = js::get(provider_s3(ctx), ref);
  if (!bucket || !bucket->is_object()) return conf;
  for (const auto& [key, value] : bucket->items())
    if (key != "name" && !js::is_unsafe_key(naming::normalize_name(key))) conf[naming::normalize_name(key)] = value;
  return conf;
}

std::string permission_id(const Notification& n, const std::map<std::string, ProviderBucket>& meta) {
  auto m = meta.find(n.bucket);
  return naming::lambda_s3_permission_logical_id(n.function, m != meta.end() ? m->second.ref : n.bucket);
}

Json bucket_resource(const PackageContext& ctx, const std::string& bucket, Json configurations,
                     const std::vector<const Notification*>& on_bucket,
                     const std::map<std::string, ProviderBucket>& meta) {
  Json conf = Json::object();
  if (auto m = meta.find(bucket); m != meta.end()) conf = provider_properties(ctx, m->second.ref);
  Json notification = {{"LambdaConfigurations", std::move(configurations)}};
  if (auto provided = conf.find("NotificationConfiguration"); provided != conf.end()) {
    if (provided->is_object()) js::shallow_assign(notification, *provided);
    conf.erase("NotificationConfiguration");
  }
  Json props = Json::object();
  props["BucketName"] = bucket;
  props["NotificationConfiguration"] = std::move(notification);
  js::shallow_assign(props, conf);
  Json depends_on = Json::array();
  for (const Notification* n : on_bucket) {
    depends_on.push_back(permission_id(*n, meta));
    if (std::string alias = lambda_target_alias(ctx, n->function); !alias.empty()) depends_on.push_back(alias);
  }
  Json resource = cfn::resource("AWS::S3::Bucket", std::move(props));
  resource["DependsOn"] = std::move(depends_on);
  return resource;
}

Json permission_resource(const PackageContext& ctx, const Notification& n) {
  Json resource = {{"Type", "AWS::Lambda::Permission"}};
  if (std::string alias = lambda_target_alias(ctx, n.function); !alias.empty()) resource["DependsOn"] = alias;
  Json props = Json::object();
  props["FunctionName"] = lambda_target(ctx, n.function);
  props["Action"] = "lambda:InvokeFunction";
  props["Principal"] = "s3.amazonaws.com";
  props["SourceArn"] = cfn::join("", {"arn:", cfn::ref("AWS::Partition"), ":s3:::" + n.bucket});
  props["SourceAccount"] = cfn::ref("AWS::AccountId");
  resource["Properties"] = std::move(props);
  return resource;
}

void check_rules(Checker& c, Json& rules, const Path& path) {
  if (!c.list(rules, path)) return;
  for (size_t i = 0; i < rules.size(); ++i) {
    Json& rule = rules[i];
    const Path rp = join(path, i);
    if (!c.object(rule, rp)) continue;
    c.known_properties(rule, rp, {"prefix", "suffix"});
    if (rule.size() > 1) c.add(rp, "must NOT have more than 1 properties");
    for (const char* key : {"prefix", "suffix"})
      if (Json* v = present(rule, key); v && !is_cf_intrinsic(*v)) c.string(*v, join(rp, key));
  }
}

// osls's Rules of a BucketConfig: [{"Prefix": v}, {"Suffix": v}] (keys start-cased).
Json existing_rules(const Json* rules) {
  Json out = Json::array();
  if (!rules || !rules->is_array()) return out;
  for (const Json& rule : *rules) {
    Json r = Json::object();
    if (rule.is_object() && !rule.empty()) {
      std::string key = rule.begin().key();
      if (!key.empty()) key[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(key[0])));
      r[key] = rule.begin().value();
    }
    out.push_back(std::move(r));
  }
  return out;
}

const ExistingTargetKind kExistingBucket{"Custom::S3",
                                         custom_resources::existing_s3(),
                                         naming::custom_s3_resource_logical_id,
                                         "BucketName",
                                         "BucketConfigs",
                                         "S3 Bucket",
                                         "S3_MULTIPLE_BUCKETS_PER_FUNCTION"};

// osls's existingS3Buckets: the Custom::S3 resources, the role statements
// (per function, its bucket's notification; then adding Lambda permissions)
// and the handler.
void compile_existing(PackageContext& ctx, const std::vector<const Event*>& events) {
  ExistingTargets targets(kExistingBucket);
  Json statements = Json::array();
  for (const Event* e : events) {
    const Json* given = js::get(*e->body, "bucket");
    const Json bucket = given ? *given : Json();
    const Json* event = js::get_truthy(*e->body, "event");
    Json config = {{"Event", event ? *event : Json("s3:ObjectCreated:*")}, {"Rules", existing_rules(js::get(*e->body, "rules"))}};
    if (targets.add(ctx, *e, bucket, std::move(config), js::truthy(js::get(*e->body, "forceDeploy"))))
      statements.push_back(
          {{"Effect", "Allow"},
           {"Resource", cfn::join(":", {"arn", cfn::ref("AWS::Partition"), "s3", "", "", bucket})},
           {"Action", Json::array({"s3:PutBucketNotification", "s3:GetBucketNotification"})}});
  }
  if (targets.empty()) return;
  statements.push_back({{"Effect", "Allow"},
                        {"Resource", cfn::join(":", {"arn", cfn::ref("AWS::Partition"), "lambda", cfn::ref("AWS::Region"),
                                                     cfn::ref("AWS::AccountId"), "function", "*"})},
                        {"Action", Json::array({"lambda:AddPermission", "lambda:RemovePermission"})}});
  targets.finish(ctx);
  custom_resources::add_to_service(ctx, custom_resources::existing_s3(), statements);
}

}  // namespace

void check_s3(Checker& c, Json& s3, const Path& path) {
  if (s3.is_string()) return;
  if (!s3.is_object()) {
    c.add(path, "must be a bucket name or an object with \"bucket\", got " + describe(s3));
    return;
  }
  c.known_properties(s3, path, {"bucket", "event", "existing", "forceDeploy", "rules"});
  c.required(s3, path, "bucket");
  if (Json* bucket = present(s3, "bucket"); bucket && !bucket->is_object())
    c.string(*bucket, join(path, "bucket"));
  if (Json* event = present(s3, "event"); event && c.string(*event, join(path, "event"))) {
    const std::string& s = event->get_ref<const std::string&>();
    if (s.size() < 4 || s.compare(0, 3, "s3:") != 0) c.add(join(path, "event"), "must match pattern \"^s3:.+$\"");
  }
  for (const char* flag : {"existing", "forceDeploy"})
    if (Json* v = present(s3, flag)) c.boolean(*v, join(path, flag));
  if (Json* rules = present(s3, "rules")) check_rules(c, *rules, join(path, "rules"));
}

void compile_s3(PackageContext& ctx, const Events& events) {
  std::vector<Notification> created;
  std::map<std::string, ProviderBucket> meta;  // by bucket name
  std::vector<const Event*> existing;
  for (const Event& e : events) {
    if (e.body->is_object() && option(e, "existing"))
      existing.push_back(&e);
    else
      created.push_back(parse(ctx, e, meta));
  }
  // Buckets keyed by name, in JavaScript key order.
  Json by_bucket = Json::object();
  std::vector<std::vector<const Notification*>> groups;
  for (const Notification& n : created) {
    auto it = by_bucket.find(n.bucket);
    if (it == by_bucket.end()) {
      by_bucket[n.bucket] = groups.size();
      groups.emplace_back();
      groups.back().push_back(&n);
    } else {
      groups[it->get<size_t>()].push_back(&n);
    }
  }
  Json& resources = ctx.resources();
  const auto& names = by_bucket.get_ref<const Json::object_t&>();
  for (size_t pos : js::key_order(names)) {
    const auto& [bucket, index] = *(names.begin() + static_cast<std::ptrdiff_t>(pos));
    const auto& on_bucket = groups[index.get<size_t>()];
    Json configurations = Json::array();
    for (const Notification* n : on_bucket) configurations.push_back(n->configuration);
    auto m = meta.find(bucket);
    std::string id = m != meta.end() ? m->second.logical_id : naming::bucket_logical_id(bucket);
    resources[id] = bucket_resource(ctx, bucket, std::move(configurations), on_bucket, meta);
  }
  for (const Notification& n : created) resources[permission_id(n, meta)] = permission_resource(ctx, n);
  compile_existing(ctx, existing);
}

}  // namespace sls::compile::events
