#include "aws/ops/change_set.h"

#include <algorithm>

#include "aws/api/query.h"

namespace sls::aws::ops {

namespace {

int recreation_rank(const std::string& r) { return r == "Always" ? 3 : r == "Conditionally" ? 2 : r == "Never" ? 1 : 0; }

void diff_values(const Json& before, const Json& after, const std::string& path, std::vector<std::string>& out) {
  if (before == after) return;
  if (before.is_object() && after.is_object()) {
    auto join = [&](const std::string& k) { return path.empty() ? k : path + "." + k; };
    for (const auto& [k, v] : after.items()) diff_values(before.contains(k) ? before[k] : Json(), v, join(k), out);
    for (const auto& [k, v] : before.items())
      if (!after.contains(k)) out.push_back(join(k));
    return;
  }
  if (before.is_array() && after.is_array() && before.size() == after.size()) {
    for (size_t i = 0; i < after.size(); ++i) diff_values(before[i], after[i], path + "." + std::to_string(i), out);
    return;
  }
  out.push_back(path);
}

bool is_added(const std::string& action) { return action == "Add" || action == "Import"; }
bool is_removed(const std::string& action) { return action == "Remove"; }

std::string replacement_note(const std::string& replacement) {
  if (replacement == "True") return "replaced";
  if (replacement == "Conditional") return "may be replaced";
  return "";
}

std::string recreation_note(const std::string& r) {
  if (r == "Always") return "requires replacement";
  if (r == "Conditionally") return "may require replacement";
  return "";
}

std::string resource_line(const char* mark, const ResourceChange& c, const Style& aside) {
  std::string line = "  ";
  line.append(mark).append(" ").append(c.logical_id).append(" ").append(aside("(" + c.type + ")"));
  if (c.action == "Import") line += " imported";
  if (c.retained) line.append(" ").append(aside("(retained: DeletionPolicy Retain)"));
  if (std::string note = replacement_note(c.replacement); !note.empty()) line.append(" ").append(note);
  return line.append("\n");
}

std::string group(const std::string& title, const char* mark, const std::vector<const ResourceChange*>& items,
                  const Style& aside) {
  if (items.empty()) return "";
  std::string out = title + " (" + std::to_string(items.size()) + ")\n";
  for (const ResourceChange* c : items) {
    out += resource_line(mark, *c, aside);
    for (const auto& p : c->properties) {
      out.append("      ").append(p.path);
      if (std::string note = recreation_note(p.requires_recreation); !note.empty())
        out.append(" ").append(aside("(" + note + ")"));
      out.append("\n");
    }
    if (!c->code_hash.empty()) out += "      " + aside("code sha256 ") + c->code_hash + "\n";
  }
  return out;
}

struct Groups {
  std::vector<const ResourceChange*> added, modified, removed;
  size_t replaced = 0;
};

Groups group_changes(const DiffReport& report) {
  Groups g;
  for (const auto& c : report.changes) {
    if (is_added(c.action)) g.added.push_back(&c);
    else if (is_removed(c.action)) g.removed.push_back(&c);
    else g.modified.push_back(&c);
    if (c.replacement == "True" || c.replacement == "Conditional") ++g.replaced;
  }
  return g;
}

Json resource_json(const ResourceChange& c, bool with_properties) {
  Json j = Json::object();
  j["logicalId"] = c.logical_id;
  j["type"] = c.type;
  if (!c.physical_id.empty()) j["physicalId"] = c.physical_id;
  if (c.action == "Import") j["action"] = c.action;
  if (c.retained) j["retained"] = true;
  if (with_properties) {
    j["replacement"] = c.replacement.empty() ? Json() : Json(c.replacement);
    Json props = Json::array();
    for (const auto& p : c.properties) {
      Json pj = {{"path", p.path}};
      pj["requiresRecreation"] = p.requires_recreation.empty() ? Json() : Json(p.requires_recreation);
      pj["changeSource"] = p.change_source.empty() ? Json() : Json(p.change_source);
      props.push_back(pj);
    }
    j["properties"] = props;
  }
  if (!c.code_hash.empty()) j["codeSha256"] = c.code_hash;
  return j;
}

}  // namespace

std::string property_path(const std::string& attribute, const std::string& name, const std::string& path) {
  if (path.empty()) return name.empty() ? attribute : name;
  std::string p = path;
  if (!p.empty() && p[0] == '/') p.erase(0, 1);
  if (p.rfind("Properties/", 0) == 0) p.erase(0, 11);
  std::replace(p.begin(), p.end(), '/', '.');
  return p;
}

std::vector<ResourceChange> parse_changes(const pugi::xml_node& result) {
  std::vector<ResourceChange> out;
  for (const auto& member : api::members(result, "Changes")) {
    pugi::xml_node rc = member.child("ResourceChange");
    if (!rc) continue;
    ResourceChange c;
    c.action = api::child_text(rc, "Action");
    c.logical_id = api::child_text(rc, "LogicalResourceId");
    c.physical_id = api::child_text(rc, "PhysicalResourceId");
    c.type = api::child_text(rc, "ResourceType");
    c.replacement = api::child_text(rc, "Replacement");
    c.retained = c.action == "Remove" && api::child_text(rc, "PolicyAction") == "Retain";
    for (const auto& d : api::members(rc, "Details")) {
      pugi::xml_node t = d.child("Target");
      PropertyChange p{property_path(api::child_text(t, "Attribute"), api::child_text(t, "Name"),
                                     api::child_text(t, "Path")),
                       api::child_text(t, "RequiresRecreation"), api::child_text(d, "ChangeSource")};
      if (p.path.empty()) continue;
      auto same = std::find_if(c.properties.begin(), c.properties.end(),
                               [&](const PropertyChange& q) { return q.path == p.path; });
      if (same == c.properties.end()) {
        c.properties.push_back(p);
      } else if (recreation_rank(p.requires_recreation) > recreation_rank(same->requires_recreation)) {
        same->requires_recreation = p.requires_recreation;
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<std::string> changed_property_paths(const Json& before, const Json& after) {
  std::vector<std::string> out;
  static const Json kEmpty = Json::object();
  const Json& b = before.is_object() && before.contains("Properties") ? before["Properties"] : kEmpty;
  const Json& a = after.is_object() && after.contains("Properties") ? after["Properties"] : kEmpty;
  diff_values(b, a, "", out);
  // Resource attributes beside Properties (DependsOn, DeletionPolicy, Metadata, Condition, ...).
  for (const auto* side : {&after, &before}) {
    if (!side->is_object()) continue;
    for (const auto& [k, v] : side->items()) {
      if (k == "Properties" || k == "Type") continue;
      const Json& other = side == &after ? before : after;
      bool differs = !other.is_object() || !other.contains(k) || other[k] != v;
      if (differs && std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
    }
  }
  return out;
}

std::string render_diff(const DiffReport& report, const Style& aside) {
  Groups g = group_changes(report);
  if (report.changes.empty())
    return "No changes: stack " + report.stack_name + " is up to date with the service.\n";
  std::string out;
  if (!report.stack_exists) out += "Stack " + report.stack_name + " does not exist yet: a deploy creates it.\n";
  out += "Stack " + report.stack_name + ": " + std::to_string(g.added.size()) + " to add, " +
         std::to_string(g.modified.size()) + " to change, " + std::to_string(g.removed.size()) + " to remove";
  if (g.replaced) out += " (" + std::to_string(g.replaced) + " replaced or possibly replaced)";
  out += "\n\n";
  out += group("Added", "+", g.added, aside);
  out += group("Modified", "~", g.modified, aside);
  out += group("Removed", "-", g.removed, aside);
  return out;
}

Json diff_json(const DiffReport& report) {
  Groups g = group_changes(report);
  Json j = Json::object();
  j["stack"] = report.stack_name;
  j["stackExists"] = report.stack_exists;
  j["hasChanges"] = !report.changes.empty();
  j["summary"] = {{"add", g.added.size()}, {"modify", g.modified.size()}, {"remove", g.removed.size()},
                  {"replace", g.replaced}};
  Json added = Json::array(), modified = Json::array(), removed = Json::array();
  for (const auto* c : g.added) added.push_back(resource_json(*c, false));
  for (const auto* c : g.modified) modified.push_back(resource_json(*c, true));
  for (const auto* c : g.removed) removed.push_back(resource_json(*c, false));
  j["added"] = added;
  j["modified"] = modified;
  j["removed"] = removed;
  return j;
}

}  // namespace sls::aws::ops
