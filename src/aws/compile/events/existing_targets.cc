#include "aws/compile/events/existing_targets.h"

#include <algorithm>

#include "aws/compile/cfn.h"
#include "aws/compile/events/common.h"
#include "aws/compile/lambda_target.h"
#include "aws/compile/provider_util.h"
#include "aws/naming.h"
#include "util/js_order.h"
#include "util/clock.h"

namespace sls::compile::events {
namespace {

std::string text_of(const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

Json new_resource(const PackageContext& ctx, const ExistingTargetKind& kind, const std::string& fn,
                  const Json& target, Json config, bool force_deploy) {
  const Json& fn_obj = function_config(ctx, fn);
  const auto alias = target_alias(fn, fn_obj);
  const std::string handler_id = naming::lambda_logical_id(kind.handler.function_name);
  Json depends_on = Json::array({naming::lambda_logical_id(fn)});
  if (alias) depends_on.push_back(alias->logical_id);
  depends_on.push_back(handler_id);
  Json props = Json::object();
  props["ServiceToken"] = cfn::get_att(handler_id, "Arn");
  props["FunctionName"] = function_name(ctx, fn, fn_obj);
  if (alias) props["FunctionQualifier"] = alias->name;
  props[kind.name_key] = target;
  props[kind.configs_key] = Json::array({std::move(config)});
  if (force_deploy) props["ForceDeploy"] = epoch_ms();
  return {{"Type", kind.type}, {"Version", 1}, {"DependsOn", std::move(depends_on)}, {"Properties", std::move(props)}};
}

}  // namespace

void ExistingTargets::check(const PackageContext& ctx, const Event& e, const Json& target) const {
  const std::string text = text_of(target);
  auto current = function_target_.find(e.function);
  if (current != function_target_.end() && current->second != text)
    event_error(e,
                "Only one " + std::string(kind_.noun) + " can be configured per function. In \"" +
                    text_of(function_name(ctx, e.function, function_config(ctx, e.function))) +
                    "\" you're attempting to configure \"" + current->second + "\" and \"" + text +
                    "\" at the same time.",
                kind_.code);
}

bool ExistingTargets::add(PackageContext& ctx, const Event& e, const Json& target, Json config, bool force_deploy) {
  check(ctx, e, target);
  const std::string text = text_of(target);
  const std::string id = kind_.logical_id(e.function);
  const bool first = function_target_.try_emplace(e.function, text).second;
  Json& ids = by_target_[text];
  if (!ids.is_array()) ids = Json::array();
  if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  Json& resources = ctx.resources();
  if (first) {
    resources[id] = new_resource(ctx, kind_, e.function, target, std::move(config), force_deploy);
  } else {
    resources[id]["Properties"][kind_.configs_key].push_back(std::move(config));
  }
  return first;
}

void ExistingTargets::finish(PackageContext& ctx) const {
  std::vector<std::string> chain;
  const auto& targets = by_target_.get_ref<const Json::object_t&>();
  for (size_t pos : js::key_order(targets))
    for (const Json& id : (targets.begin() + static_cast<std::ptrdiff_t>(pos))->second)
      if (std::find(chain.begin(), chain.end(), id.get<std::string>()) == chain.end())
        chain.push_back(id.get<std::string>());
  Json& resources = ctx.resources();
  for (size_t i = 1; i < chain.size(); ++i) resources[chain[i]]["DependsOn"].push_back(chain[i - 1]);
}

}  // namespace sls::compile::events
