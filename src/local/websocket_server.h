// The WebSocket side of `sls offline` (Boost.Beast on Asio, one event-loop
// thread): WebSocket upgrades and plain HTTP requests (the connections
// management API) on one port, as serverless-offline serves them. The
// callbacks that run functions are called on threads of their own, so a slow
// handler never holds up the loop; `send` and `close` may be called from any
// thread. No Beast type leaks out of this header.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "local/http_server.h"

namespace sls::local {

struct WebSocketCallbacks {
  std::function<std::string()> new_id;  // the id of a new connection
  // A client asks to connect: return an HTTP status, 2xx accepts the upgrade.
  std::function<int(const std::string& id, const HttpRequest& handshake)> connect;
  std::function<void(const std::string& id, const std::string& message)> message;
  // After an accepted connection closed (either side); `code` the close code (1005 when none).
  std::function<void(const std::string& id, int code, const std::string& reason)> disconnect;
  // Requests that are not upgrades; called on the loop thread, so it must not block.
  HttpHandler http;
  // API Gateway's limits: a connection with no message either way for `idle_seconds`,
  // or open for `hard_seconds`, is closed (1001 "Going away").
  int idle_seconds = 600;
  int hard_seconds = 7200;
};

struct ConnectionInfo {
  long long connected_at_ms = 0;
  long long last_active_ms = 0;
  std::string source_ip;
  std::string user_agent;
};

class WebSocketServer {
 public:
  // Binds and listens (throws UserError when it cannot); port 0 picks a free one.
  WebSocketServer(const std::string& host, unsigned short port, WebSocketCallbacks callbacks);
  ~WebSocketServer();
  WebSocketServer(const WebSocketServer&) = delete;
  WebSocketServer& operator=(const WebSocketServer&) = delete;

  unsigned short port() const;
  void run();   // the event loop, until stop()
  void stop();  // thread-safe

  bool send(const std::string& id, std::string text);  // false: no such connection
  bool close(const std::string& id);                   // false: no such connection
  std::optional<ConnectionInfo> info(const std::string& id);

  struct Impl;  // websocket_server.cc

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace sls::local
