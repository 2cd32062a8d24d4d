#include "local/http_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "local/reactor.h"

namespace sls::local {
namespace {

HttpResponse text(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.headers = {{"Content-Type", "text/plain"}};
  r.body = std::move(body);
  return r;
}

// A raw request on a fresh connection; what the server sent back until it closed (or 2 s).
std::string raw_exchange(unsigned short port, const std::string& bytes) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  timeval tv{2, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return "";
  (void)!write(fd, bytes.data(), bytes.size());
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
  close(fd);
  return out;
}

TEST(HttpRequest, HeaderIsTheFirstValueInAnyCase) {
  HttpRequest req;
  req.headers = {{"X-Api-Key", "one"}, {"x-api-key", "two"}, {"Origin", "http://a"}};
  EXPECT_EQ(req.header("x-api-key"), "one");
  EXPECT_EQ(req.header("ORIGIN"), "http://a");
  EXPECT_EQ(req.header("content-type"), "");
}

TEST(Reactor, RunsPostedWorkInOrderOnItsThreadAndInlineOnceStopped) {
  Reactor reactor;
  EXPECT_FALSE(reactor.in_loop());
  std::vector<int> seen;
  bool on_loop = false;
  reactor.post([&] { seen.push_back(1); });
  reactor.run_sync([&] {
    seen.push_back(2);
    on_loop = reactor.in_loop();
  });
  EXPECT_EQ(seen, (std::vector<int>{1, 2}));
  EXPECT_TRUE(on_loop);
  reactor.stop();
  reactor.run_sync([&] { seen.push_back(3); });  // inline: the loop has ended
  EXPECT_EQ(seen.back(), 3);
}

TEST(AsyncHttpServer, AnswersNowOrLaterFromAnotherThreadOverKeepAlive) {
  Reactor reactor;
  std::vector<std::thread> later;
  AsyncHttpServer server(reactor, "127.0.0.1", 0, [&](HttpRequest req, HttpReply reply) {
    EXPECT_TRUE(reactor.in_loop());
    if (req.target == "/now") return reply(text(200, "now " + req.method + " " + req.body));
    later.emplace_back([reply = std::move(reply), target = req.target] {
      std::this_thread::sleep_for(std::chrono::milliseconds(30));
      reply(text(201, "later " + target));
    });
  });
  ASSERT_NE(server.port(), 0);
  httplib::Client client("127.0.0.1", server.port());
  client.set_keep_alive(true);
  auto a = client.Post("/now", "abc", "text/plain");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->status, 200);
  EXPECT_EQ(a->body, "now POST abc");
  auto b = client.Get("/wait?x=1");  // the same connection
  ASSERT_TRUE(b);
  EXPECT_EQ(b->status, 201);
  EXPECT_EQ(b->body, "later /wait?x=1");
  server.stop();
  for (auto& t : later) t.join();
}

TEST(AsyncHttpServer, ConcurrentSlowAnswersDoNotHoldEachOtherUp) {
  Reactor reactor;
  std::mutex mutex;
  std::vector<HttpReply> pending;
  AsyncHttpServer server(reactor, "127.0.0.1", 0, [&](HttpRequest, HttpReply reply) {
    std::lock_guard lock(mutex);
    pending.push_back(std::move(reply));
    if (pending.size() == 4)  // all four are in at once: answer them, last first
      for (size_t i = pending.size(); i-- > 0;) pending[i](text(200, std::to_string(i)));
  });
  std::vector<std::thread> clients;
  std::atomic<int> ok{0};
  for (int i = 0; i < 4; ++i)
    clients.emplace_back([&] {
      httplib::Client c("127.0.0.1", server.port());
      c.set_read_timeout(5, 0);
      if (auto r = c.Get("/x"); r && r->status == 200) ++ok;
    });
  for (auto& t : clients) t.join();
  EXPECT_EQ(ok, 4);
}

TEST(AsyncHttpServer, MalformedRequestGets400AndTheServerGoesOn) {
  Reactor reactor;
  AsyncHttpServer server(reactor, "127.0.0.1", 0, [](HttpRequest, HttpReply reply) { reply(text(200, "fine")); });
  std::string bad = raw_exchange(server.port(), "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n");
  EXPECT_EQ(bad.rfind("HTTP/1.1 400", 0), 0u) << bad;
  httplib::Client client("127.0.0.1", server.port());
  auto r = client.Get("/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "fine");
}

TEST(AsyncHttpServer, ThrowingHandlerGives500AndAReplyAfterStopIsHarmless) {
  Reactor reactor;
  HttpReply kept;
  std::atomic<bool> held{false};
  auto server = std::make_unique<AsyncHttpServer>(reactor, "127.0.0.1", 0, [&](HttpRequest req, HttpReply reply) {
    if (req.target == "/throw") throw std::runtime_error("boom");
    kept = std::move(reply);  // never answered before stop()
    held = true;
  });
  httplib::Client client("127.0.0.1", server->port());
  auto r = client.Get("/throw");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  std::thread waiting([&] {
    httplib::Client c("127.0.0.1", server->port());
    c.set_read_timeout(5, 0);
    c.Get("/hang");  // cut short by stop()
  });
  while (!held) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  server->stop();
  waiting.join();
  server.reset();
  kept(text(200, "too late"));  // the connection is gone: nothing happens
  reactor.run_sync([] {});
}

}  // namespace
}  // namespace sls::local
