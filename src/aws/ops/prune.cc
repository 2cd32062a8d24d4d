#include "aws/ops/prune.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "aws/naming.h"
#include "config/var_js.h"
#include "util/error.h"
#include "util/js_like.h"

namespace sls::aws::ops {
namespace {

constexpr long long kDefaultPruneVersions = 10;

// parseInt(String(value), 10): leading white space, a sign, then digits; nullopt for NaN.
std::optional<long long> js_parse_int(const Json& value) {
  std::optional<std::string> text = config::vars::js_coerce_string(value);
  if (!text) return std::nullopt;
  size_t i = 0;
  while (i < text->size() && std::isspace(static_cast<unsigned char>((*text)[i]))) ++i;
  bool negative = i < text->size() && (*text)[i] == '-';
  if (i < text->size() && ((*text)[i] == '-' || (*text)[i] == '+')) ++i;
  size_t start = i;
  long long n = 0;
  while (i < text->size() && std::isdigit(static_cast<unsigned char>((*text)[i])) && n < (1LL << 53))
    n = n * 10 + ((*text)[i++] - '0');
  if (i == start) return std::nullopt;
  return negative ? -n : n;
}

// Version numbers as parseInt reads them; what does not parse sorts last.
long long version_number(const std::string& v) { return js_parse_int(Json(v)).value_or(-1); }

bool versioned(const Json& fn, const Json& provider) {
  if (js::truthy(js::get(fn, "durableConfig"))) return false;
  if (const Json* own = js::get_non_null(fn, "versionFunction")) return js::truthy(*own);
  const Json* all = js::get(provider, "versionFunctions");
  return !(all && all->is_boolean() && !all->get<bool>());
}

const Json& object_at(const Json& config, const char* key) {
  static const Json kEmpty = Json::object();
  const Json* v = js::get(config, key);
  return v && v->is_object() ? *v : kEmpty;
}

bool replicated_edge_refusal(const UserError& e) {
  const std::string what = e.what();
  return what.find("Lambda was unable to delete") != std::string::npos &&
         what.find("because it is a replicated function.") != std::string::npos;
}

}  // namespace

std::vector<std::string> function_versions_to_prune(const std::vector<std::string>& versions,
                                                    const std::vector<api::lambda::AliasInfo>& aliases,
                                                    long long keep) {
  std::set<std::string> aliased;
  for (const auto& a : aliases) {
    aliased.insert(a.function_version);
    aliased.insert(a.additional_versions.begin(), a.additional_versions.end());
  }
  std::vector<std::string> candidates;
  for (const auto& v : versions)
    if (v != "$LATEST" && !aliased.count(v)) candidates.push_back(v);
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const std::string& a, const std::string& b) { return version_number(a) > version_number(b); });
  size_t kept = static_cast<size_t>(std::max<long long>(0, keep));
  candidates.erase(candidates.begin(), candidates.begin() + std::min(kept, candidates.size()));
  return candidates;
}

std::vector<long long> layer_versions_to_prune(std::vector<long long> versions, long long keep) {
  std::stable_sort(versions.begin(), versions.end(), std::greater<>());
  size_t kept = static_cast<size_t>(std::max<long long>(0, keep));
  versions.erase(versions.begin(), versions.begin() + std::min(kept, versions.size()));
  return versions;
}

std::optional<long long> builtin_prune_number(const Json& provider) {
  const Json* setting = js::get_non_null(provider, "pruneFunctionVersions");
  if (!setting || (setting->is_boolean() && !setting->get<bool>())) return std::nullopt;
  if (setting->is_boolean()) return kDefaultPruneVersions;
  if (const Json* number = setting->is_object() ? js::get_non_null(*setting, "number") : nullptr)
    if (auto n = js_parse_int(*number); n && *n >= 1) return n;
  throw UserError("provider.pruneFunctionVersions must be true or an object with a positive number property",
                  "INVALID_PRUNE_FUNCTION_VERSIONS_CONFIG");
}

void check_builtin_prune(const Json& config) {
  const Json& provider = object_at(config, "provider");
  if (!builtin_prune_number(provider)) return;
  const Json* all = js::get(provider, "versionFunctions");
  if (!(all && all->is_boolean() && !all->get<bool>())) return;
  bool durable = false, prunable = false;
  for (const auto& [key, fn] : object_at(config, "functions").items()) {
    durable = durable || js::truthy(js::get(fn, "durableConfig"));
    prunable = prunable || versioned(fn, provider);
  }
  if (!durable || prunable)
    throw UserError("provider.pruneFunctionVersions cannot be used when provider.versionFunctions is false unless "
                    "only durable functions force versioning",
                    "PRUNE_INCOMPATIBLE_WITH_VERSION_FUNCTIONS");
}

PluginPruneSettings plugin_prune_settings(const Json& config) {
  PluginPruneSettings out;
  const Json* prune = js::get(object_at(config, "custom"), "prune");
  if (!prune || !prune->is_object()) return out;
  if (const Json* n = js::get_non_null(*prune, "number")) out.number = js_parse_int(*n);
  if (const Json* a = js::get(*prune, "automatic"); a && a->is_boolean()) out.automatic = a->get<bool>();
  if (const Json* l = js::get(*prune, "includeLayers"); l && l->is_boolean()) out.include_layers = l->get<bool>();
  return out;
}

PruneTargets prune_targets(const Json& config, const std::string& service, const std::string& stage,
                           bool versioned_only) {
  PruneTargets out;
  const Json& provider = object_at(config, "provider");
  for (const auto& [key, fn] : object_at(config, "functions").items()) {
    if (versioned_only && !versioned(fn, provider)) continue;
    const Json* name = js::get(fn, "name");
    out.functions.push_back(name && name->is_string() ? name->get<std::string>()
                                                      : naming::default_function_name(service, stage, key));
  }
  for (const auto& [key, layer] : object_at(config, "layers").items()) {
    const Json* name = js::get(layer, "name");
    out.layers.push_back(name && name->is_string() && !name->get_ref<const std::string&>().empty()
                             ? name->get<std::string>()
                             : key);
  }
  return out;
}

PruneCounts prune_versions(const api::AwsContext& ctx, const PruneRequest& request, const deploy::Reporter& reporter) {
  PruneCounts counts;
  if (request.functions) {
    for (const auto& fn : request.targets.functions) {
      auto versions = api::lambda::list_versions_by_function(ctx, fn);
      if (versions.empty()) continue;
      auto doomed = function_versions_to_prune(versions, api::lambda::list_aliases(ctx, fn), request.keep);
      for (const auto& v : doomed) {
        if (request.dry_run) {
          reporter.say_info(fn + ":" + v + " selected for deletion.");
          continue;
        }
        reporter.say_info("Deleting function version " + fn + ":" + v + ".");
        try {
          api::lambda::delete_function_version(ctx, fn, v);
          ++counts.function_versions;
        } catch (const UserError& e) {
          if (!replicated_edge_refusal(e)) throw;
          reporter.say_warning("Unable to delete replicated Lambda@Edge function version " + fn + ":" + v + ".");
        }
      }
    }
  }
  if (request.layers) {
    for (const auto& layer : request.targets.layers) {
      for (long long v : layer_versions_to_prune(api::lambda::list_layer_versions(ctx, layer), request.keep)) {
        const std::string shown = layer + ":" + std::to_string(v);
        if (request.dry_run) {
          reporter.say_info(shown + " selected for deletion.");
          continue;
        }
        reporter.say_info("Deleting layer version " + shown + ".");
        api::lambda::delete_layer_version(ctx, layer, v);
        ++counts.layer_versions;
      }
    }
  }
  return counts;
}

std::string pruned_summary(size_t count, const std::string& what) {
  if (count == 0) return "";
  return "Pruned " + std::to_string(count) + " " + what + " version" + (count == 1 ? "" : "s");
}

}  // namespace sls::aws::ops
