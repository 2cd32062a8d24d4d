#include "local/websocket_server.h"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include "local/listen.h"
#include "util/clock.h"

namespace sls::local {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

class WsSession;

}  // namespace

struct WebSocketServer::Impl {
  asio::io_context io;
  tcp::acceptor acceptor{io};
  WebSocketCallbacks callbacks;
  std::atomic<bool> stopping{false};
  std::mutex mutex;
  std::map<std::string, std::weak_ptr<WsSession>> sessions;  // accepted connections by id
  std::shared_ptr<WsSession> find(const std::string& id);
};

namespace {

// One accepted WebSocket: a read loop, a queue of text frames to write, and
// a close that waits for the queue to drain. Lives on the loop thread.
class WsSession : public std::enable_shared_from_this<WsSession> {
 public:
  WsSession(beast::tcp_stream stream, std::shared_ptr<WebSocketServer::Impl> server, std::string id)
      : ws_(std::move(stream)),
        server_(std::move(server)),
        id_(std::move(id)),
        idle_timer_(ws_.get_executor()),
        hard_timer_(ws_.get_executor()) {}

  void start(http::request<http::string_body> req, HttpRequest handshake) {
    info.connected_at_ms = epoch_ms();
    info.last_active_ms.store(info.connected_at_ms);
    info.source_ip = handshake.remote_ip;
    for (const auto& [k, v] : handshake.headers)
      if (beast::iequals(k, "user-agent")) info.user_agent = v;
    req_ = std::move(req);
    // $connect runs on its own thread; the answer comes back to the loop.
    auto self = shared_from_this();
    std::thread([self, handshake = std::move(handshake)] {
      int status = 500;
      try {
        status = self->server_->callbacks.connect(self->id_, handshake);
      } catch (...) {
      }
      asio::post(self->server_->io, [self, status] { self->on_verified(status); });
    }).detach();
  }

  void send(std::string text) {
    if (closing_) return;
    touch();
    queue_.push_back(std::move(text));
    if (queue_.size() == 1) write_next();
  }

  void close(websocket::close_code code = websocket::close_code::normal) {
    if (closing_) return;
    closing_ = true;
    closed_by_us_ = true;
    close_code_ = code;
    if (queue_.empty()) do_close();
  }

  struct {
    long long connected_at_ms = 0;
    std::atomic<long long> last_active_ms{0};
    std::string source_ip, user_agent;
  } info;

 private:
  void on_verified(int status) {
    if (status < 200 || status >= 300) {
      auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(status), req_.version());
      res->set(http::field::connection, "close");
      res->prepare_payload();
      auto self = shared_from_this();
      http::async_write(ws_.next_layer(), *res, [self, res](beast::error_code, size_t) {
        beast::error_code ec;
        self->ws_.next_layer().socket().shutdown(tcp::socket::shutdown_both, ec);
      });
      return;
    }
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    auto self = shared_from_this();
    ws_.async_accept(req_, [self](beast::error_code ec) {
      if (ec) return;
      {
        std::lock_guard lock(self->server_->mutex);
        self->server_->sessions[self->id_] = self;
      }
      self->accepted_ = true;
      self->arm(self->hard_timer_, self->server_->callbacks.hard_seconds);
      self->touch();
      self->read_next();
    });
  }

  void read_next() {
    auto self = shared_from_this();
    ws_.async_read(buffer_, [self](beast::error_code ec, size_t) {
      if (ec) return self->on_closed();
      std::string text = beast::buffers_to_string(self->buffer_.data());
      self->buffer_.consume(self->buffer_.size());
      self->touch();
      std::thread([self, text = std::move(text)] {
        try {
          self->server_->callbacks.message(self->id_, text);
        } catch (...) {
        }
      }).detach();
      self->read_next();
    });
  }

  void on_closed() {
    {
      std::lock_guard lock(server_->mutex);
      server_->sessions.erase(id_);
    }
    closing_ = true;
    queue_.clear();
    idle_timer_.cancel();
    hard_timer_.cancel();
    if (!accepted_ || server_->stopping) return;
    accepted_ = false;
    int code = closed_by_us_       ? static_cast<int>(close_code_)
               : ws_.reason().code ? static_cast<int>(ws_.reason().code)
                                   : 1005;  // 1005: no status given
    std::string reason(ws_.reason().reason.c_str());
    auto self = shared_from_this();
    std::thread([self, code, reason] {
      try {
        self->server_->callbacks.disconnect(self->id_, code, reason);
      } catch (...) {
      }
    }).detach();
  }

  void write_next() {
    auto self = shared_from_this();
    ws_.text(true);
    ws_.async_write(asio::buffer(queue_.front()), [self](beast::error_code ec, size_t) {
      if (ec) {
        self->queue_.clear();
        return;
      }
      self->queue_.pop_front();
      if (!self->queue_.empty()) return self->write_next();
      if (self->closing_) self->do_close();
    });
  }

  void do_close() {
    auto self = shared_from_this();
    ws_.async_close(close_code_, [self](beast::error_code) {});
  }

  // Activity: the idle limit starts again.
  void touch() {
    info.last_active_ms.store(epoch_ms());
    if (accepted_) arm(idle_timer_, server_->callbacks.idle_seconds);
  }

  void arm(asio::steady_timer& timer, int seconds) {
    if (seconds <= 0) return;
    timer.expires_after(std::chrono::seconds(seconds));
    auto self = shared_from_this();
    timer.async_wait([self](beast::error_code ec) {
      if (!ec) self->close(websocket::close_code::going_away);
    });
  }

  websocket::stream<beast::tcp_stream> ws_;
  std::shared_ptr<WebSocketServer::Impl> server_;
  std::string id_;
  http::request<http::string_body> req_;
  beast::flat_buffer buffer_;
  std::deque<std::string> queue_;
  bool closing_ = false;
  bool accepted_ = false;
  bool closed_by_us_ = false;
  websocket::close_code close_code_ = websocket::close_code::normal;
  asio::steady_timer idle_timer_, hard_timer_;
};

// A plain HTTP connection: requests answered by callbacks.http until one asks
// to upgrade, which hands the socket to a WsSession.
class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket socket, std::shared_ptr<WebSocketServer::Impl> server)
      : stream_(std::move(socket)), server_(std::move(server)) {}

  void read_next() {
    parser_.emplace();
    parser_->body_limit(10 * 1024 * 1024);
    auto self = shared_from_this();
    http::async_read(stream_, buffer_, *parser_, [self](beast::error_code ec, size_t) { self->on_read(ec); });
  }

 private:
  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset) return;
    if (ec) return respond(HttpResponse{400, {{"Content-Type", "text/plain"}}, "Bad Request"}, false, 11);
    http::request<http::string_body> req = parser_->release();
    HttpRequest in;
    in.method = std::string(req.method_string());
    in.target = std::string(req.target());
    for (const auto& field : req) in.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    in.body = req.body();
    beast::error_code e2;
    in.remote_ip = stream_.socket().remote_endpoint(e2).address().to_string();
    auto host = req.find(http::field::host);
    if (host != req.end()) in.local_host = std::string(host->value());
    if (websocket::is_upgrade(req)) {
      auto session = std::make_shared<WsSession>(std::move(stream_), server_, server_->callbacks.new_id());
      session->start(std::move(req), std::move(in));
      return;
    }
    HttpResponse out;
    try {
      out = server_->callbacks.http(in);
    } catch (...) {
      out = HttpResponse{500, {{"Content-Type", "application/json"}}, "{\"message\": \"Internal server error\"}"};
    }
    respond(std::move(out), req.keep_alive(), req.version());
  }

  void respond(HttpResponse out, bool keep_alive, unsigned version) {
    auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(out.status), version);
    for (const auto& [name, value] : out.headers) res->insert(name, value);
    res->body() = std::move(out.body);
    res->keep_alive(keep_alive);
    res->prepare_payload();
    auto self = shared_from_this();
    http::async_write(stream_, *res, [self, res, keep_alive](beast::error_code ec, size_t) {
      if (!ec && keep_alive) return self->read_next();
      beast::error_code e;
      self->stream_.socket().shutdown(tcp::socket::shutdown_both, e);
    });
  }

  beast::tcp_stream stream_;
  std::shared_ptr<WebSocketServer::Impl> server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
};

void accept_next(const std::shared_ptr<WebSocketServer::Impl>& impl) {
  impl->acceptor.async_accept([impl](beast::error_code ec, tcp::socket socket) {
    if (impl->stopping) return;
    if (!ec) {
      socket.set_option(tcp::no_delay(true), ec);
      std::make_shared<HttpSession>(std::move(socket), impl)->read_next();
    }
    accept_next(impl);
  });
}

}  // namespace

std::shared_ptr<WsSession> WebSocketServer::Impl::find(const std::string& id) {
  std::lock_guard lock(mutex);
  auto it = sessions.find(id);
  return it == sessions.end() ? nullptr : it->second.lock();
}

WebSocketServer::WebSocketServer(const std::string& host, unsigned short port, WebSocketCallbacks callbacks)
    : impl_(std::make_shared<Impl>()) {
  impl_->callbacks = std::move(callbacks);
  listen_on(impl_->acceptor, host, port, "--websocketPort");
}

WebSocketServer::~WebSocketServer() { stop(); }

unsigned short WebSocketServer::port() const {
  beast::error_code ec;
  return impl_->acceptor.local_endpoint(ec).port();
}

void WebSocketServer::run() {
  if (impl_->stopping) return;
  accept_next(impl_);
  auto guard = asio::make_work_guard(impl_->io);
  impl_->io.run();
}

void WebSocketServer::stop() {
  if (impl_->stopping.exchange(true)) return;
  // A weak reference: a handler left queued in an io_context that never ran
  // must not keep the Impl (which owns that io_context) alive.
  std::weak_ptr<Impl> weak = impl_;
  asio::post(impl_->io, [weak] {
    if (auto impl = weak.lock()) {
      beast::error_code ec;
      impl->acceptor.close(ec);
      impl->io.stop();
    }
  });
  impl_->io.stop();
}

bool WebSocketServer::send(const std::string& id, std::string text) {
  auto session = impl_->find(id);
  if (!session) return false;
  asio::post(impl_->io, [session, text = std::move(text)]() mutable { session->send(std::move(text)); });
  return true;
}

bool WebSocketServer::close(const std::string& id) {
  auto session = impl_->find(id);
  if (!session) return false;
  asio::post(impl_->io, [session] { session->close(); });
  return true;
}

std::optional<ConnectionInfo> WebSocketServer::info(const std::string& id) {
  auto session = impl_->find(id);
  if (!session) return std::nullopt;
  ConnectionInfo out;
  out.connected_at_ms = session->info.connected_at_ms;
  out.last_active_ms = session->info.last_active_ms.load();
  out.source_ip = session->info.source_ip;
  out.user_agent = session->info.user_agent;
  return out;
}

}  // namespace sls::local
