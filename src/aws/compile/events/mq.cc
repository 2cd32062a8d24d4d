// The `activemq` and `rabbitmq` events (osls events/activemq.js and
// rabbitmq.js, the same module twice; RabbitMQ adds `virtualHost`): their
// schemas, and per event one AWS::Lambda::EventSourceMapping on a broker's
// queue; per function, the secrets, broker and EC2 statements.
#include <regex>

#include "aws/compile/events/common.h"
#include "aws/compile/events/event_source_mapping.h"
#include "aws/compile/events/registry.h"
#include "aws/naming.h"
#include "util/js_like.h"

namespace sls::compile::events {
namespace {

bool is_broker_arn(const Json& v) {
  static const std::regex kPattern(R"(arn:[a-z-]+:mq:[a-z0-9-]+:\d+:broker:[A-Za-z0-9/_+=.@-]+:b-[a-z0-9-]+)");
  return v.is_string() && std::regex_search(v.get_ref<const std::string&>(), kPattern);
}

void check_mq(Checker& c, Json& mq, const Path& path, bool rabbit) {
  if (!c.object(mq, path)) return;
  std::vector<std::string_view> known = {"arn", "basicAuthArn", "batchSize", "maximumBatchingWindow",
                                         "enabled", "queue", "filterPatterns"};
  if (rabbit) known.push_back("virtualHost");
  c.known_properties(mq, path, known);
  for (const char* key : {"basicAuthArn", "arn", "queue"}) c.required(mq, path, key);
  if (Json* v = present(mq, "arn"); v && !is_ref_or_import(*v) && !is_broker_arn(*v))
    c.add(join(path, "arn"), "must be a broker ARN (arn:aws:mq:<region>:<account>:broker:<name>:b-<id>), "
                             "{\"Ref\": ...} or {\"Fn::ImportValue\": ...}, got " + describe(*v));
  if (Json* v = present(mq, "basicAuthArn"); v && !is_ref_or_import(*v) && !is_secrets_manager_arn(*v))
    c.add(join(path, "basicAuthArn"), "must be a Secrets Manager secret ARN, {\"Ref\": ...} or "
                                      "{\"Fn::ImportValue\": ...}, got " + describe(*v));
  if (Json* v = present(mq, "batchSize")) check_number(c, *v, join(path, "batchSize"), 1, 10000);
  if (Json* v = present(mq, "maximumBatchingWindow")) check_number(c, *v, join(path, "maximumBatchingWindow"), 0, 300);
  if (Json* v = present(mq, "enabled")) c.boolean(*v, join(path, "enabled"));
  if (Json* v = present(mq, "queue")) c.string(*v, join(path, "queue"));
  if (Json* v = present(mq, "virtualHost")) c.string(*v, join(path, "virtualHost"));
  if (Json* v = present(mq, "filterPatterns")) check_filter_patterns(c, *v, join(path, "filterPatterns"));
}

Json value_of(const Json& body, const char* key) { return js::get(body, key) ? body[key] : Json(); }

Json mapping_properties(const PackageContext& ctx, const Event& e, bool rabbit) {
  const Json& body = *e.body;
  Json access = Json::array({{{"Type", "BASIC_AUTH"}, {"URI", value_of(body, "basicAuthArn")}}});
  const Json* v = nullptr;
  if (rabbit && (v = option(e, "virtualHost"))) access.push_back({{"Type", "VIRTUAL_HOST"}, {"URI", *v}});
  Json p = Json::object();
  p["FunctionName"] = lambda_target(ctx, e.function);
  p["EventSourceArn"] = value_of(body, "arn");
  p["Queues"] = Json::array({value_of(body, "queue")});
  p["SourceAccessConfigurations"] = std::move(access);
  if ((v = option(e, "batchSize"))) p["BatchSize"] = *v;
  if ((v = option(e, "maximumBatchingWindow"))) p["MaximumBatchingWindowInSeconds"] = *v;
  if ((v = js::get_non_null(body, "enabled"))) p["Enabled"] = *v;
  if ((v = option(e, "filterPatterns"))) p["FilterCriteria"] = filter_criteria(*v);
  return p;
}

void compile_mq(PackageContext& ctx, const Events& events, bool rabbit) {
  for (const Events& function_events : by_function(events)) {
    Json secrets = Json::array(), brokers = Json::array();
    for (const Event& e : function_events) {
      const Json* queue = js::get(*e.body, "queue");
      const std::string name = queue && queue->is_string() ? queue->get<std::string>() : "";
      Json props = mapping_properties(ctx, e, rabbit);
      brokers.push_back(props["EventSourceArn"]);
      secrets.push_back(props["SourceAccessConfigurations"][0]["URI"]);
      ctx.resources()[rabbit ? naming::rabbitmq_event_logical_id(e.function, name)
                             : naming::activemq_event_logical_id(e.function, name)] =
          mapping_resource(ctx, e.function, std::move(props));
    }
    if (add_role_statement(ctx, allow({"secretsmanager:GetSecretValue"}, std::move(secrets)))) {
      add_role_statement(ctx, allow({"mq:DescribeBroker"}, std::move(brokers)));
      add_role_statement(ctx, ec2_network_statement());
    }
  }
}

}  // namespace

void check_activemq(Checker& c, Json& body, const Path& path) { check_mq(c, body, path, false); }
void check_rabbitmq(Checker& c, Json& body, const Path& path) { check_mq(c, body, path, true); }
void compile_activemq(PackageContext& ctx, const Events& events) { compile_mq(ctx, events, false); }
void compile_rabbitmq(PackageContext& ctx, const Events& events) { compile_mq(ctx, events, true); }

}  // namespace sls::compile::events
