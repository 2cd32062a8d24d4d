// How validation learns which event types exist and what each one's body may
// hold. config/ owns this interface; the provider's event registry
// (aws/compile/events/registry.h) implements it, so config/ includes nothing
// from the provider.
#pragma once
#include <string_view>

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
};

}  // namespace sls::config
