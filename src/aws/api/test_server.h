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

}  // namespace sls::aws::api::testing
