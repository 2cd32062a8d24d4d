#include "local/websocket_gateway.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include "local/apigw_v1.h"
#include "util/clock.h"

namespace sls::local {

namespace {

std::string iso_time(long long ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

HttpResponse error_reply(int status, const std::string& type, const std::string& message) {
  return HttpResponse{status,
                      {{"Content-Type", "application/json"}, {"x-amzn-ErrorType", type}},
                      Json{{"message", message}}.dump()};
}

}  // namespace

WebSocketGateway::WebSocketGateway(WebSocketApi api, const std::string& host, unsigned short port, std::string stage,
                                   InvokeFunction invoke, int idle_seconds, int hard_seconds)
    : api_(std::move(api)), stage_(std::move(stage)), invoke_(std::move(invoke)) {
  WebSocketCallbacks cb;
  cb.idle_seconds = idle_seconds;
  cb.hard_seconds = hard_seconds;
  cb.new_id = [] { return new_connection_id(); };
  cb.connect = [this](const std::string& id, const HttpRequest& h) {
    InFlight::Token t(running_);
    return on_connect(id, h);
  };
  cb.message = [this](const std::string& id, const std::string& text) {
    InFlight::Token t(running_);
    on_message(id, text);
  };
  cb.disconnect = [this](const std::string& id, int code, const std::string& reason) {
    InFlight::Token t(running_);
    on_disconnect(id, code, reason);
  };
  cb.http = [this](const HttpRequest& r) { return handle_http(r); };
  server_ = std::make_unique<WebSocketServer>(host, port, std::move(cb));
}

void WebSocketGateway::set_connect_authorizer(AuthorizerSpec spec, const std::string& region, LogLine log) {
  region_ = region;
  connect_authorizer_ = std::move(spec);
  authorizers_ = std::make_unique<AuthorizerRunner>(invoke_, std::move(log), JwtVerifier());
}

WebSocketGateway::~WebSocketGateway() {
  server_->stop();
  running_.wait_idle(std::chrono::seconds(30));
}

std::vector<std::string> WebSocketGateway::route_lines(const std::string& host) const {
  std::vector<std::string> out;
  for (const auto& r : api_.routes)
    out.push_back("websocket | ws://" + host + ":" + std::to_string(port()) + "  (λ: " + r.function + ", route " +
                  r.route + ")");
  return out;
}

WebSocketContextInfo WebSocketGateway::context(const std::string& id) {
  std::lock_guard lock(mutex_);
  WebSocketContextInfo info = connections_.count(id) ? connections_[id] : WebSocketContextInfo{};
  info.connection_id = id;
  info.stage = stage_;
  info.now = epoch_ms();
  return info;
}

int WebSocketGateway::on_connect(const std::string& id, const HttpRequest& handshake) {
  WebSocketContextInfo info;
  info.connection_id = id;
  info.stage = stage_;
  info.connected_at = info.now = epoch_ms();
  if (!handshake.remote_ip.empty()) info.source_ip = handshake.remote_ip;
  for (const auto& [k, v] : handshake.headers)
    if (k.size() == 10 && std::equal(k.begin(), k.end(), "user-agent", [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == b;
        }))
      info.user_agent = v;
  const WebSocketRoute* route = api_.find("$connect");
  if (route && authorizers_) {
    std::string arn = websocket_connect_arn(region_, stage_);
    AuthRequest ar;
    ar.http = &handshake;
    auto q = handshake.target.find('?');
    ar.query = q == std::string::npos ? "" : handshake.target.substr(q + 1);
    ar.arn = arn;
    ar.event = [&](bool) { return websocket_authorizer_event(handshake.target, handshake.headers, info, arn); };
    AuthOutcome outcome = authorizers_->authorize(*connect_authorizer_, ar);
    if (outcome.denied) return outcome.denied->status;
    info.authorizer = outcome.authorizer;
  }
  {
    std::lock_guard lock(mutex_);
    connections_[id] = info;
  }
  if (!route) return 200;  // API Gateway accepts when there is no $connect route
  InvokeResult r = invoke_(route->function, websocket_connect_event(handshake.target, handshake.headers, info),
                           "websocket $connect " + id);
  int status = 502;
  if (r.kind == InvokeResult::Kind::result) {
    status = 200;
    if (r.result.is_object() && r.result.contains("statusCode") && r.result["statusCode"].is_number())
      status = r.result["statusCode"].get<int>();
  }
  if (status < 200 || status >= 300) {
    std::lock_guard lock(mutex_);
    connections_.erase(id);
  }
  return status;
}

void WebSocketGateway::on_message(const std::string& id, const std::string& text) {
  std::string key = select_route(api_.selection_expression, text);
  const WebSocketRoute* route = api_.find(key);
  if (!route) route = api_.find("$default");
  std::string request_id = new_request_id();
  if (!route) {
    server_->send(id, Json{{"message", "Forbidden"}, {"connectionId", id}, {"requestId", request_id}}.dump());
    return;
  }
  InvokeResult r = invoke_(route->function, websocket_message_event(route->route, text, context(id)),
                           "websocket " + route->route + " " + id);
  if (r.kind != InvokeResult::Kind::result) {
    server_->send(id,
                  Json{{"message", "Internal server error"}, {"connectionId", id}, {"requestId", request_id}}.dump());
    return;
  }
  if (route->reply_body && r.result.is_object() && r.result.contains("body")) {
    const Json& body = r.result["body"];
    if (!body.is_null()) server_->send(id, body.is_string() ? body.get<std::string>() : body.dump());
  }
}

void WebSocketGateway::on_disconnect(const std::string& id, int code, const std::string& reason) {
  WebSocketContextInfo info = context(id);
  {
    std::lock_guard lock(mutex_);
    connections_.erase(id);
  }
  const WebSocketRoute* route = api_.find("$disconnect");
  if (!route) return;
  invoke_(route->function, websocket_disconnect_event(info, code, reason), "websocket $disconnect " + id);
}

HttpResponse WebSocketGateway::handle_http(const HttpRequest& req) {
  std::string path = req.target.substr(0, req.target.find('?'));
  const std::string marker = "/@connections/";
  auto at = path.find(marker);
  if (at == std::string::npos) {
    if (req.method == "GET") return HttpResponse{426, {}, ""};  // serverless-offline's answer to a plain GET
    return HttpResponse{404, {{"Content-Type", "application/json"}},
                        R"({"statusCode":404,"error":"Not Found","message":"Not Found"})"};
  }
  std::string id = url_decode(path.substr(at + marker.size()), false);
  if (req.method == "POST") {
    if (!server_->send(id, req.body)) return error_reply(410, "GoneException", "");
    return HttpResponse{200, {}, ""};
  }
  if (req.method == "GET") {
    auto info = server_->info(id);
    if (!info) return error_reply(410, "GoneException", "");
    // The wire names (the SDKs map them to ConnectedAt, Identity.SourceIp, ...).
    Json body = {{"connectedAt", iso_time(info->connected_at_ms)},
                 {"identity", {{"sourceIp", info->source_ip}, {"userAgent", info->user_agent}}},
                 {"lastActiveAt", iso_time(info->last_active_ms)}};
    return HttpResponse{200, {{"Content-Type", "application/json"}}, body.dump()};
  }
  if (req.method == "DELETE") {
    if (!server_->close(id)) return error_reply(410, "GoneException", "");
    return HttpResponse{204, {}, ""};
  }
  return error_reply(404, "NotFoundException", "Unknown operation " + req.method + " " + path);
}

}  // namespace sls::local
