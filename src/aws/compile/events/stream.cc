// The `stream` event (osls events/stream.js): its schema, and per event one
// AWS::Lambda::EventSourceMapping reading a DynamoDB or Kinesis stream (through
// an enhanced fan-out consumer when asked), with on-failure destinations; per
// function, the statements its streams and destinations need on the shared role.
#include <optional>

#include "aws/compile/cfn.h"
#include "aws/compile/events/common.h"
#include "aws/compile/events/event_source_mapping.h"
#include "aws/compile/events/registry.h"
#include "aws/naming.h"
#include "util/error.h"
#include "util/js_like.h"

namespace sls::compile::events {
namespace {

const std::vector<std::string_view> kStreamProperties = {
    "arn", "type", "batchSize", "parallelizationFactor", "startingPosition", "startingPositionTimestamp",
    "enabled", "consumer", "batchWindow", "maximumRetryAttempts", "bisectBatchOnFunctionError",
    "maximumRecordAgeInSeconds", "functionResponseType", "destinations", "tumblingWindowInSeconds",
    "filterPatterns"};

// The ARN's <n>th ":"-separated part ("" when it has fewer).
std::string arn_part(const std::string& arn, size_t n) {
  size_t start = 0;
  for (size_t i = 0; i < n; ++i) {
    start = arn.find(':', start);
    if (start == std::string::npos) return "";
    ++start;
  }
  return arn.substr(start, arn.find(':', start) - start);
}

// An `arn`'s service when it is a string ("dynamodb", "kinesis", "sqs", "sns"), else nullopt.
std::optional<std::string> service_of(const Json& arn) {
  if (!arn.is_string()) return std::nullopt;
  return arn_part(arn.get<std::string>(), 2);
}

// The stream's name as osls derives it from the ARN (string or intrinsic).
std::optional<std::string> stream_name(const Json& arn) {
  if (arn.is_string()) {
    const std::string& s = arn.get_ref<const std::string&>();
    const size_t slash = s.find('/');
    if (slash == std::string::npos) return std::nullopt;
    return s.substr(slash + 1, s.find('/', slash + 1) - slash - 1);
  }
  if (const Json* get_att = js::get(arn, "Fn::GetAtt"))
    return get_att->is_array() && !get_att->empty() && (*get_att)[0].is_string()
               ? std::optional((*get_att)[0].get<std::string>()) : std::nullopt;
  if (const Json* import = js::get(arn, "Fn::ImportValue"))
    return import->is_string() ? std::optional(import->get<std::string>()) : std::nullopt;
  if (const Json* ref = js::get(arn, "Ref"))
    return ref->is_string() ? std::optional(ref->get<std::string>()) : std::nullopt;
  if (const Json* joined = js::get(arn, "Fn::Join")) {
    if (!joined->is_array() || joined->size() != 2 || !(*joined)[1].is_array() || (*joined)[1].empty() ||
        !(*joined)[1].back().is_string())
      return std::nullopt;
    const std::string last = (*joined)[1].back().get<std::string>();
    return last.substr(last.rfind('/') + 1);
  }
  return std::nullopt;
}

// One stream event, parsed with osls's defaults.
struct StreamEvent {
  Json arn;
  std::string type;  // "dynamodb", "kinesis" (or whatever the ARN names)
  std::string name;  // what the logical id is named after
  Json properties;   // the mapping's properties before the consumer is applied
  Json consumer;     // true, a consumer ARN, or null
  Json destination;  // the on-failure destination, or null
  bool destination_is_sns = false;
};

void parse_destination(const Event& e, StreamEvent& s) {
  const Json* destinations = option(e, "destinations");
  if (!destinations) return;
  const Json* on_failure = js::get(*destinations, "onFailure");
  if (on_failure && on_failure->is_object()) {
    if (const Json* arn = js::get(*on_failure, "arn")) s.destination = *arn;
  } else if (on_failure) {
    s.destination = *on_failure;
  }
  const Json* type = on_failure ? js::get_truthy(*on_failure, "type") : nullptr;
  std::optional<std::string> service = type && type->is_string() ? type->get<std::string>() : service_of(s.destination);
  if (!service)
    event_error(e, "destinations.onFailure needs \"type\" (sns or sqs) when its arn is not an ARN string",
                "STREAM_DESTINATION_TYPE_UNKNOWN");
  s.destination_is_sns = *service == "sns";
  Json config = Json::object();
  config["OnFailure"] = {{"Destination", s.destination}};
  s.properties["DestinationConfig"] = std::move(config);
}

StreamEvent parse(const PackageContext& ctx, const Event& e) {
  StreamEvent s;
  const Json& body = *e.body;
  s.arn = !body.is_object() ? body : js::get(body, "arn") ? body["arn"] : Json();
  const Json* type = option(e, "type");
  std::optional<std::string> stream_type = type && type->is_string() ? type->get<std::string>() : service_of(s.arn);
  if (!stream_type)
    event_error(e, "the stream type cannot be inferred: give \"type\" (dynamodb or kinesis) when \"arn\" is not an "
                   "ARN string", "STREAM_TYPE_UNKNOWN");
  s.type = *stream_type;
  std::optional<std::string> name = stream_name(s.arn);
  if (!name)
    event_error(e, "cannot derive the stream's name from \"arn\": give an ARN string with the stream after \"/\", "
                   "Fn::GetAtt, Fn::ImportValue, Ref or an Fn::Join ending with a string",
                "STREAM_INVALID_ARN");
  s.name = *name;

  Json& p = s.properties = Json::object();
  const Json* v = nullptr;
  p["BatchSize"] = (v = option(e, "batchSize")) ? *v : Json(10);
  p["Enabled"] = (v = js::get(body, "enabled")) ? *v : Json(true);
  p["EventSourceArn"] = s.arn;
  p["FunctionName"] = lambda_target(ctx, e.function);
  if ((v = option(e, "parallelizationFactor"))) p["ParallelizationFactor"] = *v;
  p["StartingPosition"] = (v = option(e, "startingPosition")) ? *v : Json("TRIM_HORIZON");
  if ((v = js::get_non_null(body, "batchWindow"))) p["MaximumBatchingWindowInSeconds"] = *v;
  if ((v = js::get_non_null(body, "maximumRetryAttempts"))) p["MaximumRetryAttempts"] = *v;
  if ((v = js::get_non_null(body, "bisectBatchOnFunctionError"))) p["BisectBatchOnFunctionError"] = *v;
  if ((v = js::get_non_null(body, "functionResponseType"))) p["FunctionResponseTypes"] = Json::array({*v});
  if ((v = option(e, "maximumRecordAgeInSeconds"))) p["MaximumRecordAgeInSeconds"] = *v;
  if ((v = js::get_non_null(body, "tumblingWindowInSeconds"))) p["TumblingWindowInSeconds"] = *v;
  parse_destination(e, s);
  if ((v = option(e, "filterPatterns"))) p["FilterCriteria"] = filter_criteria(*v);
  if ((v = option(e, "consumer"))) s.consumer = *v;
  return s;
}

// The resources an event's statements list, collected per function in osls's order.
struct Grants {
  Json dynamodb = Json::array(), kinesis = Json::array(), kinesis_with_consumer = Json::array(),
       consumers = Json::array(), sns = Json::array(), sqs = Json::array();

  void add_to_role(PackageContext& ctx) {
    add_role_statement_if_any(ctx, {"dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream",
                                    "dynamodb:ListStreams"}, std::move(dynamodb));
    add_role_statement_if_any(ctx, {"kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStream",
                                    "kinesis:ListStreams"}, std::move(kinesis));
    add_role_statement_if_any(ctx, {"kinesis:GetRecords", "kinesis:GetShardIterator",
                                    "kinesis:DescribeStreamSummary", "kinesis:ListShards"},
                              std::move(kinesis_with_consumer));
    add_role_statement_if_any(ctx, {"kinesis:SubscribeToShard"}, std::move(consumers));
    add_role_statement_if_any(ctx, {"sns:Publish"}, std::move(sns));
    add_role_statement_if_any(ctx, {"sqs:ListQueues", "sqs:SendMessage"}, std::move(sqs));
  }
};

bool service_specific_consumer_names(const PackageContext& ctx) {
  const Json* kinesis = js::get(ctx.provider(), "kinesis");
  return kinesis && js::truthy(js::get(*kinesis, "consumerNamingMode"));
}

// A created enhanced fan-out consumer: its logical id and resource.
struct Consumer {
  std::string id;
  Json resource;
};

// Points the mapping at the stream's enhanced fan-out consumer: one created for
// the function (consumer: true, returned) or an existing one by ARN.
std::optional<Consumer> read_through_consumer(const PackageContext& ctx, const Event& e, const StreamEvent& s,
                                              Json& mapping, Grants& grants) {
  Json& props = mapping["Properties"];
  if (s.consumer != Json(true)) {
    props["EventSourceArn"] = s.consumer;
    grants.consumers.push_back(s.consumer);
    return std::nullopt;
  }
  const std::string name = naming::stream_consumer_name(e.function, s.name, service_specific_consumer_names(ctx),
                                                        ctx.service.name, ctx.service.stage);
  Consumer consumer{naming::stream_consumer_logical_id(name), nullptr};
  Json consumer_props = Json::object();
  consumer_props["StreamARN"] = s.arn;
  consumer_props["ConsumerName"] = name;
  consumer.resource = cfn::resource("AWS::Kinesis::StreamConsumer", std::move(consumer_props));
  mapping["DependsOn"].push_back(consumer.id);
  props["EventSourceArn"] = cfn::ref(consumer.id);
  grants.consumers.push_back(cfn::ref(consumer.id));
  return consumer;
}

void compile_event(PackageContext& ctx, const Event& e, Grants& grants) {
  StreamEvent s = parse(ctx, e);
  if (s.type == "dynamodb") grants.dynamodb.push_back(s.arn);
  else if (!s.consumer.is_null()) grants.kinesis_with_consumer.push_back(s.arn);
  else grants.kinesis.push_back(s.arn);
  if (s.properties.contains("DestinationConfig"))
    (s.destination_is_sns ? grants.sns : grants.sqs).push_back(s.destination);

  Json mapping = mapping_resource(ctx, e.function, std::move(s.properties));
  std::optional<Consumer> consumer;
  if (!s.consumer.is_null() && s.type == "kinesis") {
    consumer = read_through_consumer(ctx, e, s, mapping, grants);
    // osls reads startingPositionTimestamp only for consumers.
    const Json* position = js::get(*e.body, "startingPosition");
    const Json* timestamp = option(e, "startingPositionTimestamp");
    if (position && *position == Json("AT_TIMESTAMP") && !timestamp)
      throw UserError("You must specify startingPositionTimestamp for function: " + e.function +
                          " when startingPosition is AT_TIMESTAMP (" + e.path() + ")",
                      "FUNCTION_STREAM_STARTING_POSITION_TIMESTAMP_INVALID");
    if (timestamp) mapping["Properties"]["StartingPositionTimestamp"] = *timestamp;
  }
  ctx.resources()[naming::stream_logical_id(e.function, s.type, s.name)] = std::move(mapping);
  if (consumer) ctx.resources()[consumer->id] = std::move(consumer->resource);
}

bool check_on_failure(Checker& c, Json& on_failure, const Path& path) {
  if (on_failure.is_string()) return check_arn_string(c, on_failure, path);
  if (!on_failure.is_object()) {
    c.add(path, "must be an ARN (\"arn:...\") or an object with \"arn\" and \"type\", got " + describe(on_failure));
    return false;
  }
  c.known_properties(on_failure, path, {"arn", "type"});
  c.required(on_failure, path, "arn");
  Json* type = present(on_failure, "type");
  if (type) c.one_of(*type, join(path, "type"), {"sns", "sqs"});
  if (Json* arn = present(on_failure, "arn"); arn && !arn->is_object()) check_arn_string(c, *arn, join(path, "arn"));
  else if (arn && !type) c.add(join(path, "arn"), "must be an ARN string, or a CloudFormation intrinsic together "
                                                  "with 'type' (sns or sqs)");
  return true;
}

void check_maximum_record_age(Checker& c, Json& v, const Path& path) {
  if (!c.integer(v, path)) return;
  const long long age = v.get<long long>();
  if (age != -1 && (age < 60 || age > 604800))
    c.add(path, "must be -1 or between 60 and 604800, got " + std::to_string(age));
}

// osls's deprecation notice for consumers named without the service (the naming changes in osls 5).
void warn_about_consumer_names(PackageContext& ctx, const Events& events) {
  const Json* kinesis = js::get(ctx.provider(), "kinesis");
  const Json* mode = kinesis ? js::get(*kinesis, "consumerNamingMode") : nullptr;
  if (mode && *mode == Json("serviceSpecific")) return;
  for (const Event& e : events) {
    if (!option(e, "consumer")) continue;
    ctx.warnings.push_back(
        "Starting with osls 5.0.0, Kinesis streams naming scheme will change. Adapt to new schema by setting "
        "`provider.kinesis.consumerNamingMode` property to `serviceSpecific`.");
    return;
  }
}

}  // namespace

void check_stream(Checker& c, Json& stream, const Path& path) {
  if (stream.is_string()) {
    if (stream.get_ref<const std::string&>().rfind("arn:", 0) != 0)
      c.add(path, "must be a stream ARN (match pattern \"^arn:\") or an object with \"arn\", got " + describe(stream));
    return;
  }
  if (!stream.is_object()) {
    c.add(path, "must be a stream ARN (\"arn:...\") or an object with \"arn\", got " + describe(stream));
    return;
  }
  c.known_properties(stream, path, kStreamProperties);
  c.required(stream, path, "arn");
  Json* type = present(stream, "type");
  if (type) c.one_of(*type, join(path, "type"), {"dynamodb", "kinesis"});
  if (Json* arn = present(stream, "arn"); arn && !arn->is_object()) {
    check_arn_string(c, *arn, join(path, "arn"));
  } else if (arn && !type) {
    c.add(join(path, "arn"), "must be an ARN string, or a CloudFormation intrinsic together with 'type' "
                             "(dynamodb or kinesis): the stream type cannot be inferred from an intrinsic");
  }
  if (Json* v = present(stream, "batchSize")) c.integer(*v, join(path, "batchSize"), 1, 10000);
  if (Json* v = present(stream, "parallelizationFactor")) c.integer(*v, join(path, "parallelizationFactor"), 1, 10);
  if (Json* v = present(stream, "startingPosition"))
    c.one_of(*v, join(path, "startingPosition"), {"LATEST", "TRIM_HORIZON", "AT_TIMESTAMP"});
  if (Json* v = present(stream, "startingPositionTimestamp")) c.number(*v, join(path, "startingPositionTimestamp"));
  if (Json* v = present(stream, "enabled")) c.boolean(*v, join(path, "enabled"));
  if (Json* v = present(stream, "consumer"); v && *v != Json(true)) {
    if (v->is_boolean()) c.add(join(path, "consumer"), "must be true or a consumer ARN, got false");
    else check_arn(c, *v, join(path, "consumer"));
  }
  if (Json* v = present(stream, "batchWindow")) c.integer(*v, join(path, "batchWindow"), 0, 300);
  if (Json* v = present(stream, "maximumRetryAttempts")) c.integer(*v, join(path, "maximumRetryAttempts"), -1, 10000);
  if (Json* v = present(stream, "bisectBatchOnFunctionError")) c.boolean(*v, join(path, "bisectBatchOnFunctionError"));
  if (Json* v = present(stream, "maximumRecordAgeInSeconds"))
    check_maximum_record_age(c, *v, join(path, "maximumRecordAgeInSeconds"));
  if (Json* v = present(stream, "functionResponseType"))
    c.one_of(*v, join(path, "functionResponseType"), {"ReportBatchItemFailures"});
  if (Json* v = present(stream, "destinations")) {
    const Path dp = join(path, "destinations");
    if (c.object(*v, dp)) {
      c.known_properties(*v, dp, {"onFailure"});
      c.required(*v, dp, "onFailure");
      if (Json* f = present(*v, "onFailure")) check_on_failure(c, *f, join(dp, "onFailure"));
    }
  }
  if (Json* v = present(stream, "tumblingWindowInSeconds")) c.integer(*v, join(path, "tumblingWindowInSeconds"), 0, 900);
  if (Json* v = present(stream, "filterPatterns")) check_filter_patterns(c, *v, join(path, "filterPatterns"));
}

void compile_stream(PackageContext& ctx, const Events& events) {
  warn_about_consumer_names(ctx, events);
  for (const Events& function_events : by_function(events)) {
    Grants grants;  // osls's statements are per function
    for (const Event& e : function_events) compile_event(ctx, e, grants);
    grants.add_to_role(ctx);
  }
}

}  // namespace sls::compile::events
