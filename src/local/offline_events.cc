// The event sources of `sls offline` beyond its HTTP routes: the WebSocket API
// (websocket_gateway.h) and the schedules (scheduler.h), each running functions
// through the same warm workers as the HTTP routes.
#include "local/offline.h"

namespace sls::local {

void OfflineServer::add_event_sources() {
  WebSocketApi ws = websocket_api(service_);
  std::optional<AuthorizerSpec> authorizer = ws.connect_authorizer;
  if (authorizer && authorizer->function.empty() && !ws.connect_authorizer_arn.empty()) {
    // An ARN naming a function of this service (by its deployed name) runs locally.
    std::string key = function_key(ws.connect_authorizer_arn);
    if (!key.empty()) {
      authorizer->function = key;
      authorizer->kind = AuthorizerSpec::Kind::request;
    }
  }
  if (!ws.routes.empty())
    websocket_ = std::make_unique<WebSocketGateway>(
        std::move(ws), options_.host, options_.websocket_port, service_.stage,
        [this](const std::string& function, Json event, const std::string& log) {
          try {
            return run(function, std::move(event), log);
          } catch (const std::exception& e) {
            log_(log + ": " + e.what());
            return InvokeResult{};  // as a crash
          }
        },
        options_.websocket_idle_timeout, options_.websocket_hard_timeout);
  if (websocket_ && authorizer && !options_.auth.no_auth) {
    if (authorizer->kind == AuthorizerSpec::Kind::unsupported) {
      log_("Warning: websocket $connect: " + authorizer->note + "; connections pass unchecked");
    } else {
      log_("Configuring Authorization: $connect " + authorizer->function);
      websocket_->set_connect_authorizer(*authorizer, service_.region, log_);
    }
  }
  if (options_.no_schedule) return;
  std::vector<std::string> notes;
  std::vector<ScheduleRule> rules = schedule_rules(service_, &notes);
  for (const auto& note : notes) log_(note);
  if (rules.empty()) return;
  scheduler_ = std::make_unique<Scheduler>(std::move(rules), service_.region,
                                           [this](const ScheduleRule& rule, Json event) {
                                             InvokeResult r = run(rule.function, std::move(event),
                                                                  "Scheduled " + rule.expression);
                                             log_(r.kind == InvokeResult::Kind::result
                                                      ? "Successfully invoked scheduled function: [" + rule.function + "]"
                                                      : "Failed to execute scheduled function: [" + rule.function + "]");
                                           });
}

std::vector<std::string> OfflineServer::event_source_lines() const {
  std::vector<std::string> out;
  if (websocket_) out = websocket_->route_lines(options_.host);
  if (scheduler_)
    for (const auto& r : scheduler_->rules())
      out.push_back("schedule  | " + r.expression + (r.zone ? " " + r.zone->name() : "") + "  (λ: " + r.function + ")");
  return out;
}

void OfflineServer::start_event_sources() {
  if (websocket_ && !websocket_thread_.joinable()) websocket_thread_ = std::thread([this] { websocket_->run(); });
  if (scheduler_) scheduler_->start(options_.run_schedules_on_init);
}

void OfflineServer::stop_event_sources() {
  if (scheduler_) scheduler_->stop();
  if (websocket_) websocket_->stop();
  if (websocket_thread_.joinable()) websocket_thread_.join();
}

}  // namespace sls::local
