// The service's WebSocket API under `sls offline` (--websocketPort, 3001):
// $connect (a non-2xx statusCode or a failure rejects the upgrade),
// $disconnect, $default and custom routes chosen by the route selection
// expression, each running its function with the event API Gateway builds;
// and the connections management API on the same port, as serverless-offline
// serves it: POST /@connections/{id} sends, GET describes, DELETE closes
// (also under a stage, "/dev/@connections/{id}", as the AWS SDK calls it with
// an endpoint ending in the stage).
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "local/authorizers.h"
#include "local/function_pool.h"
#include "local/in_flight.h"
#include "local/websocket_events.h"
#include "local/websocket_server.h"

namespace sls::local {

using InvokeFunction = std::function<InvokeResult(const std::string& function, Json event, const std::string& log)>;

class WebSocketGateway {
 public:
  WebSocketGateway(WebSocketApi api, const std::string& host, unsigned short port, std::string stage,
                   InvokeFunction invoke, int idle_seconds = 600, int hard_seconds = 7200);
  ~WebSocketGateway();  // waits (a while) for the handlers still running
  unsigned short port() const { return server_->port(); }
  std::vector<std::string> route_lines(const std::string& host) const;  // "websocket | ws://...  (λ: fn, route)"
  void run() { server_->run(); }
  void stop() { server_->stop(); }
  HttpResponse handle_http(const HttpRequest& req);  // the connections API (exposed for tests)
  // Runs `spec` (a REQUEST lambda authorizer) before $connect, as API Gateway
  // does: a refusal rejects the handshake with the gateway's status (401, 403,
  // 500); on Allow its answer is requestContext.authorizer of every event of
  // the connection. Call before run().
  void set_connect_authorizer(AuthorizerSpec spec, const std::string& region, LogLine log);

 private:
  int on_connect(const std::string& id, const HttpRequest& handshake);
  void on_message(const std::string& id, const std::string& text);
  void on_disconnect(const std::string& id, int code, const std::string& reason);
  WebSocketContextInfo context(const std::string& id);

  WebSocketApi api_;
  std::string stage_;
  InvokeFunction invoke_;
  std::string region_;
  std::optional<AuthorizerSpec> connect_authorizer_;
  std::unique_ptr<AuthorizerRunner> authorizers_;
  std::mutex mutex_;
  std::map<std::string, WebSocketContextInfo> connections_;  // what the events repeat, by id
  std::unique_ptr<WebSocketServer> server_;
  InFlight running_;  // declared last: waited for first
};

}  // namespace sls::local
