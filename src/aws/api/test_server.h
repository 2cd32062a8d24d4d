// Test helper: a loopback cpp-httplib server on a free port for one test.
#pragma once
#include <httplib.h>

#include <chrono>
#include <string>
#include <thread>

#include "aws/api/client.h"

namespace sls::aws::api::testing {

struct LocalServer {
  httplib::Server server;
  std::thread thread;
  int port = 0;
  void start() {
    port = server.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~LocalServer() {
    server.stop();
    if (thread.joinable()) thread.join();
  }
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port); }
  std::string url(const std::string& path) const { return origin() + path; }
  // A context whose every service points at this server, with fake keys and no retry sleeps.
  AwsContext context(HttpClient& http) const {
    AwsContext c;
    c.http = &http;
    c.credentials = {"AKIDEXAMPLE", "secret", "", {}, "test"};
    c.region = "us-east-1";
    c.env = map_env({{"AWS_ENDPOINT_URL", origin()}});
    c.retry.sleep = [](std::chrono::milliseconds) {};
    return c;
  }
};

// The Action=... of a Query-protocol request body ("" when none).
inline std::string query_action(const std::string& body) {
  auto start = body.find("Action=");
  if (start == std::string::npos) return "";
  auto end = body.find('&', start);
  return body.substr(start + 7, end == std::string::npos ? std::string::npos : end - start - 7);
}

// <ActionResponse><ActionResult>inner</ActionResult></ActionResponse>
inline std::string query_reply(const std::string& action, const std::string& inner) {
  return "<" + action + "Response><" + action + "Result>" + inner + "</" + action + "Result></" + action + "Response>";
}

}  // namespace sls::aws::api::testing
