// A small HTTP/1.1 server (Boost.Beast on Asio) for `sls offline`: loopback
// or the given host, keep-alive, one thread per connection (blocking reads
// and writes; the workers behind it are the bottleneck, not the socket). A
// request Beast cannot parse gets a 400 and its connection is closed; the
// server keeps serving. No Beast type leaks out of this header.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace sls::local {

using HeaderList = std::vector<std::pair<std::string, std::string>>;  // names as the client sent them

struct HttpRequest {
  std::string method;  // "GET"
  std::string target;  // "/dev/users/1?x=y"
  HeaderList headers;
  std::string body;
  std::string remote_ip;
  std::string local_host;  // Host header, else host:port
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

}  // namespace sls::local
