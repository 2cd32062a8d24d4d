#include "config/provider_deploy_settings.h"

#include "config/patterns.h"

namespace sls::config {
namespace {

using schema::Checker;
using schema::join;
using schema::Path;
using schema::present;

// `true`/`false` (and their strings, 0 and 1, as ajv coerces), else an object; false otherwise.
bool boolean_or_object(Checker& c, Json& v, const Path& path) {
  schema::coerce_boolean_string(v);
  if (v.is_number_integer() && (v == 0 || v == 1)) v = (v == 1);
  if (v.is_boolean() || v.is_object()) return true;
  c.add(path, "unsupported configuration format");
  return false;
}

void check_deletion_protection(Checker& c, Json& v, const Path& path) {
  if (!boolean_or_object(c, v, path) || v.is_boolean()) return;
  c.known_properties(v, path, {"stages"});
  c.required(v, path, "stages");
  Json* stages = present(v, "stages");
  const Path sp = join(path, "stages");
  if (!stages || !c.list(*stages, sp)) return;
  if (stages->empty()) c.add(sp, "must NOT have fewer than 1 items");
  for (size_t i = 0; i < stages->size(); ++i) {
    const Path ip = join(sp, i);
    if (c.string((*stages)[i], ip))
      c.pattern((*stages)[i], ip, patterns::is_stage_name, "must match pattern \"^[A-Za-z0-9-]+$\"");
  }
}

void check_prune_versions(Checker& c, Json& v, const Path& path) {
  if (!boolean_or_object(c, v, path) || v.is_boolean()) return;
  c.known_properties(v, path, {"number"});
  c.required(v, path, "number");
  if (Json* n = present(v, "number")) c.integer(*n, join(path, "number"), 1);
}

}  // namespace

void check_provider_deploy_settings(Checker& c, Json& provider) {
  if (Json* v = present(provider, "deletionProtection")) check_deletion_protection(c, *v, "provider.deletionProtection");
  if (Json* v = present(provider, "pruneFunctionVersions"))
    check_prune_versions(c, *v, "provider.pruneFunctionVersions");
}

}  // namespace sls::config
