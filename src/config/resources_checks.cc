#include "config/resources_checks.h"

namespace sls::config::schema {
namespace {

// DependsOn: osls's awsResourceDependsOn, a list of strings; ajv (coerceTypes
// "array") turns a single name into a one-element list.
void check_depends_on(Checker& c, Json& resource, const Path& path) {
  Json* depends_on = present(resource, "DependsOn");
  if (!depends_on) return;
  const Path list_path = join(path, "DependsOn");
  if (!c.list(*depends_on, list_path)) return;
  for (size_t i = 0; i < depends_on->size(); ++i) c.string((*depends_on)[i], join(list_path, i));
}

void check_resource(Checker& c, Json& resource, const Path& path) {
  if (!c.object(resource, path)) return;
  c.required(resource, path, "Type");
  auto type = resource.find("Type");
  if (type != resource.end() && !type->is_null()) c.string(*type, Path(path, "Type"));
  check_depends_on(c, resource, path);
}

}  // namespace

void check_resources(Checker& c, Json& resources) {
  const Path root = "resources";
  if (!c.object(resources, root)) return;
  auto section = resources.find("Resources");
  if (section == resources.end() || section->is_null()) return;
  const Path path(root, "Resources");
  if (!c.object(*section, path)) return;
  for (auto& [name, resource] : section->items()) {
    if (name == "Fn::Transform") continue;  // the schema allows it beside the resources
    check_resource(c, resource, Path(path, name));
  }
  auto extensions = resources.find("extensions");
  if (extensions == resources.end() || !extensions->is_object()) return;
  const Path extensions_path = join(root, "extensions");
  for (auto& [name, extension] : extensions->items())
    if (extension.is_object()) check_depends_on(c, extension, join(extensions_path, name));
}

}  // namespace sls::config::schema
