#include "local/auth_policy.h"
#include "util/text.h"

#include <vector>

namespace sls::local {

namespace {

// Glob match with `*` (any run) and `?` (one character), iterative with backtracking.
bool glob(const std::string& p, const std::string& s) {
  size_t i = 0, j = 0, star = std::string::npos, mark = 0;
  while (j < s.size()) {
    if (i < p.size() && (p[i] == '?' || p[i] == s[j])) {
      ++i;
      ++j;
    } else if (i < p.size() && p[i] == '*') {
      star = i++;
      mark = j;
    } else if (star != std::string::npos) {
      i = star + 1;
      j = ++mark;
    } else {
      return false;
    }
  }
  while (i < p.size() && p[i] == '*') ++i;
  return i == p.size();
}

const Json* field(const Json& obj, const char* name) {
  auto it = obj.find(name);
  return it == obj.end() ? nullptr : &*it;
}

bool covers_invoke(const Json* action) {
  if (!action) return true;  // API Gateway does not insist on Action
  for (const auto& a : string_or_strings(action)) {
    std::string l = ascii_lower(a);
    if (l == "*" || glob(l, "execute-api:invoke")) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> string_or_strings(const Json* v) {
  std::vector<std::string> out;
  if (!v) return out;
  if (v->is_string()) out.push_back(v->get<std::string>());
  if (v->is_array())
    for (const Json& s : *v)
      if (s.is_string()) out.push_back(s.get<std::string>());
  return out;
}

std::string method_arn(const std::string& region, const std::string& api_id, const std::string& stage,
                       const std::string& method, const std::string& path) {
  std::string p = path;
  while (!p.empty() && p.front() == '/') p.erase(0, 1);
  return "arn:aws:execute-api:" + region + ":123456789012:" + api_id + "/" + stage + "/" + method + "/" + p;
}

bool resource_matches(const std::string& pattern, const std::string& arn) {
  if (pattern == "*" || pattern == arn) return true;
  return glob(pattern, arn);
}

PolicyVerdict evaluate_policy(const Json& policy_document, const std::string& arn) {
  if (!policy_document.is_object()) return PolicyVerdict::malformed;
  const Json* statements = field(policy_document, "Statement");
  if (!statements) return PolicyVerdict::malformed;
  std::vector<const Json*> list;
  if (statements->is_object()) list.push_back(statements);
  else if (statements->is_array())
    for (const Json& s : *statements) list.push_back(&s);
  else
    return PolicyVerdict::malformed;
  bool allowed = false;
  for (const Json* s : list) {
    if (!s->is_object()) return PolicyVerdict::malformed;
    const Json* effect = field(*s, "Effect");
    if (!effect || !effect->is_string()) return PolicyVerdict::malformed;
    if (!covers_invoke(field(*s, "Action"))) continue;
    bool hit = false;
    for (const auto& r : string_or_strings(field(*s, "Resource")))
      if (resource_matches(r, arn)) hit = true;
    if (!hit) continue;
    std::string e = ascii_lower(effect->get<std::string>());
    if (e == "deny") return PolicyVerdict::deny;
    if (e == "allow") allowed = true;
  }
  return allowed ? PolicyVerdict::allow : PolicyVerdict::no_match;
}

std::optional<Json> authorizer_context(const Json* context) {
  if (!context || context->is_null()) return Json::object();
  if (!context->is_object()) return std::nullopt;
  for (auto it = context->begin(); it != context->end(); ++it)
    if (!it->is_string() && !it->is_number() && !it->is_boolean()) return std::nullopt;
  return *context;
}

}  // namespace sls::local
