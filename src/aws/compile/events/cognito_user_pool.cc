// The `cognitoUserPool` event (osls events/cognito-user-pool.js): its schema,
// and for the pools the events create one AWS::Cognito::UserPool each (every
// trigger of the pool in its LambdaConfig, DependsOn the trigger functions)
// followed by one AWS::Lambda::Permission per trigger. Custom sender triggers
// (CustomSMSSender, CustomEmailSender) carry LambdaVersion V1_0 and need the
// pool's one KMS key. `existing: true` pools go through osls's custom
// resource (Custom::CognitoUserPool, one per function, events/existing_targets.h)
// and the shared custom-resource role.
#include <algorithm>
#include <map>

#include "aws/compile/cfn.h"
#include "aws/compile/custom_resources.h"
#include "aws/compile/events/common.h"
#include "aws/compile/events/existing_targets.h"
#include "aws/compile/events/registry.h"
#include "aws/naming.h"
#include "config/patterns.h"
#include "util/js_like.h"

namespace sls::compile::events {
namespace {

const std::vector<std::string_view> kCustomSenders = {"CustomSMSSender", "CustomEmailSender"};
const std::vector<std::string_view> kTriggers = {
    "PreSignUp",           "PostConfirmation",          "PreAuthentication", "PostAuthentication",
    "PreTokenGeneration",  "CustomMessage",             "DefineAuthChallenge", "CreateAuthChallenge",
    "VerifyAuthChallengeResponse", "UserMigration",     "CustomSMSSender",   "CustomEmailSender"};

bool is_custom_sender(const std::string& trigger) {
  return std::find(kCustomSenders.begin(), kCustomSenders.end(), trigger) != kCustomSenders.end();
}

// osls's pool pattern ^[\w\s+=,.@-]+$ (\s as ASCII whitespace here).
bool is_pool_name(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return std::isalnum(c) || c == '_' || std::isspace(c) || std::string_view("+=,.@-").find(ch) != std::string_view::npos;
  });
}

// One event on a pool the service creates.
struct Trigger {
  const Event* event;
  std::string pool;
  std::string source;  // the trigger
  Json kms_key_id;     // null when not given
};

// The text of a property the schema requires as a string (JavaScript's String() otherwise,
// for configValidationMode warn/off).
std::string text_at(const Event& e, const char* key) {
  const Json* v = js::get(*e.body, key);
  if (!v) return "undefined";
  return v->is_string() ? v->get<std::string>() : v->dump();
}

Trigger parse(const Event& e) {
  Trigger t{&e, text_at(e, "pool"), text_at(e, "trigger"), Json()};
  if (const Json* k = js::get(*e.body, "kmsKeyId")) t.kms_key_id = *k;
  return t;
}

// The pool's KMS key: required by custom senders, and one per pool.
void check_kms_key(const Trigger& t, Json& pool_key) {
  if (!js::truthy(t.kms_key_id))
    event_error(*t.event,
                "KMS Key must be set when using a Custom Sender Source Trigger (CustomSMSSender and/or "
                "CustomEmailSender). Affected Cognito User Pool: \"" + t.pool + "\".",
                "COGNITO_KMS_KEY_NOT_SET");
  if (!pool_key.is_null() && pool_key != t.kms_key_id)
    event_error(*t.event,
                "Only one KMS Key for can be configured per Cognito User Pool. Affected Cognito User Pool: \"" +
                    t.pool + "\".",
                "COGNITO_KMS_KEY_ID_NOT_SAME_FOR_SINGLE_USER_POOL");
  pool_key = t.kms_key_id;
}

Json user_pool(const PackageContext& ctx, const std::string& pool, const std::vector<Trigger>& triggers) {
  Json lambda_config = Json::object();
  Json depends_on = Json::array();
  Json pool_key;
  for (const Trigger& t : triggers) {
    if (t.pool != pool) continue;
    const std::string& fn = t.event->function;
    if (is_custom_sender(t.source)) {
      Json sender = Json::object();
      sender["LambdaArn"] = lambda_target(ctx, fn);
      sender["LambdaVersion"] = "V1_0";
      lambda_config[t.source] = std::move(sender);
      check_kms_key(t, pool_key);
      lambda_config["KMSKeyID"] = t.kms_key_id;
    } else {
      lambda_config[t.source] = lambda_target(ctx, fn);
    }
    const std::string alias = lambda_target_alias(ctx, fn);
    depends_on.push_back(alias.empty() ? naming::lambda_logical_id(fn) : alias);
  }
  Json props = Json::object();
  props["UserPoolName"] = pool;
  props["LambdaConfig"] = std::move(lambda_config);
  Json resource = cfn::resource("AWS::Cognito::UserPool", std::move(props));
  resource["DependsOn"] = std::move(depends_on);
  return resource;
}

Json permission(const PackageContext& ctx, const Trigger& t) {
  Json p = lambda_permission(lambda_target(ctx, t.event->function), "cognito-idp.amazonaws.com",
                             cfn::get_att(naming::cognito_user_pool_logical_id(t.pool), "Arn"));
  return depends_on_alias(std::move(p), lambda_target_alias(ctx, t.event->function));
}

const ExistingTargetKind kExistingPool{"Custom::CognitoUserPool",
                                       custom_resources::existing_cognito_user_pool(),
                                       naming::custom_cognito_user_pool_resource_logical_id,
                                       "UserPoolName",
                                       "UserPoolConfigs",
                                       "Cognito User Pool",
                                       "COGNITO_MULTIPLE_USER_POOLS_PER_FUNCTION"};

Json statement(Json resource, std::vector<std::string> actions) {
  return {{"Effect", "Allow"}, {"Resource", std::move(resource)}, {"Action", std::move(actions)}};
}

// The statements osls adds once any function uses an existing pool.
void push_lambda_statements(Json& statements) {
  const Json functions = cfn::sub("arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:*");
  Json add = statement(functions, {"lambda:AddPermission"});
  add["Condition"] = {{"StringEquals", {{"lambda:Principal", "cognito-idp.amazonaws.com"}}}};
  statements.push_back(std::move(add));
  statements.push_back(statement(functions, {"lambda:RemovePermission"}));
  statements.push_back(statement(cfn::sub("arn:${AWS::Partition}:iam::*:role/*"), {"iam:PassRole"}));
}

// osls's existingCognitoUserPools: the Custom::CognitoUserPool resources, the
// role statements and the handler.
void compile_existing(PackageContext& ctx, const std::vector<const Event*>& events) {
  ExistingTargets targets(kExistingPool);
  std::map<std::string, Json> pool_keys;
  Json statements = Json::array();
  for (const Event* e : events) {
    const Trigger t = parse(*e);
    targets.check(ctx, *e, t.pool);
    Json config = {{"Trigger", t.source}};
    if (is_custom_sender(t.source)) {
      config["LambdaVersion"] = "V1_0";
      check_kms_key(t, pool_keys[t.pool]);
      config["KMSKeyID"] = t.kms_key_id;
    }
    if (targets.add(ctx, *e, t.pool, std::move(config), js::truthy(js::get(*e->body, "forceDeploy")))) {
      if (is_custom_sender(t.source) && js::truthy(t.kms_key_id))
        statements.push_back(statement(t.kms_key_id, {"kms:CreateGrant"}));
      statements.push_back(statement("*", {"cognito-idp:ListUserPools", "cognito-idp:DescribeUserPool",
                                           "cognito-idp:UpdateUserPool"}));
    }
  }
  if (targets.empty()) return;
  push_lambda_statements(statements);
  targets.finish(ctx);
  custom_resources::add_to_service(ctx, custom_resources::existing_cognito_user_pool(), statements);
}

}  // namespace

void check_cognito_user_pool(Checker& c, Json& body, const Path& path) {
  if (!c.object(body, path)) return;
  c.known_properties(body, path, {"pool", "trigger", "existing", "forceDeploy", "kmsKeyId"});
  c.required(body, path, "pool");
  c.required(body, path, "trigger");
  if (Json* v = present(body, "pool")) {
    const Path p = join(path, "pool");
    if (c.string(*v, p, 0, 128))
      c.pattern(*v, p, is_pool_name, "must match pattern \"^[\\w\\s+=,.@-]+$\"");
  }
  if (Json* v = present(body, "trigger")) c.one_of(*v, join(path, "trigger"), kTriggers);
  for (const char* flag : {"existing", "forceDeploy"})
    if (Json* v = present(body, flag)) c.boolean(*v, join(path, flag));
  if (Json* v = present(body, "kmsKeyId")) {  // osls's awsKmsArn
    const bool ok = v->is_object() || (v->is_string() && config::patterns::is_kms_arn(v->get_ref<const std::string&>()));
    if (!ok) c.add(join(path, "kmsKeyId"), v->is_string() ? "unsupported string format" : "unsupported configuration format");
  }
}

void compile_cognito_user_pool(PackageContext& ctx, const Events& events) {
  std::vector<Trigger> triggers;
  std::vector<std::string> pools;  // in order of first appearance
  std::vector<const Event*> existing;
  for (const Event& e : events) {
    if (option(e, "existing")) {
      existing.push_back(&e);
      continue;
    }
    triggers.push_back(parse(e));
    if (std::find(pools.begin(), pools.end(), triggers.back().pool) == pools.end())
      pools.push_back(triggers.back().pool);
  }
  Json& resources = ctx.resources();
  for (const std::string& pool : pools) resources[naming::cognito_user_pool_logical_id(pool)] = user_pool(ctx, pool, triggers);
  for (const Trigger& t : triggers)
    resources[naming::lambda_cognito_user_pool_permission_logical_id(t.event->function, t.pool, t.source)] =
        permission(ctx, t);
  compile_existing(ctx, existing);
}

}  // namespace sls::compile::events
