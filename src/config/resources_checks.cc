#include "config/resources_checks.h"

namespace sls::config::schema {
namespace {

void check_resource(Checker& c, Json& resource, const Path& path) {
  if (!c.object(resource, path)) return;
  c.required(resource, path, "Type");
  auto type = resource.find("Type");
  if (type != resource.end() && !type->is_null()) c.string(*type, Path(path, "Type"));
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
}

}  // namespace sls::config::schema
