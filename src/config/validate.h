// Validation of the resolved service configuration against the subset of
// osls's configuration schema that sls relies on (root keys, provider, functions,
// each event type through the EventTypes its caller gives). Messages name the property path, e.g.
// `functions.hello.timeout: must be integer, got "abc"`.
#pragma once
#include <string>
#include <vector>

#include "config/event_types.h"
#include "util/json.h"

namespace sls::config {

struct ValidationIssue {
  std::string path;     // "functions.hello.timeout"; "" for the document root
  std::string message;  // "must be integer, got \"abc\""
};

// Every issue found; values osls would coerce (memorySize: "256") are accepted.
std::vector<ValidationIssue> validate_service_config(const Json& config, const EventTypes& types);

// Same, and also applies osls's (ajv's) type coercion to `config` in place, e.g.
// memorySize "256" -> 256, environment values 3000 -> "3000", schedule rate
// "rate(1 minute)" -> ["rate(1 minute)"]. osls writes the coerced values to the
// template, so call this before compiling.
std::vector<ValidationIssue> validate_and_coerce(Json& config, const EventTypes& types);

// "functions.hello.timeout: must be integer, got \"abc\"" (root issues: "root: ...").
std::string format_issue(const ValidationIssue& issue);

// Throws one UserError (code INVALID_NON_SCHEMA_COMPLIANT_CONFIGURATION) listing
// every issue, ending with a hint. osls 4.3.1's default configValidationMode is
// "error" (fatal, exit 1) and so is ours; when the config itself sets
// configValidationMode "warn" or "off" nothing is thrown and the issues are
// returned for the caller to print as warnings ("off": empty).
std::vector<ValidationIssue> validate_or_throw(const Json& config, const std::string& file_name,
                                              const EventTypes& types);
// validate_or_throw plus the in-place coercion of validate_and_coerce.
std::vector<ValidationIssue> validate_coerce_or_throw(Json& config, const std::string& file_name,
                                                     const EventTypes& types);

}  // namespace sls::config
