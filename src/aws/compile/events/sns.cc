// The `sns` event (osls events/sns.js): its schema, and per event a
// subscription of the function to a topic (an existing one by ARN or intrinsic,
// or a topic the event creates, shared by every event naming it), the Lambda
// permission, and with a redrive policy the dead-letter queue's policy.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <optional>

#include "aws/compile/cfn.h"
#include "aws/compile/events/common.h"
#include "aws/compile/events/registry.h"
#include "aws/naming.h"
#include "util/error.h"
#include "util/js_like.h"

namespace sls::compile::events {
namespace {

const std::vector<std::string_view> kSnsProperties = {"arn",          "topicName",         "displayName",
                                                      "filterPolicy", "filterPolicyScope", "redrivePolicy"};

struct Redrive {
  Json target_arn;  // the dead-letter queue's ARN, as the subscription names it
  Json target_url;  // its URL, as the queue policy names it
};

// One sns event, parsed.
struct SnsEvent {
  Json topic_arn;          // null: the event creates the topic
  std::string topic_name;  // what logical ids are named after (and a created topic's name)
  Json region;             // an existing topic's region when it is not the service's
  Json display_name;       // a created topic's DisplayName (from its first event)
  const Json* filter_policy = nullptr;
  const Json* filter_policy_scope = nullptr;
  std::optional<Redrive> redrive;
};

// Splits at each ":" that has no ":" beside it (osls: /(?<!:):(?!:)/).
std::vector<std::string> split_single_colons(const std::string& s) {
  std::vector<std::string> parts(1);
  for (size_t i = 0; i < s.size(); ++i) {
    const bool lone = s[i] == ':' && (i == 0 || s[i - 1] != ':') && (i + 1 == s.size() || s[i + 1] != ':');
    if (lone) parts.emplace_back();
    else parts.back() += s[i];
  }
  return parts;
}

std::string after_last_colon(const std::string& s) { return s.substr(s.rfind(':') + 1); }

// arn:aws:sqs:<region>:<account>:<name> -> https://sqs.<region>.<suffix>/<account>/<name>
Json queue_url_of(const std::string& arn) {
  std::vector<std::string> parts;
  for (size_t start = 0;;) {
    size_t colon = arn.find(':', start);
    parts.push_back(arn.substr(start, colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  auto from_end = [&](size_t i) { return i < parts.size() ? parts[parts.size() - 1 - i] : std::string("undefined"); };
  return cfn::join("", {"https://sqs." + from_end(2) + ".", cfn::ref("AWS::URLSuffix"),
                        "/" + from_end(1) + "/" + from_end(0)});
}

Redrive redrive_of(const Json& policy) {
  if (const Json* arn = js::get_truthy(policy, "deadLetterTargetArn"); arn && arn->is_string())
    return {*arn, queue_url_of(arn->get<std::string>())};
  if (const Json* ref = js::get_truthy(policy, "deadLetterTargetRef"); ref && ref->is_string())
    return {cfn::get_att(ref->get<std::string>(), "Arn"), cfn::ref(ref->get<std::string>())};
  const Json* import = js::get(policy, "deadLetterTargetImport");
  auto imported = [&](const char* key) {
    const Json* v = import ? js::get(*import, key) : nullptr;
    return v ? Json{{"Fn::ImportValue", *v}} : Json::object();
  };
  return {imported("arn"), imported("url")};
}

SnsEvent parse(const PackageContext& ctx, const Event& e) {
  SnsEvent s;
  const Json& body = *e.body;
  if (body.is_string()) {
    const std::string& text = body.get_ref<const std::string&>();
    if (text.rfind("arn:", 0) == 0) s.topic_arn = body;
    s.topic_name = s.topic_arn.is_null() ? text : after_last_colon(text);
    return s;
  }
  const Json* topic_name = option(e, "topicName");
  if (const Json* arn = option(e, "arn")) {
    s.topic_arn = *arn;
    if (arn->is_string()) {
      const std::vector<std::string> parts = split_single_colons(arn->get<std::string>());
      s.topic_name = parts.back();
      if (parts.size() > 3 && parts[3] != ctx.service.region) s.region = parts[3];
    }
    if (topic_name && topic_name->is_string()) s.topic_name = topic_name->get<std::string>();
    if (s.topic_name.empty())
      throw UserError("Missing \"sns.topicName\" setting (it needs to be provided if \"sns.arn\" is not provided "
                      "as plain ARN string) in " + e.path(),
                      "SNS_MISSING_TOPIC_NAME");
  } else if (topic_name && topic_name->is_string()) {
    s.topic_name = topic_name->get<std::string>();
  } else {
    event_error(e, "it needs \"arn\" or \"topicName\"", "SNS_MISSING_TOPIC_NAME");
  }
  if (const Json* v = option(e, "displayName")) s.display_name = *v;
  s.filter_policy = js::get(body, "filterPolicy");
  s.filter_policy_scope = js::get(body, "filterPolicyScope");
  if (const Json* policy = option(e, "redrivePolicy")) s.redrive = redrive_of(*policy);
  return s;
}

// {Type, DependsOn, Properties}: osls names the function's alias (if any) as DependsOn.
Json resource(const char* type, const std::string& alias, Json properties) {
  Json r = Json::object();
  r["Type"] = type;
  if (!alias.empty()) r["DependsOn"] = alias;
  r["Properties"] = std::move(properties);
  return r;
}

Json queue_policy(const std::string& id, const Redrive& redrive, const Json& topic_arn) {
  Json arn_equals = Json::object();
  if (!topic_arn.is_null()) arn_equals["aws:SourceArn"] = topic_arn;  // null for a created topic, as in osls
  Json statement = Json::object();
  statement["Effect"] = "Allow";
  statement["Principal"] = {{"Service", "sns.amazonaws.com"}};
  statement["Action"] = "sqs:SendMessage";
  statement["Resource"] = redrive.target_arn;
  statement["Condition"] = {{"ArnEquals", std::move(arn_equals)}};
  Json document = Json::object();
  document["Version"] = "2012-10-17";
  document["Id"] = id;
  document["Statement"] = Json::array({std::move(statement)});
  Json props = Json::object();
  props["PolicyDocument"] = std::move(document);
  props["Queues"] = Json::array({redrive.target_url});
  return cfn::resource("AWS::SQS::QueuePolicy", std::move(props));
}

// The filter and redrive settings of a subscription resource.
void add_subscription_options(Json& props, const SnsEvent& s) {
  if (s.filter_policy) props["FilterPolicy"] = *s.filter_policy;
  if (s.filter_policy_scope) props["FilterPolicyScope"] = *s.filter_policy_scope;
  if (s.redrive) props["RedrivePolicy"] = {{"deadLetterTargetArn", s.redrive->target_arn}};
}

Json existing_topic_subscription(const SnsEvent& s, const Json& endpoint, const std::string& alias) {
  Json props = Json::object();
  props["TopicArn"] = s.topic_arn;
  props["Protocol"] = "lambda";
  props["Endpoint"] = endpoint;
  add_subscription_options(props, s);
  if (!s.region.is_null()) props["Region"] = s.region;
  return resource("AWS::SNS::Subscription", alias, std::move(props));
}

// A topic the events create: its properties come from its first event; every
// subscribing function's alias joins its DependsOn.
struct CreatedTopic {
  Json properties = Json::object();
  std::vector<std::string> depends_on;

  Json resource() const {
    Json r = Json::object();
    r["Type"] = "AWS::SNS::Topic";
    if (depends_on.size() == 1) r["DependsOn"] = depends_on[0];
    else if (depends_on.size() > 1) r["DependsOn"] = Json(depends_on);
    r["Properties"] = properties;
    return r;
  }
};

class SnsCompiler {
 public:
  explicit SnsCompiler(PackageContext& ctx) : ctx_(ctx) {}

  void compile(const Event& e) {
    SnsEvent s = parse(ctx_, e);
    Json& resources = ctx_.resources();
    if (s.redrive) {
      const std::string id = naming::topic_dlq_policy_logical_id(e.function, s.topic_name);
      resources[id] = queue_policy(id, *s.redrive, s.topic_arn);
    }
    const Json endpoint = lambda_target(ctx_, e.function);
    const std::string alias = lambda_target_alias(ctx_, e.function);
    const std::string subscription_id = naming::lambda_sns_subscription_logical_id(e.function, s.topic_name);
    Json topic_arn = s.topic_arn;
    if (!topic_arn.is_null()) {
      resources[subscription_id] = existing_topic_subscription(s, endpoint, alias);
    } else {
      topic_arn = created_topic_arn(s.topic_name);
      subscribe_to_created_topic(s, endpoint, alias, subscription_id);
    }
    resources[naming::lambda_sns_permission_logical_id(e.function, s.topic_name)] =
        resource("AWS::Lambda::Permission", alias, permission_properties(endpoint, std::move(topic_arn)));
  }

 private:
  static Json created_topic_arn(const std::string& name) {
    return cfn::join("", {"arn:", cfn::ref("AWS::Partition"), ":sns:", cfn::ref("AWS::Region"), ":",
                          cfn::ref("AWS::AccountId"), ":", name});
  }

  static Json permission_properties(const Json& endpoint, Json source_arn) {
    Json props = Json::object();
    props["FunctionName"] = endpoint;
    props["Action"] = "lambda:InvokeFunction";
    props["Principal"] = "sns.amazonaws.com";
    props["SourceArn"] = std::move(source_arn);
    return props;
  }

  void subscribe_to_created_topic(const SnsEvent& s, const Json& endpoint, const std::string& alias,
                                  const std::string& subscription_id) {
    const std::string topic_id = naming::topic_logical_id(s.topic_name);
    auto [it, created] = topics_.try_emplace(topic_id);
    CreatedTopic& topic = it->second;
    if (created) {
      topic.properties["TopicName"] = s.topic_name;
      if (!s.display_name.is_null()) topic.properties["DisplayName"] = s.display_name;
    }
    if (!alias.empty() && std::find(topic.depends_on.begin(), topic.depends_on.end(), alias) == topic.depends_on.end())
      topic.depends_on.push_back(alias);
    Json subscription = Json::object();
    subscription["Endpoint"] = endpoint;
    subscription["Protocol"] = "lambda";
    if (js::truthy(s.filter_policy) || s.redrive) {
      subscription["TopicArn"] = cfn::ref(topic_id);
      add_subscription_options(subscription, s);
      ctx_.resources()[topic_id] = topic.resource();  // placed before its subscription, as in osls
      ctx_.resources()[subscription_id] = resource("AWS::SNS::Subscription", alias, std::move(subscription));
      return;
    }
    topic.properties["Subscription"].push_back(std::move(subscription));
    ctx_.resources()[topic_id] = topic.resource();
  }

  PackageContext& ctx_;
  std::map<std::string, CreatedTopic> topics_;
};

// A topic name as osls's schema allows it: at most 256 of [A-Za-z0-9_-].
bool is_topic_name(const std::string& s) {
  if (s.empty() || s.size() > 256) return false;
  for (char ch : s)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-')) return false;
  return true;
}

void check_topic_name(Checker& c, Json& v, const Path& path) {
  if (!c.string(v, path)) return;
  if (!is_topic_name(v.get<std::string>()))
    c.add(path, "must be a topic name of at most 256 letters, digits, \"-\" and \"_\" (pattern \"^[\\w-]+$\"), got " +
                    describe(v));
}

void check_redrive_policy(Checker& c, Json& policy, const Path& path) {
  if (!c.object(policy, path)) return;
  c.known_properties(policy, path, {"deadLetterTargetArn", "deadLetterTargetRef", "deadLetterTargetImport"});
  int given = 0;
  if (Json* v = present(policy, "deadLetterTargetArn")) {
    ++given;
    check_arn_string(c, *v, join(path, "deadLetterTargetArn"));
  }
  if (Json* v = present(policy, "deadLetterTargetRef")) {
    ++given;
    c.string(*v, join(path, "deadLetterTargetRef"), 1, SIZE_MAX);
  }
  if (Json* v = present(policy, "deadLetterTargetImport")) {
    ++given;
    const Path ip = join(path, "deadLetterTargetImport");
    if (c.object(*v, ip)) {
      c.known_properties(*v, ip, {"arn", "url"});
      c.required(*v, ip, "arn");
      c.required(*v, ip, "url");
      if (Json* arn = present(*v, "arn")) check_arn_string(c, *arn, join(ip, "arn"));
      if (Json* url = present(*v, "url")) c.string(*url, join(ip, "url"), 1, SIZE_MAX);
    }
  }
  if (given != 1)
    c.add(path, "must have exactly one of 'deadLetterTargetArn', 'deadLetterTargetRef' or 'deadLetterTargetImport'");
}

}  // namespace

void check_sns(Checker& c, Json& sns, const Path& path) {
  if (sns.is_string()) {
    const std::string& s = sns.get_ref<const std::string&>();
    if (s.rfind("arn:", 0) != 0 && !is_topic_name(s))
      c.add(path, "must be a topic name (at most 256 letters, digits, \"-\" and \"_\"), a topic ARN (\"arn:...\") "
                  "or an object with \"arn\" or \"topicName\", got " + describe(sns));
    return;
  }
  if (!sns.is_object()) {
    c.add(path, "must be a topic name, a topic ARN or an object with \"arn\" or \"topicName\", got " + describe(sns));
    return;
  }
  c.known_properties(sns, path, kSnsProperties);
  if (!present(sns, "arn") && !present(sns, "topicName"))
    c.add(path, "must have required property 'arn' or 'topicName'");
  if (Json* v = present(sns, "arn")) check_arn(c, *v, join(path, "arn"));
  if (Json* v = present(sns, "topicName")) check_topic_name(c, *v, join(path, "topicName"));
  if (Json* v = present(sns, "displayName")) c.string(*v, join(path, "displayName"), 1, SIZE_MAX);
  if (Json* v = present(sns, "filterPolicy")) c.object(*v, join(path, "filterPolicy"));
  if (Json* v = present(sns, "filterPolicyScope")) c.string(*v, join(path, "filterPolicyScope"));
  if (Json* v = present(sns, "redrivePolicy")) check_redrive_policy(c, *v, join(path, "redrivePolicy"));
}

void compile_sns(PackageContext& ctx, const Events& events) {
  SnsCompiler compiler(ctx);
  for (const Event& e : events) compiler.compile(e);
}

}  // namespace sls::compile::events
