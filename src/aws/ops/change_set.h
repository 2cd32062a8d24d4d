// What `sls diff` shows: the changes of a CloudFormation change set
// (DescribeChangeSet's Changes), grouped into added / modified / removed, as
// text for people and as a JSON object for CI. Pure: no AWS calls.
#pragma once
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "aws/ops/log_format.h"
#include "util/json.h"

namespace sls::aws::ops {

struct PropertyChange {
  std::string path;                 // "Environment.Variables.STAGE", "Code", "Tags"
  std::string requires_recreation;  // Never | Conditionally | Always ("" when unknown)
  std::string change_source;        // DirectModification, ResourceReference, ... or "Template" (our fallback)
};

struct ResourceChange {
  std::string action;       // Add | Modify | Remove | Import | Dynamic
  std::string logical_id;
  std::string physical_id;
  std::string type;
  std::string replacement;  // True | False | Conditional ("" when CloudFormation did not say)
  std::vector<PropertyChange> properties;
  std::string code_hash;    // a function or layer whose code is new: base64 SHA-256 of its zip
  bool retained = false;    // removed from the stack, kept in the account (PolicyAction, or the
                            // deployed template's DeletionPolicy: Retain where the change set has none)
};

struct DiffReport {
  std::string stack_name;
  bool stack_exists = true;  // false: nothing deployed yet, every resource is an addition
  std::vector<ResourceChange> changes;
};

// "/Properties/Environment/Variables/STAGE" -> "Environment.Variables.STAGE";
// without a path the detail's Name, else its Attribute ("Tags", "Metadata").
std::string property_path(const std::string& attribute, const std::string& name, const std::string& path);

// The <Changes> of one DescribeChangeSet result page, in reply order; a
// property touched by several details is listed once, with its strongest
// RequiresRecreation.
std::vector<ResourceChange> parse_changes(const pugi::xml_node& describe_result);

// The property paths (dotted, from Properties down) where two resources'
// Properties differ, in the new resource's key order, then removed ones. For
// change sets that carry no Details (moto's).
std::vector<std::string> changed_property_paths(const Json& before, const Json& after);

// Plain text, one line per resource, grouped; "No changes." when there are none.
std::string render_diff(const DiffReport& report, const Style& aside);
Json diff_json(const DiffReport& report);

}  // namespace sls::aws::ops
