// package:finalize: output export names, the user's `resources:` block
// (merge + `extensions`), and null-property stripping.
#include <string>

#include "util/js_like.h"
#include "aws/compile/steps.h"
#include "util/error.h"

namespace sls::compile {
namespace {

void strip_nulls(Json& obj) {
  if (obj.is_object()) {
    auto& members = obj.get_ref<Json::object_t&>();
    for (auto it = members.begin(); it != members.end();) {
      if (it->second.is_null()) {
        it = members.erase(it);
      } else {
        if (it->second.is_structured()) strip_nulls(it->second);
        ++it;
      }
    }
  } else if (obj.is_array()) {
    // JS `delete` on an array index would leave a hole; osls never sees one in
    // practice, and nulls inside arrays are kept.
    for (auto& e : obj.get_ref<Json::array_t&>())
      if (e.is_structured()) strip_nulls(e);
  }
}

void apply_extension(Json& resource, const std::string& name, const std::string& attr, const Json& value) {
  if (attr == "Condition" || attr == "CreationPolicy" || attr == "DeletionPolicy" ||
      attr == "UpdatePolicy" || attr == "UpdateReplacePolicy") {
    resource[attr] = value;
  } else if (attr == "Properties" || attr == "Metadata") {
    if (!resource.contains(attr) || !js::truthy(resource[attr])) resource[attr] = Json::object();
    js::shallow_assign(resource[attr], value);
  } else if (attr == "DependsOn") {
    Json& deps = resource["DependsOn"];
    if (!js::truthy(deps)) deps = Json::array();
    else if (deps.is_string()) deps = Json::array({deps});
    if (value.is_array())
      for (const auto& v : value) deps.push_back(v);
    else if (value.is_string())
      for (char c : value.get<std::string>()) deps.push_back(std::string(1, c));  // JS spreads strings
  } else {
    throw UserError("Cannot extend \"" + name + "\" resource, as extending the \"" + attr +
                        "\" attribute at this point is not supported. Feel free to propose support "
                        "for it in the CLI issue tracker: https://github.com/oss-serverless/osls/issues",
                    "RESOURCE_EXTENSION_UNSUPPORTED_ATTRIBUTE");
  }
}

}  // namespace

void add_export_name_for_outputs(PackageContext& ctx) {
  auto outputs = ctx.template_.find("Outputs");
  if (outputs == ctx.template_.end() || !outputs->is_object()) return;
  for (auto it = outputs->begin(); it != outputs->end(); ++it) {
    if (!it.value().is_object() || js::truthy(js::get(it.value(), "Export"))) continue;
    it.value()["Export"] = {{"Name", "sls-" + ctx.service.name + "-" + ctx.service.stage + "-" + it.key()}};
  }
}

void merge_custom_provider_resources(PackageContext& ctx) {
  const Json* configured = js::get(ctx.service.config, "resources");
  if (!configured || configured->is_null()) return;
  Json resources;
  if (configured->is_array()) {
    // Legacy form: a list of partial documents, merged in order.
    resources = Json::object();
    for (const auto& part : *configured) {
      if (!js::truthy(part)) continue;
      if (!part.is_object())
        throw UserError("Non-object value specified in resources array: " + part.dump() +
                            ". Each entry of `resources` must be an object.",
                        "LEGACY_CONFIGURATION_PROPERTY_MERGE_INVALID_INPUT");
      js::merge_plain_objects(resources, part);
    }
  } else if (configured->is_object()) {
    resources = *configured;
  } else {
    return;
  }
  if (!js::truthy(js::get(resources, "Resources"))) resources["Resources"] = Json::object();
  if (!js::truthy(js::get(resources, "Outputs"))) resources["Outputs"] = Json::object();

  Json extensions;
  if (auto it = resources.find("extensions"); it != resources.end()) {
    extensions = *it;
    resources.erase(it);
  }
  js::merge_plain_objects(ctx.template_, resources);

  if (!js::truthy(extensions) || !extensions.is_object()) return;
  Json& template_resources = ctx.resources();
  for (auto ext = extensions.begin(); ext != extensions.end(); ++ext) {
    if (!ext.value().is_object()) continue;
    for (auto attr = ext.value().begin(); attr != ext.value().end(); ++attr) {
      auto target = template_resources.find(ext.key());
      if (target == template_resources.end())
        throw UserError("Cannot extend \"" + ext.key() + "\" resource, as it's not found in generated stack",
                        "RESOURCE_EXTENSION_NOT_EXISTING");
      apply_extension(*target, ext.key(), attr.key(), attr.value());
    }
  }
}

void strip_null_props_from_template_resources(PackageContext& ctx) {
  auto resources = ctx.template_.find("Resources");
  if (resources == ctx.template_.end() || !resources->is_object()) return;
  for (auto it = resources->begin(); it != resources->end(); ++it) {
    if (!it.value().is_object()) continue;
    auto props = it.value().find("Properties");
    if (props == it.value().end()) continue;
    if (js::truthy(*props)) strip_nulls(*props);
    else it.value().erase(props);
  }
}

}  // namespace sls::compile
