// How validation learns which event types exist and what each one's body may
// hold. config/ owns this interface; the provider's event registry
// (aws/compile/events/registry.h) implements it, so config/ includes nothing
// from the provider.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "config/variables.h"
#include "util/json.h"

namespace sls::config {
namespace schema {
class Checker;  // config/schema_checks.h
class Path;
}  // namespace schema

// osls's defineFunctionEvent schema of one event type: checks a non-null body
// at `path` ("functions.f.events.0.http"), coercing values as ajv does.
using EventCheck = void (*)(schema::Checker& c, Json& body, const schema::Path& path);

class EventTypes {
 public:
  virtual ~EventTypes() = default;
  // False when no event type is called `type`; else `check` is its schema
  // check (nullptr: any body is accepted).
  virtual bool find(std::string_view type, EventCheck& check) const = 0;
  // Property names plugins add to the schema (osls's configSchemaHandler
  // defineTopLevelProperty / defineFunctionProperties / defineProvider...) at
  // `where`: "root", "provider" or "function". None unless a plugin adds some.
  virtual std::vector<std::string> extra_properties(std::string_view where) const {
    (void)where;
    return {};
  }
};

// What the service's npm plugins add to the configuration schema (names only:
// their values are the plugins' to check).
struct PluginDefinitions {
  std::vector<std::string> root, provider, function, events;
  PluginSources variable_sources;  // ${name:address} sources the plugins add
};

// `base` plus the plugins' additions; plugin event types accept any body.
class PluginEventTypes : public EventTypes {
 public:
  PluginEventTypes(const EventTypes& base, PluginDefinitions schema) : base_(base), schema_(std::move(schema)) {}
  bool find(std::string_view type, EventCheck& check) const override;
  std::vector<std::string> extra_properties(std::string_view where) const override;

 private:
  const EventTypes& base_;
  PluginDefinitions schema_;
};

}  // namespace sls::config
