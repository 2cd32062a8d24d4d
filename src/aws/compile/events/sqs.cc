// The `sqs` event (osls events/sqs.js): its schema, and per event one
// AWS::Lambda::EventSourceMapping reading the queue; the queues' ARNs are
// granted to the shared role in one statement.
#include "aws/compile/cfn.h"
#include "aws/compile/events/common.h"
#include "aws/compile/events/event_source_mapping.h"
#include "aws/compile/events/registry.h"
#include "aws/naming.h"
#include "util/js_like.h"

namespace sls::compile::events {
namespace {

const std::vector<std::string_view> kSqsProperties = {
    "arn", "batchSize", "enabled", "maximumBatchingWindow", "functionResponseType", "filterPatterns",
    "maximumConcurrency"};

// One sqs event, with osls's defaults; null members are left out of the mapping.
struct SqsEvent {
  Json arn;
  std::string queue_name;  // what the logical id is named after
  Json batch_size = 10;
  Json maximum_batching_window;
  Json enabled = true;
  Json function_response_type;
  Json filter_patterns;
  Json maximum_concurrency;
};

// The queue's name as osls derives it from the ARN (string or intrinsic).
std::string queue_name(const Event& e, const Json& arn) {
  if (arn.is_string()) {
    const std::string& s = arn.get_ref<const std::string&>();
    return s.substr(s.rfind(':') + 1);
  }
  if (const Json* get_att = js::get(arn, "Fn::GetAtt"); get_att && get_att->is_array() && !get_att->empty() &&
                                                        (*get_att)[0].is_string())
    return (*get_att)[0].get<std::string>();
  if (const Json* import = js::get(arn, "Fn::ImportValue"); import && import->is_string())
    return import->get<std::string>();
  if (const Json* join = js::get(arn, "Fn::Join"); join && join->is_array() && join->size() == 2 &&
                                                   (*join)[1].is_array() && !(*join)[1].empty() &&
                                                   (*join)[1].back().is_string())
    return (*join)[1].back().get<std::string>();
  event_error(e,
              "\"arn\" must be an ARN string, {\"Fn::GetAtt\": [<queue>, \"Arn\"]}, {\"Fn::ImportValue\": "
              "<name>} or an \"Fn::Join\" whose last part is the queue name (a string)",
              "SQS_INVALID_ARN");
}

SqsEvent parse(const Event& e) {
  SqsEvent s;
  const Json& body = *e.body;
  if (!body.is_object()) {
    s.arn = body;
  } else {
    s.arn = js::get(body, "arn") ? body["arn"] : Json();
    if (const Json* v = option(e, "batchSize")) s.batch_size = *v;
    if (const Json* v = js::get(body, "enabled")) s.enabled = *v;
    if (const Json* v = js::get_non_null(body, "maximumBatchingWindow")) s.maximum_batching_window = *v;
    if (const Json* v = js::get_non_null(body, "functionResponseType")) s.function_response_type = *v;
    if (const Json* v = option(e, "filterPatterns")) s.filter_patterns = *v;
    if (const Json* v = option(e, "maximumConcurrency")) s.maximum_concurrency = *v;
  }
  s.queue_name = queue_name(e, s.arn);
  return s;
}

Json mapping(const PackageContext& ctx, const Event& e, const SqsEvent& s) {
  Json props = Json::object();
  props["BatchSize"] = s.batch_size;
  if (!s.maximum_batching_window.is_null()) props["MaximumBatchingWindowInSeconds"] = s.maximum_batching_window;
  props["EventSourceArn"] = s.arn;
  props["FunctionName"] = lambda_target(ctx, e.function);
  props["Enabled"] = s.enabled;
  if (!s.function_response_type.is_null())
    props["FunctionResponseTypes"] = Json::array({s.function_response_type});
  if (!s.filter_patterns.is_null()) props["FilterCriteria"] = filter_criteria(s.filter_patterns);
  if (!s.maximum_concurrency.is_null()) props["ScalingConfig"] = {{"MaximumConcurrency", s.maximum_concurrency}};
  return mapping_resource(ctx, e.function, std::move(props));
}

}  // namespace

void check_sqs(Checker& c, Json& sqs, const Path& path) {
  if (sqs.is_string()) {
    if (sqs.get_ref<const std::string&>().rfind("arn:", 0) != 0)
      c.add(path, "must be a queue ARN (match pattern \"^arn:\") or an object with \"arn\", got " + describe(sqs));
    return;
  }
  if (!sqs.is_object()) {
    c.add(path, "must be a queue ARN (\"arn:...\") or an object with \"arn\", got " + describe(sqs));
    return;
  }
  c.known_properties(sqs, path, kSqsProperties);
  c.required(sqs, path, "arn");
  if (Json* v = present(sqs, "arn")) check_arn(c, *v, join(path, "arn"));
  if (Json* v = present(sqs, "batchSize")) c.integer(*v, join(path, "batchSize"), 1, 10000);
  if (Json* v = present(sqs, "enabled")) c.boolean(*v, join(path, "enabled"));
  if (Json* v = present(sqs, "maximumBatchingWindow")) c.integer(*v, join(path, "maximumBatchingWindow"), 0, 300);
  if (Json* v = present(sqs, "functionResponseType"))
    c.one_of(*v, join(path, "functionResponseType"), {"ReportBatchItemFailures"});
  if (Json* v = present(sqs, "filterPatterns")) check_filter_patterns(c, *v, join(path, "filterPatterns"));
  if (Json* v = present(sqs, "maximumConcurrency")) c.integer(*v, join(path, "maximumConcurrency"), 2, 1000);
}

void compile_sqs(PackageContext& ctx, const Events& events) {
  Json queue_arns = Json::array();
  for (const Event& e : events) {
    const SqsEvent s = parse(e);
    ctx.resources()[naming::queue_logical_id(e.function, s.queue_name)] = mapping(ctx, e, s);
    queue_arns.push_back(s.arn);
  }
  add_role_statement_if_any(ctx, {"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"},
                            std::move(queue_arns));
}

}  // namespace sls::compile::events
