#include "package/context.h"

namespace sls {

const Json& PackageContext::functions() const {
  static const Json kEmpty = Json::object();
  auto it = service.config.find("functions");
  if (it == service.config.end() || !it->is_object()) return kEmpty;
  return *it;
}

}  // namespace sls
