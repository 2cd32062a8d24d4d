#include "aws/compile/events/event_source_mapping.h"

#include "aws/compile/events/common.h"
#include "aws/compile/provider_util.h"
#include "util/js_like.h"

namespace sls::compile::events {

Json mapping_depends_on(const PackageContext& ctx, const std::string& fn) {
  Json depends_on = Json::array();
  if (auto role = function_role_resource_name(ctx.provider(), function_config(ctx, fn)))
    depends_on.push_back(*role);
  if (std::string alias = lambda_target_alias(ctx, fn); !alias.empty()) depends_on.push_back(alias);
  return depends_on;
}

Json filter_criteria(const Json& patterns) {
  Json filters = Json::array();
  if (patterns.is_array())
    for (const Json& pattern : patterns) filters.push_back({{"Pattern", js::stringify(pattern)}});
  return {{"Filters", std::move(filters)}};
}

Json allow(std::initializer_list<const char*> actions, Json resources) {
  Json action = Json::array();
  for (const char* a : actions) action.push_back(a);
  return {{"Effect", "Allow"}, {"Action", std::move(action)}, {"Resource", std::move(resources)}};
}

void add_role_statement_if_any(PackageContext& ctx, std::initializer_list<const char*> actions,
                               Json resources) {
  if (resources.empty()) return;
  add_role_statement(ctx, allow(actions, std::move(resources)));
}

void check_filter_patterns(config::schema::Checker& c, Json& value, const config::schema::Path& path) {
  if (!c.list(value, path)) return;
  if (value.empty()) c.add(path, "must NOT have fewer than 1 items");
  if (value.size() > 10) c.add(path, "must NOT have more than 10 items");
  for (size_t i = 0; i < value.size(); ++i) {
    if (!value[i].is_object())
      c.add(config::schema::join(path, i), "must be object, got " + config::schema::describe(value[i]));
  }
}

}  // namespace sls::compile::events
