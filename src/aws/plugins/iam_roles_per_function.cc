#include "aws/plugins/iam_roles_per_function.h"

#include <map>

#include "aws/naming.h"
#include "util/error.h"
#include "util/js_like.h"

namespace sls::plugins {
namespace {

[[noreturn]] void fail(const std::string& message) {
  throw UserError(std::string(kIamRolesPerFunction) + ": ERROR: " + message, "IAM_ROLES_PER_FUNCTION");
}

// lodash's isEmpty: no own members (objects, arrays, strings); numbers, booleans and null are empty.
bool is_empty(const Json* v) {
  if (!v) return true;
  if (v->is_string()) return v->get_ref<const std::string&>().empty();
  return (v->is_object() || v->is_array()) ? v->empty() : true;
}

const Json* member(const Json& obj, const char* key) { return js::get(obj, key); }

Json statement(const char* const (&actions)[4], Json resources) {
  Json list = Json::array();
  for (const char* a : actions) list.push_back(a);
  return Json{{"Effect", "Allow"}, {"Action", std::move(list)}, {"Resource", std::move(resources)}};
}

// "statement 0 is missing the following properties: Effect, Action / NotAction".
void validate_statements(const Json* statements) {
  if (is_empty(statements)) return;
  std::string violations;
  if (!statements->is_array()) {
    violations = "it is not an array";
  } else {
    for (size_t i = 0; i < statements->size(); ++i) {
      const Json& s = (*statements)[i];
      std::string missing;
      for (auto props : {std::vector<const char*>{"Effect"}, {"Action", "NotAction"}, {"Resource", "NotResource"}}) {
        bool any = false;
        for (const char* p : props) any = any || (s.is_object() && js::truthy(member(s, p)));
        if (any) continue;
        std::string names;
        for (const char* p : props) names += (names.empty() ? "" : " / ") + std::string(p);
        missing += (missing.empty() ? "" : ", ") + names;
      }
      if (!missing.empty())
        violations += (violations.empty() ? "" : "; ") + ("statement " + std::to_string(i) +
                                                          " is missing the following properties: " + missing);
    }
  }
  if (!violations.empty())
    fail("iamRoleStatements should be an array of objects, where each object has Effect, Action / NotAction, "
         "Resource / NotResource fields. Specifically, " + violations);
}

// The DynamoDB and Kinesis stream statements, in that order.
std::vector<Json> stream_statements(const std::string& name, const Json& fn) {
  const Json* events = member(fn, "events");
  if (is_empty(events) || !events->is_array()) return {};
  Json dynamodb = Json::array(), kinesis = Json::array();
  for (const Json& event : *events) {
    const Json* stream = member(event, "stream");
    if (!stream) continue;
    const Json* arn = js::truthy(member(*stream, "arn")) ? member(*stream, "arn") : stream;
    std::string type;
    if (const Json* t = member(*stream, "type"); js::truthy(t) && t->is_string()) {
      type = t->get<std::string>();
    } else if (arn->is_string()) {
      const std::string& s = arn->get_ref<const std::string&>();
      size_t a = s.find(':'), b = a == std::string::npos ? a : s.find(':', a + 1);
      if (b != std::string::npos) type = s.substr(b + 1, s.find(':', b + 1) - b - 1);
    } else {
      fail("the stream of function \"" + name + "\" (functions." + name +
           ".events) needs a \"type\" (dynamodb or kinesis) when its arn is not a string.");
    }
    if (type == "dynamodb") dynamodb.push_back(*arn);
    else if (type == "kinesis") kinesis.push_back(*arn);
    else fail("Unsupported stream type: " + type + " for function: " + name);
  }
  std::vector<Json> out;
  if (!dynamodb.empty())
    out.push_back(statement({"dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream",
                             "dynamodb:ListStreams"}, std::move(dynamodb)));
  if (!kinesis.empty())
    out.push_back(statement({"kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStream",
                             "kinesis:ListStreams"}, std::move(kinesis)));
  return out;
}

std::optional<Json> sqs_statement(const Json& fn) {
  Json queues = Json::array();
  if (const Json* events = member(fn, "events"); events && events->is_array())
    for (const Json& event : *events)
      if (const Json* sqs = member(event, "sqs"))
        queues.push_back(js::truthy(member(*sqs, "arn")) ? *member(*sqs, "arn") : *sqs);
  if (queues.empty()) return std::nullopt;
  Json s{{"Effect", "Allow"},
         {"Action", Json::array({"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"})},
         {"Resource", std::move(queues)}};
  return s;
}

// The length AWS will see: AWS::Region counts as the region's name.
size_t role_name_length(const Json& parts, const std::string& region) {
  size_t length = parts.size() - 1;
  for (const Json& part : parts) {
    if (const Json* ref = member(part, "Ref"))
      length += ref->is_string() && *ref == "AWS::Region" ? region.size() : ref->is_string() ? ref->get_ref<const std::string&>().size() : 0;
    else if (part.is_string())
      length += part.get_ref<const std::string&>().size();
  }
  return length;
}

Json function_role_name(const PackageContext& ctx, const std::string& name) {
  Json parts = Json::array({ctx.service.name, ctx.service.stage, name, {{"Ref", "AWS::Region"}}, "lambdaRole"});
  if (role_name_length(parts, ctx.service.region) > 64) parts.erase(parts.size() - 1);
  if (role_name_length(parts, ctx.service.region) > 64)
    fail("auto generated role name for function: " + name +
         " is too long (over 64 chars).\n        Try setting a custom role name using the property: "
         "iamRoleStatementsName.");
  return Json{{"Fn::Join", Json::array({"-", std::move(parts)})}};
}

// The function's resource now uses `role` instead of the shared one.
std::string point_function_at(PackageContext& ctx, const std::string& name, const std::string& role) {
  std::string id = naming::lambda_logical_id(name);
  Json& resources = ctx.resources();
  Json* fn = resources.contains(id) ? &resources[id] : nullptr;
  const Json* props = fn ? member(*fn, "Properties") : nullptr;
  const Json* role_ref = props ? member(*props, "Role") : nullptr;
  const Json* get_att = role_ref ? member(*role_ref, "Fn::GetAtt") : nullptr;
  const Json* depends = fn ? member(*fn, "DependsOn") : nullptr;
  if (is_empty(fn) || is_empty(props) || is_empty(role_ref) || !get_att || !get_att->is_array() ||
      get_att->empty() || !depends || !depends->is_array())
    fail("Function Resource is not in expected format. For function name: " + name);
  Json list = Json::array({role});
  for (const Json& d : *depends)
    if (d != naming::kRoleLogicalId) list.push_back(d);
  (*fn)["DependsOn"] = std::move(list);
  (*fn)["Properties"]["Role"]["Fn::GetAtt"][0] = role;
  return id;
}

const Json* provider_statements(const Json& provider) {
  if (const Json* iam = member(provider, "iam"); js::truthy(iam)) {
    const Json* role = member(*iam, "role");
    return role && role->is_object() ? member(*role, "statements") : nullptr;
  }
  return member(provider, "iamRoleStatements");
}

struct Settings {
  bool default_inherit = false;
  const Json* global_boundary = nullptr;
};

void create_role(PackageContext& ctx, const std::string& name, const Json& fn, const Settings& settings,
                 std::map<std::string, std::string>& function_roles) {
  const Json* own = member(fn, "iamRoleStatements");
  if (!own) return;
  if (js::truthy(member(fn, "role")))
    fail("Define function with both 'role' and 'iamRoleStatements' is not supported. Function name: " + name);
  validate_statements(own);
  Json& resources = ctx.resources();
  if (!resources.contains(naming::kRoleLogicalId) || !resources[naming::kRoleLogicalId].is_object())
    fail("function \"" + name + "\" lists iamRoleStatements, but the service has no " +
         naming::kRoleLogicalId + " role to start from (provider.iam.role names an existing role).");
  Json& global = resources[naming::kRoleLogicalId];
  Json role = global;
  const Json& provider = ctx.provider();
  Json statements = Json::array();
  const Json* fn_name = member(fn, "name");
  statements.push_back(
      {{"Effect", "Allow"},
       {"Action", Json::array({"logs:CreateLogStream", "logs:CreateLogGroup", "logs:PutLogEvents"})},
       {"Resource", Json::array({{{"Fn::Sub", "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:" +
                                                  naming::log_group_name(fn_name && fn_name->is_string() ? fn_name->get<std::string>() : "undefined") +
                                                  ":*:*"}}})}});
  role["Properties"]["ManagedPolicyArns"] = Json::array();
  if (!is_empty(member(fn, "vpc")) || !is_empty(member(provider, "vpc")))
    role["Properties"]["ManagedPolicyArns"] = Json::array(
        {{{"Fn::Join", Json::array({"", Json::array({"arn:", {{"Ref", "AWS::Partition"}},
                                                     ":iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"})})}}});
  for (Json& s : stream_statements(name, fn)) statements.push_back(std::move(s));
  if (auto s = sqs_statement(fn)) statements.push_back(std::move(*s));
  if (const Json* on_error = member(fn, "onError"); !is_empty(on_error))
    statements.push_back({{"Effect", "Allow"}, {"Action", Json::array({"sns:Publish"})}, {"Resource", *on_error}});
  const Json* inherit = member(fn, "iamRoleStatementsInherit");
  bool is_inherit = js::truthy(inherit) || (settings.default_inherit && !(inherit && *inherit == false));
  if (const Json* shared = provider_statements(provider); is_inherit && !is_empty(shared) && shared->is_array())
    for (const Json& s : *shared) statements.push_back(s);
  if (own->is_array())
    for (const Json& s : *own) statements.push_back(s);
  role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"] = std::move(statements);

  const Json* boundary = member(fn, "iamPermissionsBoundary");
  if (js::truthy(boundary) || js::truthy(settings.global_boundary))
    role["Properties"]["PermissionsBoundary"] = js::truthy(boundary) ? *boundary : *settings.global_boundary;
  if (js::truthy(settings.global_boundary)) global["Properties"]["PermissionsBoundary"] = *settings.global_boundary;
  const Json* role_name = member(fn, "iamRoleStatementsName");
  role["Properties"]["RoleName"] = js::truthy(role_name) ? *role_name : function_role_name(ctx, name);

  std::string role_id = naming::normalized_function_name(name) + naming::kRoleLogicalId;
  resources[role_id] = std::move(role);
  function_roles[point_function_at(ctx, name, role_id)] = role_id;
}

// Event source mappings of those functions wait for the function's own role.
void set_event_source_mappings(PackageContext& ctx, const std::map<std::string, std::string>& function_roles) {
  for (auto& [id, resource] : ctx.resources().items()) {
    if (!resource.is_object() || resource.value("Type", Json()) != "AWS::Lambda::EventSourceMapping") continue;
    const Json* props = member(resource, "Properties");
    const Json* fn = props ? member(*props, "FunctionName") : nullptr;
    const Json* get_att = fn ? member(*fn, "Fn::GetAtt") : nullptr;
    if (!get_att || !get_att->is_array() || get_att->empty() || !(*get_att)[0].is_string()) continue;
    auto role = function_roles.find((*get_att)[0].get<std::string>());
    if (role != function_roles.end()) resource["DependsOn"] = role->second;
  }
}

}  // namespace

void create_roles_per_function(PackageContext& ctx) {
  const Json& functions = ctx.functions();
  if (!functions.is_object() || functions.empty()) return;
  Settings settings;
  if (const Json* custom = member(ctx.service.config, "custom")) {
    if (const Json* mine = member(*custom, kIamRolesPerFunction)) {
      settings.default_inherit = js::truthy(member(*mine, "defaultInherit"));
      settings.global_boundary = member(*mine, "iamGlobalPermissionsBoundary");
    }
  }
  std::map<std::string, std::string> function_roles;
  for (const auto& [name, fn] : functions.items())
    if (fn.is_object()) create_role(ctx, name, fn, settings, function_roles);
  set_event_source_mappings(ctx, function_roles);
}

}  // namespace sls::plugins
