// The `msk` event (osls events/msk): its schema, and per event one
// AWS::Lambda::EventSourceMapping on an Amazon MSK cluster's topic; per
// function, the cluster statement and the EC2 network statement.
#include "aws/compile/events/common.h"
#include "aws/compile/events/event_source_mapping.h"
#include "aws/compile/events/registry.h"
#include "aws/naming.h"
#include "util/error.h"
#include "util/js_like.h"

namespace sls::compile::events {
namespace {

const std::vector<std::string_view> kMskProperties = {
    "arn", "batchSize", "maximumBatchingWindow", "enabled", "startingPosition", "startingPositionTimestamp",
    "topic", "saslScram512", "consumerGroupId", "filterPatterns", "provisionedPollerConfig"};

std::string text(const Json* v) { return v && v->is_string() ? v->get<std::string>() : std::string(); }

// The cluster's name as osls takes it from the ARN: Fn::ImportValue, Ref, or
// what follows "cluster/".
std::string cluster_name_token(const Event& e, const Json& arn) {
  if (const Json* import = js::get_truthy(arn, "Fn::ImportValue")) return text(import);
  if (const Json* ref = js::get_truthy(arn, "Ref")) return text(ref);
  if (arn.is_string()) {
    const std::string& s = arn.get_ref<const std::string&>();
    if (size_t slash = s.find('/'); slash != std::string::npos) return s.substr(slash + 1, s.find('/', slash + 1) - slash - 1);
  }
  event_error(e, "cannot derive the cluster's name from \"arn\" (an MSK cluster ARN, Ref or Fn::ImportValue)",
              "MSK_INVALID_ARN");
}

Json mapping_properties(const PackageContext& ctx, const Event& e) {
  const Json& body = *e.body;
  const Json* position = option(e, "startingPosition");
  const Json* timestamp = js::get_non_null(body, "startingPositionTimestamp");
  if (position && *position == Json("AT_TIMESTAMP") && !timestamp)
    throw UserError("You must specify startingPositionTimestamp for function: " + e.function +
                        " when startingPosition is AT_TIMESTAMP. (" + e.path() + ")",
                    "FUNCTION_MSK_STARTING_POSITION_TIMESTAMP_INVALID");
  Json p = Json::object();
  p["EventSourceArn"] = js::get(body, "arn") ? body["arn"] : Json();
  p["FunctionName"] = lambda_target(ctx, e.function);
  p["StartingPosition"] = position ? *position : Json("TRIM_HORIZON");
  p["Topics"] = Json::array({js::get(body, "topic") ? body["topic"] : Json()});
  const Json* v = nullptr;
  if (timestamp) p["StartingPositionTimestamp"] = *timestamp;
  if ((v = option(e, "batchSize"))) p["BatchSize"] = *v;
  if ((v = option(e, "maximumBatchingWindow"))) p["MaximumBatchingWindowInSeconds"] = *v;
  if ((v = option(e, "consumerGroupId"))) p["AmazonManagedKafkaEventSourceConfig"] = {{"ConsumerGroupId", *v}};
  if ((v = js::get_non_null(body, "enabled"))) p["Enabled"] = *v;
  if ((v = js::get_non_null(body, "saslScram512")))
    p["SourceAccessConfigurations"] = Json::array({{{"Type", "SASL_SCRAM_512_AUTH"}, {"URI", *v}}});
  if ((v = option(e, "filterPatterns"))) p["FilterCriteria"] = filter_criteria(*v);
  if ((v = option(e, "provisionedPollerConfig"))) {
    Json pollers = Json::object();
    if (const Json* min = js::get_non_null(*v, "minimumPollers")) pollers["MinimumPollers"] = *min;
    if (const Json* max = js::get_non_null(*v, "maximumPollers")) pollers["MaximumPollers"] = *max;
    p["ProvisionedPollerConfig"] = std::move(pollers);
  }
  return p;
}

}  // namespace

void check_msk(Checker& c, Json& msk, const Path& path) {
  if (!c.object(msk, path)) return;
  c.known_properties(msk, path, kMskProperties);
  c.required(msk, path, "arn");
  c.required(msk, path, "topic");
  if (Json* v = present(msk, "arn"); v && !is_ref_or_import(*v)) {
    if (v->is_object()) c.add(join(path, "arn"), "must be an ARN string, {\"Ref\": ...} or {\"Fn::ImportValue\": ...}");
    else check_arn_string(c, *v, join(path, "arn"));
  }
  if (Json* v = present(msk, "batchSize")) check_number(c, *v, join(path, "batchSize"), 1, 10000);
  if (Json* v = present(msk, "maximumBatchingWindow")) check_number(c, *v, join(path, "maximumBatchingWindow"), 0, 300);
  if (Json* v = present(msk, "enabled")) c.boolean(*v, join(path, "enabled"));
  if (Json* v = present(msk, "startingPosition"))
    c.one_of(*v, join(path, "startingPosition"), {"LATEST", "TRIM_HORIZON", "AT_TIMESTAMP"});
  if (Json* v = present(msk, "startingPositionTimestamp")) c.number(*v, join(path, "startingPositionTimestamp"));
  if (Json* v = present(msk, "topic")) c.string(*v, join(path, "topic"));
  if (Json* v = present(msk, "saslScram512")) check_arn_string(c, *v, join(path, "saslScram512"));
  if (Json* v = present(msk, "consumerGroupId")) c.string(*v, join(path, "consumerGroupId"), 0, 200);
  if (Json* v = present(msk, "filterPatterns")) check_filter_patterns(c, *v, join(path, "filterPatterns"));
  if (Json* v = present(msk, "provisionedPollerConfig")) {
    const Path pp = join(path, "provisionedPollerConfig");
    if (c.object(*v, pp)) {
      if (Json* n = present(*v, "minimumPollers")) c.integer(*n, join(pp, "minimumPollers"), 1, 1000);
      if (Json* n = present(*v, "maximumPollers")) c.integer(*n, join(pp, "maximumPollers"), 1, 1000);
    }
  }
}

void compile_msk(PackageContext& ctx, const Events& events) {
  for (const Events& function_events : by_function(events)) {
    Json clusters = Json::array();
    for (const Event& e : function_events) {
      Json props = mapping_properties(ctx, e);
      const std::string id = naming::msk_event_logical_id(e.function, cluster_name_token(e, props["EventSourceArn"]),
                                                          text(js::get(*e.body, "topic")));
      clusters.push_back(props["EventSourceArn"]);
      ctx.resources()[id] = mapping_resource(ctx, e.function, std::move(props));
    }
    if (add_role_statement(ctx, allow({"kafka:DescribeCluster", "kafka:GetBootstrapBrokers"}, std::move(clusters))))
      add_role_statement(ctx, ec2_network_statement());
  }
}

}  // namespace sls::compile::events
