#include "local/lambda_integration.h"

#include <regex>

#include "util/js_like.h"
#include "util/text.h"

namespace sls::local {

namespace {

std::string text(const Json& v) {
  if (v.is_null()) return "";
  return v.is_string() ? v.get<std::string>() : js::stringify(v);
}

Json strings_of(const Json* obj) {
  Json out = Json::object();
  if (obj && obj->is_object())
    for (auto it = obj->begin(); it != obj->end(); ++it) out[it.key()] = text(it.value());
  return out;
}

bool is_json_type(const Json& headers) {
  if (!headers.is_object()) return false;
  for (auto it = headers.begin(); it != headers.end(); ++it) {
    if (iequals(it.key(), "content-type") && it->is_string()) {
      std::string v = it->get<std::string>();
      return v.find("application/json") != std::string::npos || v.find("+json") != std::string::npos;
    }
  }
  return false;
}

// A static header value of response.headers: 'text' in single quotes.
void add_static_headers(const Json* headers, HttpResponse& out) {
  if (!headers || !headers->is_object()) return;
  for (auto it = headers->begin(); it != headers->end(); ++it) {
    if (!it->is_string()) continue;
    const std::string& v = it->get_ref<const std::string&>();
    if (v.size() >= 2 && v.front() == '\'' && v.back() == '\'') out.headers.emplace_back(it.key(), v.substr(1, v.size() - 2));
  }
}

}  // namespace

Json lambda_integration_event(const Json& proxy) {
  const Json& rc = proxy["requestContext"];
  Json authorizer = rc.contains("authorizer") && rc["authorizer"].is_object() ? rc["authorizer"] : Json::object();
  if (!authorizer.contains("principalId")) authorizer["principalId"] = "offlineContext_authorizer_principalId";
  Json e = Json::object();
  const Json& raw = proxy["body"];
  if (raw.is_null() || (raw.is_string() && raw.get<std::string>().empty())) {
    e["body"] = Json::object();
  } else {
    Json parsed = is_json_type(proxy["headers"]) ? Json::parse(raw.get<std::string>(), nullptr, false) : Json();
    e["body"] = parsed.is_discarded() || parsed.is_null() ? raw : parsed;
  }
  e["method"] = proxy["httpMethod"];
  e["principalId"] = text(authorizer["principalId"]);
  e["stage"] = rc["stage"];
  const Json* claims = js::get(authorizer, "claims");
  e["cognitoPoolClaims"] = {{"sub", claims && claims->is_object() && claims->contains("sub") ? text((*claims)["sub"]) : ""}};
  Json enhanced = Json::object();
  for (auto it = authorizer.begin(); it != authorizer.end(); ++it)
    enhanced[it.key()] = it.key() == "claims" ? Json(nullptr) : Json(text(it.value()));
  e["enhancedAuthContext"] = enhanced;
  e["headers"] = strings_of(js::get(proxy, "headers"));
  e["query"] = strings_of(js::get(proxy, "queryStringParameters"));
  e["path"] = strings_of(js::get(proxy, "pathParameters"));
  const Json& id = rc["identity"];
  Json identity = Json::object();
  for (const char* k : {"accountId", "apiKey", "apiKeyId", "caller", "cognitoAuthenticationProvider",
                        "cognitoAuthenticationType", "sourceIp", "user", "userAgent", "userArn"}) {
    const Json* v = js::get(id, k);
    identity[k] = v && !v->is_null() ? text(*v) : std::string("offlineContext_") + k;
  }
  e["identity"] = identity;
  e["stageVariables"] = strings_of(js::get(proxy, "stageVariables"));
  e["requestPath"] = rc["resourcePath"];
  return e;
}

HttpResponse lambda_integration_response(const InvokeResult& r, const Json& response, int timeout_seconds) {
  const Json* codes = response.is_object() ? js::get(response, "statusCodes") : nullptr;
  std::string chosen = "200";
  const Json* chosen_config = nullptr;
  Json body;
  std::string message;
  bool failed = r.kind != InvokeResult::Kind::result;
  switch (r.kind) {
    case InvokeResult::Kind::result:
      body = r.has_result ? r.result : Json(nullptr);
      break;
    case InvokeResult::Kind::error:
      body = r.error;
      message = text(r.error.value("errorMessage", Json("")));
      break;
    case InvokeResult::Kind::timeout:
      message = "Task timed out after " + std::to_string(timeout_seconds) + ".00 seconds";
      body = {{"errorMessage", message}};
      break;
    case InvokeResult::Kind::crashed:
      message = "Process exited before completing request";
      body = {{"errorMessage", message}};
      break;
  }
  if (codes && codes->is_object()) {
    for (auto it = codes->begin(); it != codes->end(); ++it) {  // the default (pattern "") first
      const Json* p = js::get(it.value(), "pattern");
      if (!p || (p->is_string() && p->get<std::string>().empty())) {
        chosen = it.key();
        chosen_config = &it.value();
        break;
      }
    }
    if (failed)
      for (auto it = codes->begin(); it != codes->end(); ++it) {
        const Json* p = js::get(it.value(), "pattern");
        if (!p || !p->is_string() || p->get<std::string>().empty()) continue;
        try {
          if (std::regex_match(message, std::regex(p->get<std::string>(), std::regex::ECMAScript))) {
            chosen = it.key();
            chosen_config = &it.value();
            break;
          }
        } catch (const std::regex_error&) {
        }
      }
  }
  HttpResponse out;
  try {
    out.status = std::stoi(chosen);
  } catch (...) {
    out.status = 200;
  }
  out.headers.emplace_back("Content-Type", "application/json");
  add_static_headers(js::get(response, "headers"), out);
  if (chosen_config) add_static_headers(js::get(*chosen_config, "headers"), out);
  out.body = body.dump();
  return out;
}

}  // namespace sls::local
