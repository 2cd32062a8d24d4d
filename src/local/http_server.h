// Small HTTP/1.1 servers (Boost.Beast on Asio) for `sls offline`: loopback or
// the given host, keep-alive. HttpServer gives each connection a thread of its
// own and a handler that may block (the Lambda Invoke API, the Runtime API's
// long-polled /next); AsyncHttpServer runs every connection on a reactor's loop
// (reactor.h) and hands each request to a handler that answers through a
// callback, now or later, from any thread (the routes: no thread switch per
// request). A request Beast cannot parse gets a 400 and its connection is
// closed; the server keeps serving. No Beast type leaks out of this header.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/text.h"

namespace sls::local {

using HeaderList = std::vector<std::pair<std::string, std::string>>;  // names as the client sent them

struct HttpRequest {
  std::string method;  // "GET"
  std::string target;  // "/dev/users/1?x=y"
  HeaderList headers;
  std::string body;
  std::string remote_ip;
  std::string local_host;  // Host header, else host:port

  // The first value of the header `name` (any case), "" when it is absent.
  std::string header(std::string_view name) const {
    for (const auto& [k, v] : headers)
      if (iequals(k, name)) return v;
    return "";
  }
};

struct HttpResponse {
  int status = 200;
  HeaderList headers;
  std::string body;
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

class HttpServer {
 public:
  // Binds and listens (throws UserError when it cannot); port 0 picks a free one.
  HttpServer(const std::string& host, unsigned short port, HttpHandler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  unsigned short port() const;
  void run();   // accepts until stop()
  void stop();  // thread-safe

  struct Impl;  // http_server.cc

 private:
  std::unique_ptr<Impl> impl_;
};

class Reactor;

// Called once with the answer, from any thread.
using HttpReply = std::function<void(HttpResponse)>;
// Called on the loop thread; must not block (hand blocking work to a thread).
using AsyncHttpHandler = std::function<void(HttpRequest, HttpReply)>;

class AsyncHttpServer {
 public:
  // Binds and listens (throws UserError when it cannot); port 0 picks a free one.
  // `option` names the port in that error ("--httpPort").
  AsyncHttpServer(Reactor& reactor, const std::string& host, unsigned short port, AsyncHttpHandler handler,
                  const char* option = "--httpPort");
  ~AsyncHttpServer();  // stop()
  AsyncHttpServer(const AsyncHttpServer&) = delete;
  AsyncHttpServer& operator=(const AsyncHttpServer&) = delete;

  unsigned short port() const;
  void run();   // waits until stop() (the loop does the serving)
  void stop();  // closes the listener and every connection; the handler is not called again

  struct Shared;  // http_server.cc

 private:
  Reactor& reactor_;
  std::shared_ptr<Shared> shared_;
};

}  // namespace sls::local
