// The `kafka` event (osls events/kafka.js, self-managed Apache Kafka): its
// schema, and per event one AWS::Lambda::EventSourceMapping on the bootstrap
// servers with its access configurations; per function, the secrets the
// mappings read and (inside a VPC) the EC2 network statement.
#include <cctype>
#include <string_view>

#include "aws/compile/events/common.h"
#include "aws/compile/events/event_source_mapping.h"
#include "aws/compile/events/registry.h"
#include "aws/naming.h"
#include "util/error.h"
#include "util/js_like.h"

namespace sls::compile::events {
namespace {

const std::vector<std::string_view> kKafkaProperties = {
    "accessConfigurations", "batchSize", "maximumBatchingWindow", "enabled", "bootstrapServers",
    "startingPosition", "startingPositionTimestamp", "topic", "onFailureDestination", "consumerGroupId",
    "filterPatterns", "provisionedPollerConfig"};

// An access configuration kind: its SourceAccessConfigurations type, URI prefix and what it needs.
struct AccessKind {
  std::string_view key, type, prefix;
  bool vpc, secret;
};
constexpr AccessKind kAccessKinds[] = {
    {"vpcSubnet", "VPC_SUBNET", "subnet:", true, false},
    {"vpcSecurityGroup", "VPC_SECURITY_GROUP", "security_group:", true, false},
    {"saslPlainAuth", "BASIC_AUTH", "", false, true},
    {"saslScram256Auth", "SASL_SCRAM_256_AUTH", "", false, true},
    {"saslScram512Auth", "SASL_SCRAM_512_AUTH", "", false, true},
    {"clientCertificateTlsAuth", "CLIENT_CERTIFICATE_TLS_AUTH", "", false, true},
    {"serverRootCaCertificate", "SERVER_ROOT_CA_CERTIFICATE", "", false, true},
};

const AccessKind* access_kind(std::string_view key) {
  for (const AccessKind& k : kAccessKinds)
    if (k.key == key) return &k;
  return nullptr;
}

// What the function's kafka events ask of its role.
struct Grants {
  Json secrets = Json::array();
  bool vpc = false;
};

Json access_configurations(const Json& configs, Grants& grants) {
  Json out = Json::array();
  for (const auto& [key, values] : configs.items()) {
    const AccessKind* kind = access_kind(key);
    const std::string type = kind ? std::string(kind->type) : key;
    const std::string prefix = kind ? std::string(kind->prefix) : "";
    if (kind && kind->vpc) grants.vpc = true;
    for (const Json& value : js::coerce_array(values)) {
      if (kind && kind->secret) grants.secrets.push_back(value);
      out.push_back({{"Type", type}, {"URI", prefix + (value.is_string() ? value.get<std::string>() : value.dump())}});
    }
  }
  return out;
}

Json mapping_properties(const PackageContext& ctx, const Event& e, Grants& grants) {
  const Json& body = *e.body;
  const Json* configs = js::get(body, "accessConfigurations");
  const bool subnets = configs && js::truthy(js::get(*configs, "vpcSubnet"));
  const bool groups = configs && js::truthy(js::get(*configs, "vpcSecurityGroup"));
  if (subnets != groups)
    throw UserError(std::string("You must specify at least one \"") + (subnets ? "vpcSecurityGroup" : "vpcSubnet") +
                        "\" accessConfiguration for function: " + e.function + " (" + e.path() + ")",
                    "FUNCTION_KAFKA_VPC_ACCESS_CONFIGURATION_INVALID");
  const Json* position = option(e, "startingPosition");
  const Json* timestamp = js::get_non_null(body, "startingPositionTimestamp");
  if (position && *position == Json("AT_TIMESTAMP") && !timestamp)
    throw UserError("You must specify startingPositionTimestamp for function: " + e.function +
                        " when startingPosition is AT_TIMESTAMP. (" + e.path() + ")",
                    "FUNCTION_KAFKA_STARTING_POSITION_TIMESTAMP_INVALID");
  Json p = Json::object();
  p["FunctionName"] = lambda_target(ctx, e.function);
  p["StartingPosition"] = position ? *position : Json("TRIM_HORIZON");
  p["SelfManagedEventSource"] = {{"Endpoints", {{"KafkaBootstrapServers", js::get(body, "bootstrapServers")
                                                                               ? body["bootstrapServers"] : Json()}}}};
  p["Topics"] = Json::array({js::get(body, "topic") ? body["topic"] : Json()});
  p["SourceAccessConfigurations"] = configs && configs->is_object() ? access_configurations(*configs, grants)
                                                                     : Json::array();
  const Json* v = nullptr;
  if ((v = option(e, "batchSize"))) p["BatchSize"] = *v;
  if ((v = option(e, "maximumBatchingWindow"))) p["MaximumBatchingWindowInSeconds"] = *v;
  if ((v = js::get_non_null(body, "enabled"))) p["Enabled"] = *v;
  if ((v = option(e, "consumerGroupId"))) p["SelfManagedKafkaEventSourceConfig"] = {{"ConsumerGroupId", *v}};
  if (timestamp) p["StartingPositionTimestamp"] = *timestamp;
  if ((v = option(e, "filterPatterns"))) p["FilterCriteria"] = filter_criteria(*v);
  if ((v = option(e, "onFailureDestination"))) p["DestinationConfig"] = {{"OnFailure", {{"Destination", *v}}}};
  if ((v = option(e, "provisionedPollerConfig"))) {
    Json pollers = Json::object();
    if (const Json* min = js::get(*v, "minimumPollers")) pollers["MinimumPollers"] = *min;
    if (const Json* max = js::get(*v, "maximumPollers")) pollers["MaximumPollers"] = *max;
    p["ProvisionedPollerConfig"] = std::move(pollers);
  }
  return p;
}

bool is_subnet(const std::string& s) {
  for (size_t at = s.find("subnet-"); at != std::string::npos; at = s.find("subnet-", at + 1))
    if (at + 7 < s.size() && (std::islower(static_cast<unsigned char>(s[at + 7])) || std::isdigit(static_cast<unsigned char>(s[at + 7]))))
      return true;
  return false;
}

bool is_security_group(const std::string& s) {
  for (size_t at = s.find("sg-"); at != std::string::npos; at = s.find("sg-", at + 1))
    if (at + 3 < s.size() && (std::islower(static_cast<unsigned char>(s[at + 3])) || std::isdigit(static_cast<unsigned char>(s[at + 3]))))
      return true;
  return false;
}

void check_access_configurations(Checker& c, Json& configs, const Path& path) {
  if (!c.object(configs, path)) return;
  std::vector<std::string_view> keys;
  for (const AccessKind& k : kAccessKinds) keys.push_back(k.key);
  c.known_properties(configs, path, keys);
  if (configs.empty()) c.add(path, "must NOT have fewer than 1 properties");
  for (auto& [key, values] : configs.items()) {
    const AccessKind* kind = access_kind(key);
    if (!kind || values.is_null()) continue;
    const Path kp = join(path, key);
    if (!c.list(values, kp)) continue;
    if (values.empty()) c.add(kp, "must NOT have fewer than 1 items");
    for (size_t i = 0; i < values.size(); ++i) {
      Json& value = values[i];
      const Path vp = join(kp, i);
      if (!c.string(value, vp)) continue;
      const std::string& s = value.get_ref<const std::string&>();
      if (kind->key == "vpcSubnet" && !is_subnet(s)) c.add(vp, "must be a subnet id (pattern \"subnet-[a-z0-9]+\"), got " + describe(value));
      if (kind->key == "vpcSecurityGroup" && !is_security_group(s))
        c.add(vp, "must be a security group id (pattern \"sg-[a-z0-9]+\"), got " + describe(value));
      if (kind->secret && !is_secrets_manager_arn(value))
        c.add(vp, "must be a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>), got " +
                      describe(value));
    }
  }
}

}  // namespace

void check_kafka(Checker& c, Json& kafka, const Path& path) {
  if (!c.object(kafka, path)) return;
  c.known_properties(kafka, path, kKafkaProperties);
  for (const char* key : {"accessConfigurations", "bootstrapServers", "topic"}) c.required(kafka, path, key);
  if (Json* v = present(kafka, "accessConfigurations")) check_access_configurations(c, *v, join(path, "accessConfigurations"));
  if (Json* v = present(kafka, "batchSize")) check_number(c, *v, join(path, "batchSize"), 1, 10000);
  if (Json* v = present(kafka, "maximumBatchingWindow")) check_number(c, *v, join(path, "maximumBatchingWindow"), 0, 300);
  if (Json* v = present(kafka, "enabled")) c.boolean(*v, join(path, "enabled"));
  if (Json* v = present(kafka, "bootstrapServers")) {
    const Path bp = join(path, "bootstrapServers");
    if (c.list(*v, bp)) {
      if (v->empty()) c.add(bp, "must NOT have fewer than 1 items");
      for (size_t i = 0; i < v->size(); ++i) c.string((*v)[i], join(bp, i));
    }
  }
  if (Json* v = present(kafka, "startingPosition"))
    c.one_of(*v, join(path, "startingPosition"), {"LATEST", "TRIM_HORIZON", "AT_TIMESTAMP"});
  if (Json* v = present(kafka, "startingPositionTimestamp")) c.number(*v, join(path, "startingPositionTimestamp"));
  if (Json* v = present(kafka, "topic")) c.string(*v, join(path, "topic"));
  if (Json* v = present(kafka, "onFailureDestination")) c.string(*v, join(path, "onFailureDestination"));
  if (Json* v = present(kafka, "consumerGroupId")) c.string(*v, join(path, "consumerGroupId"), 0, 200);
  if (Json* v = present(kafka, "filterPatterns")) check_filter_patterns(c, *v, join(path, "filterPatterns"));
  if (Json* v = present(kafka, "provisionedPollerConfig")) {
    const Path pp = join(path, "provisionedPollerConfig");
    if (c.object(*v, pp)) {
      if (v->empty()) c.add(pp, "must NOT have fewer than 1 properties");
      if (Json* n = present(*v, "minimumPollers")) check_number(c, *n, join(pp, "minimumPollers"), 1, 200);
      if (Json* n = present(*v, "maximumPollers")) check_number(c, *n, join(pp, "maximumPollers"), 1, 2000);
    }
  }
}

void compile_kafka(PackageContext& ctx, const Events& events) {
  for (const Events& function_events : by_function(events)) {
    Grants grants;
    for (const Event& e : function_events) {
      const Json* topic = js::get(*e.body, "topic");
      ctx.resources()[naming::kafka_event_logical_id(e.function, topic && topic->is_string() ? topic->get<std::string>() : "")] =
          mapping_resource(ctx, e.function, mapping_properties(ctx, e, grants));
    }
    if (!grants.secrets.empty()) add_role_statement(ctx, allow({"secretsmanager:GetSecretValue"}, std::move(grants.secrets)));
    if (grants.vpc) add_role_statement(ctx, ec2_network_statement());
  }
}

}  // namespace sls::compile::events
