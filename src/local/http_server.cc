#include "local/http_server.h"

#include <atomic>
#include <condition_variable>
#include <set>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <optional>
#include <thread>

#include "local/listen.h"
#include "local/reactor.h"
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

http::response<http::string_body> bad_request() {
  http::response<http::string_body> res{http::status::bad_request, 11};
  res.set(http::field::content_type, "text/plain");
  res.set(http::field::connection, "close");
  res.body() = "Bad Request";
  res.prepare_payload();
  return res;
}

// The client went away or closed its end: nothing to answer.
bool connection_ended(const beast::error_code& ec) {
  return ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset;
}

using BeastRequest = http::request<http::string_body>;
using BeastResponse = http::response<http::string_body>;

void configure(http::request_parser<http::string_body>& parser) {
  parser.body_limit(10 * 1024 * 1024);
  parser.header_limit(64 * 1024);
}

HttpRequest to_request(BeastRequest& req, const std::string& remote, const std::string& local) {
  HttpRequest in;
  in.method = std::string(req.method_string());
  in.target = std::string(req.target());
  in.headers.reserve(std::distance(req.begin(), req.end()));
  for (const auto& field : req) in.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  in.body = std::move(req.body());
  in.remote_ip = remote;
  auto host = req.find(http::field::host);
  in.local_host = host != req.end() ? std::string(host->value()) : local;
  return in;
}

HttpResponse internal_error() {
  HttpResponse out;
  out.status = 500;
  out.headers = {{"Content-Type", "application/json"}};
  out.body = "{\"message\": \"Internal server error\"}";
  return out;
}

void to_beast(HttpResponse&& out, BeastResponse& res, unsigned version, bool keep_alive) {
  res.result(static_cast<http::status>(out.status));
  res.version(version);
  for (const auto& [name, value] : out.headers) res.insert(name, value);
  res.body() = std::move(out.body);
  res.keep_alive(keep_alive);
  res.prepare_payload();
}

std::string local_address(const tcp::socket& socket) {
  beast::error_code ec;
  auto ep = socket.local_endpoint(ec);
  return ep.address().to_string() + ":" + std::to_string(ep.port());
}

void serve_connection(tcp::socket socket, HttpServer::Impl& impl) {
  beast::error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  beast::flat_buffer buffer;
  std::string remote = socket.remote_endpoint(ec).address().to_string();
  std::string local = local_address(socket);
  while (!impl.stopping) {
    http::request_parser<http::string_body> parser;
    configure(parser);
    http::read(socket, buffer, parser, ec);
    if (connection_ended(ec)) break;
    if (ec) {
      auto res = bad_request();
      http::write(socket, res, ec);
      break;
    }
    auto& req = parser.get();
    bool keep_alive = req.keep_alive();
    unsigned version = req.version();
    HttpRequest in = to_request(req, remote, local);
    HttpResponse out;
    try {
      out = impl.handler(in);
    } catch (const std::exception& e) {
      out = internal_error();
    }
    BeastResponse res;
    to_beast(std::move(out), res, version, keep_alive);
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

// AsyncHttpServer: every connection a session on the loop; the session reads
// one request, hands it over, writes the answer when it comes, reads the next.
struct AsyncSession;

struct AsyncHttpServer::Shared {
  explicit Shared(asio::io_context& io) : acceptor(io) {}
  unsigned short port = 0;
  tcp::acceptor acceptor;
  AsyncHttpHandler handler;
  bool stopping = false;  // loop thread only
  std::set<std::shared_ptr<AsyncSession>> sessions;  // loop thread only
  std::mutex mutex;
  std::condition_variable stopped;
  bool done = false;  // under mutex: stop() has run
};

struct AsyncSession : std::enable_shared_from_this<AsyncSession> {
  AsyncSession(tcp::socket s, std::shared_ptr<AsyncHttpServer::Shared> sh) : socket(std::move(s)), shared(std::move(sh)) {}
  tcp::socket socket;
  std::shared_ptr<AsyncHttpServer::Shared> shared;
  beast::flat_buffer buffer;
  std::optional<http::request_parser<http::string_body>> parser;
  BeastResponse res;
  std::string remote, local;
  bool keep_alive = false;
  unsigned version = 11;

  void begin() {
    beast::error_code ec;
    socket.set_option(tcp::no_delay(true), ec);
    remote = socket.remote_endpoint(ec).address().to_string();
    local = local_address(socket);
    read();
  }
  void read() {
    parser.emplace();
    configure(*parser);
    http::async_read(socket, buffer, *parser, [self = shared_from_this()](beast::error_code ec, size_t) {
      self->on_read(ec);
    });
  }
  void on_read(beast::error_code ec) {
    if (shared->stopping) return close();
    if (connection_ended(ec) || ec == asio::error::operation_aborted) return close();
    if (ec) {
      res = bad_request();
      keep_alive = false;
      return write();
    }
    auto& req = parser->get();
    keep_alive = req.keep_alive();
    version = req.version();
    HttpRequest in = to_request(req, remote, local);
    parser.reset();
    auto self = shared_from_this();
    HttpReply reply = [self](HttpResponse out) {
      asio::dispatch(self->socket.get_executor(), [self, out = std::move(out)]() mutable { self->answer(std::move(out)); });
    };
    try {
      shared->handler(std::move(in), std::move(reply));
    } catch (const std::exception&) {
      answer(internal_error());
    }
  }
  void answer(HttpResponse out) {
    res = {};
    to_beast(std::move(out), res, version, keep_alive);
    write();
  }
  void write() {
    http::async_write(socket, res, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec || !self->keep_alive || self->shared->stopping) return self->close();
      self->read();
    });
  }
  void close() {
    beast::error_code ec;
    socket.shutdown(tcp::socket::shutdown_both, ec);
    socket.close(ec);
    shared->sessions.erase(shared_from_this());
  }
};

namespace {

void accept_next(const std::shared_ptr<AsyncHttpServer::Shared>& shared) {
  shared->acceptor.async_accept([shared](beast::error_code ec, tcp::socket socket) {
    if (shared->stopping || ec == asio::error::bad_descriptor || ec == asio::error::operation_aborted) return;
    if (!ec) {
      auto session = std::make_shared<AsyncSession>(std::move(socket), shared);
      shared->sessions.insert(session);
      session->begin();
    }
    accept_next(shared);
  });
}

}  // namespace

AsyncHttpServer::AsyncHttpServer(Reactor& reactor, const std::string& host, unsigned short port,
                                 AsyncHttpHandler handler, const char* option)
    : reactor_(reactor), shared_(std::make_shared<Shared>(reactor.io())) {
  shared_->handler = std::move(handler);
  listen_on(shared_->acceptor, host, port, option);
  beast::error_code ec;
  shared_->port = shared_->acceptor.local_endpoint(ec).port();
  reactor_.run_sync([shared = shared_] { accept_next(shared); });
}

AsyncHttpServer::~AsyncHttpServer() { stop(); }

unsigned short AsyncHttpServer::port() const { return shared_->port; }

void AsyncHttpServer::run() {
  std::unique_lock lock(shared_->mutex);
  shared_->stopped.wait(lock, [this] { return shared_->done; });
}

void AsyncHttpServer::stop() {
  {
    std::lock_guard lock(shared_->mutex);
    if (shared_->done) return;
  }
  reactor_.run_sync([shared = shared_] {
    shared->stopping = true;
    beast::error_code ec;
    shared->acceptor.close(ec);
    auto sessions = std::move(shared->sessions);
    for (const auto& s : sessions) {
      s->socket.shutdown(tcp::socket::shutdown_both, ec);
      s->socket.close(ec);
    }
    shared->handler = nullptr;  // what it holds goes now, not with the last session
  });
  std::lock_guard lock(shared_->mutex);
  shared_->done = true;
  shared_->stopped.notify_all();
}

}  // namespace sls::local
