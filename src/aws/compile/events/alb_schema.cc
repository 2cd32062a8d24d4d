// osls's schema of the `alb` event (events/alb/index.js defineFunctionEvent),
// checked by config/validate through the event registry.
#include <regex>

#include "aws/compile/events/registry.h"

namespace sls::compile::events {
namespace {

using Matcher = bool (*)(std::string_view);

bool matches(const std::regex& re, std::string_view s) { return std::regex_match(s.begin(), s.end(), re); }

bool is_listener_arn(std::string_view s) {
  static const std::regex re(R"(^arn:aws[\w-]*:elasticloadbalancing:.+:listener\/app\/[\w-]+\/([\w-]+)\/([\w-]+)$)");
  return matches(re, s);
}
bool is_host(std::string_view s) {
  static const std::regex re(R"(^[A-Za-z0-9*?.-]+$)");
  return matches(re, s);
}
bool is_method(std::string_view s) {
  static const std::regex re(R"(^[A-Z_-]+$)");
  return matches(re, s);
}
bool is_path(std::string_view s) {
  static const std::regex re(R"(^([A-Za-z0-9*?_.$/~"'@:+-]|&amp;)+$)");
  return matches(re, s);
}
bool is_http_code(std::string_view s) {
  static const std::regex re(R"(^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$)");
  return matches(re, s);
}

// ajv's uniqueItems.
void unique(Checker& c, const Json& list, const Path& path) {
  for (size_t i = 1; i < list.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (list[i] == list[j]) {
        c.add(path, "must NOT have duplicate items (items ## " + std::to_string(i) + " and " + std::to_string(j) +
                        " are identical)");
        return;
      }
}

// A list (a single value is wrapped) of strings of at most `max` characters
// that `ok` accepts (nullptr: any).
void strings(Checker& c, Json& v, const Path& path, size_t max, Matcher ok, std::string_view what) {
  if (!c.list(v, path)) return;
  for (size_t i = 0; i < v.size(); ++i) {
    const Path item = join(path, i);
    if (c.string(v[i], item, 0, max) && ok) c.pattern(v[i], item, ok, what);
  }
}

void check_header(Checker& c, Json& h, const Path& path) {
  if (!c.object(h, path)) return;
  c.known_properties(h, path, {"name", "values"});
  c.required(h, path, "name");
  c.required(h, path, "values");
  if (Json* name = present(h, "name")) c.string(*name, join(path, "name"), 0, 40);
  if (Json* values = present(h, "values")) {
    const Path vp = join(path, "values");
    strings(c, *values, vp, 128, nullptr, "");
    if (values->is_array()) unique(c, *values, vp);
  }
}

void check_conditions(Checker& c, Json& conditions, const Path& path) {
  if (!c.object(conditions, path)) return;
  c.known_properties(conditions, path, {"header", "host", "ip", "method", "path", "query"});
  if (Json* h = present(conditions, "header")) {
    const Path hp = join(path, "header");
    if (h->is_array()) {
      for (size_t i = 0; i < h->size(); ++i) check_header(c, (*h)[i], join(hp, i));
    } else if (h->is_object()) {
      check_header(c, *h, hp);
    } else {
      c.add(hp, "must be an object with \"name\" and \"values\", or a list of them, got " + describe(*h));
    }
  }
  if (Json* v = present(conditions, "host"))
    strings(c, *v, join(path, "host"), 128, is_host, R"(must match pattern "^[A-Za-z0-9*?.-]+$")");
  if (Json* v = present(conditions, "ip")) {
    strings(c, *v, join(path, "ip"), SIZE_MAX, nullptr, "");
    if (v->is_array()) unique(c, *v, join(path, "ip"));
  }
  if (Json* v = present(conditions, "method"))
    strings(c, *v, join(path, "method"), 40, is_method, R"(must match pattern "^[A-Z_-]+$")");
  if (Json* v = present(conditions, "path"))
    strings(c, *v, join(path, "path"), 128, is_path, R"(must match pattern "^([A-Za-z0-9*?_.$/~"'@:+-]|&amp;)+$")");
  if (Json* q = present(conditions, "query")) {
    const Path qp = join(path, "query");
    if (!c.object(*q, qp)) return;
    for (auto& [key, value] : q->items()) {
      if (key.size() > 128) c.add(qp, "property name '" + key + "' is invalid: must NOT have more than 128 characters");
      if (!value.is_null()) c.string(value, join(qp, key), 0, 128);
    }
  }
}

void check_health_check(Checker& c, Json& hc, const Path& path) {
  if (!hc.is_object()) {  // ajv's coercion to boolean: "true", 1, ...
    config::schema::coerce_boolean_string(hc);
    if (hc == Json(1) || hc == Json(0)) hc = hc == Json(1);
    if (!hc.is_boolean()) c.add(path, "must be boolean or an object of health check settings, got " + describe(hc));
    return;
  }
  c.known_properties(hc, path, {"healthyThresholdCount", "intervalSeconds", "matcher", "path", "timeoutSeconds",
                                "unhealthyThresholdCount"});
  struct Range { const char* key; long long min, max; };
  for (const Range& r : {Range{"healthyThresholdCount", 2, 10}, Range{"intervalSeconds", 5, 300},
                         Range{"timeoutSeconds", 2, 120}, Range{"unhealthyThresholdCount", 2, 10}})
    if (Json* v = present(hc, r.key)) c.integer(*v, join(path, r.key), r.min, r.max);
  if (Json* v = present(hc, "path")) c.string(*v, join(path, "path"), 1, 1024);
  if (Json* m = present(hc, "matcher")) {
    const Path mp = join(path, "matcher");
    if (!c.object(*m, mp)) return;
    c.known_properties(*m, mp, {"httpCode"});
    if (Json* code = present(*m, "httpCode"); code && c.string(*code, join(mp, "httpCode")))
      c.pattern(*code, join(mp, "httpCode"), is_http_code, R"(must match pattern "^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$")");
  }
}

// awsAlbListenerArn or awsCfRef ({Ref: <non-empty string>}).
void check_listener_arn(Checker& c, Json& arn, const Path& path) {
  if (arn.is_object()) {
    c.required(arn, path, "Ref");
    c.known_properties(arn, path, {"Ref"});
    if (Json* ref = present(arn, "Ref")) c.string(*ref, join(path, "Ref"), 1, SIZE_MAX);
    return;
  }
  if (c.string(arn, path))
    c.pattern(arn, path, is_listener_arn,
              R"(must match pattern "^arn:aws[\w-]*:elasticloadbalancing:.+:listener\/app\/[\w-]+\/([\w-]+)\/([\w-]+)$")");
}

}  // namespace

void check_alb(Checker& c, Json& alb, const Path& path) {
  if (!c.object(alb, path)) return;
  c.known_properties(alb, path, {"authorizer", "conditions", "healthCheck", "listenerArn", "multiValueHeaders",
                                 "priority", "targetGroupName"});
  for (const char* key : {"listenerArn", "priority", "conditions"}) c.required(alb, path, key);
  if (Json* v = present(alb, "authorizer")) strings(c, *v, join(path, "authorizer"), SIZE_MAX, nullptr, "");
  if (Json* v = present(alb, "conditions")) check_conditions(c, *v, join(path, "conditions"));
  if (Json* v = present(alb, "healthCheck")) check_health_check(c, *v, join(path, "healthCheck"));
  if (Json* v = present(alb, "listenerArn")) check_listener_arn(c, *v, join(path, "listenerArn"));
  if (Json* v = present(alb, "multiValueHeaders")) c.boolean(*v, join(path, "multiValueHeaders"));
  if (Json* v = present(alb, "priority")) c.integer(*v, join(path, "priority"), 1, 50000);
  if (Json* v = present(alb, "targetGroupName"); v && c.string(*v, join(path, "targetGroupName"), 1, 32)) {
    static const Matcher is_name = [](std::string_view s) {
      static const std::regex re(R"(^[a-zA-Z0-9-]+$)");
      return matches(re, s);
    };
    c.pattern(*v, join(path, "targetGroupName"), is_name, R"(must match pattern "^[a-zA-Z0-9-]+$")");
  }
}

}  // namespace sls::compile::events
