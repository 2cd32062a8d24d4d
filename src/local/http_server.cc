#include "local/http_server.h"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <thread>

#include "local/listen.h"
#include "util/error.h"

namespace sls::local {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct HttpServer::Impl {
  asio::io_context io;
  tcp::acceptor acceptor{io};
  HttpHandler handler;
  std::atomic<bool> stopping{false};
  std::atomic<int> connections{0};
};

namespace {

void send_bad_request(tcp::socket& socket) {
  http::response<http::string_body> res{http::status::bad_request, 11};
  res.set(http::field::content_type, "text/plain");
  res.set(http::field::connection, "close");
  res.body() = "Bad Request";
  res.prepare_payload();
  beast::error_code ec;
  http::write(socket, res, ec);
}

void serve_connection(tcp::socket socket, HttpServer::Impl& impl) {
  beast::error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  beast::flat_buffer buffer;
  std::string remote = socket.remote_endpoint(ec).address().to_string();
  std::string local = socket.local_endpoint(ec).address().to_string() + ":" +
                      std::to_string(socket.local_endpoint(ec).port());
  while (!impl.stopping) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(10 * 1024 * 1024);
    parser.header_limit(64 * 1024);
    http::read(socket, buffer, parser, ec);
    if (ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset) break;
    if (ec) {
      send_bad_request(socket);
      break;
    }
    const auto& req = parser.get();
    HttpRequest in;
    in.method = std::string(req.method_string());
    in.target = std::string(req.target());
    for (const auto& field : req) in.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    in.body = req.body();
    in.remote_ip = remote;
    auto host = req.find(http::field::host);
    in.local_host = host != req.end() ? std::string(host->value()) : local;
    bool keep_alive = req.keep_alive();
    unsigned version = req.version();
    HttpResponse out;
    try {
      out = impl.handler(in);
    } catch (const std::exception& e) {
      out.status = 500;
      out.headers = {{"Content-Type", "application/json"}};
      out.body = "{\"message\": \"Internal server error\"}";
    }
    http::response<http::string_body> res{static_cast<http::status>(out.status), version};
    for (const auto& [name, value] : out.headers) res.insert(name, value);
    res.body() = std::move(out.body);
    res.keep_alive(keep_alive);
    res.prepare_payload();
    http::write(socket, res, ec);
    if (ec || !keep_alive) break;
  }
  socket.shutdown(tcp::socket::shutdown_both, ec);
}

}  // namespace

HttpServer::HttpServer(const std::string& host, unsigned short port, HttpHandler handler)
    : impl_(std::make_unique<Impl>()) {
  impl_->handler = std::move(handler);
  listen_on(impl_->acceptor, host, port, "--httpPort");
}

HttpServer::~HttpServer() {
  stop();
  // Connection threads are detached; give them a moment to notice.
  for (int i = 0; i < 100 && impl_->connections > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

unsigned short HttpServer::port() const {
  beast::error_code ec;
  return impl_->acceptor.local_endpoint(ec).port();
}

void HttpServer::run() {
  while (!impl_->stopping) {
    beast::error_code ec;
    tcp::socket socket(impl_->io);
    impl_->acceptor.accept(socket, ec);
    if (ec) {
      if (impl_->stopping || ec == asio::error::bad_descriptor || ec == asio::error::operation_aborted) break;
      continue;
    }
    ++impl_->connections;
    std::thread([s = std::move(socket), impl = impl_.get()]() mutable {
      serve_connection(std::move(s), *impl);
      --impl->connections;
    }).detach();
  }
}

void HttpServer::stop() {
  if (impl_->stopping.exchange(true)) return;
  beast::error_code ec;
  // shutdown() wakes a blocked accept(); close() alone may not.
  ::shutdown(impl_->acceptor.native_handle(), SHUT_RDWR);
  impl_->acceptor.close(ec);
}

}  // namespace sls::local
