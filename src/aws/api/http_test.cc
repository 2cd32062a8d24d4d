#include "aws/api/http.h"

#include <gtest/gtest.h>
#include "aws/api/aws_error.h"
#include "aws/api/retry.h"
#include "aws/api/test_server.h"

namespace sls::aws::api {
using testing::LocalServer;

TEST(AwsHttp, SendsMethodHeadersAndBody) {
  LocalServer s;
  s.server.Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
    res.set_header("X-Seen", req.get_header_value("X-Test"));
    res.set_header("X-Agent", req.get_header_value("User-Agent"));
    res.set_content(req.body + "|" + req.get_header_value("Content-Type"), "text/plain");
  });
  s.start();
  std::vector<std::string> log;
  HttpOptions options;
  options.debug = [&](const std::string& line) { log.push_back(line); };
  HttpClient client(options);
  HttpResponse r = client.send({"POST", s.url("/echo?X-Amz-Security-Token=secret"),
                                {{"X-Test", "yes"}, {"Authorization", "AWS4 secret"}}, "a=1"});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "a=1|");
  EXPECT_EQ(r.header("x-seen"), "yes");
  EXPECT_EQ(r.header("x-agent"), "sls/" SLS_VERSION);
  EXPECT_EQ(http_options_from_env(map_env({{"AWS_CA_BUNDLE", "/ca.pem"}})).ca_bundle, "/ca.pem");
  // Second request on the same handle (connection reuse).
  EXPECT_EQ(client.send({"POST", s.url("/echo"), {{"Content-Type", "application/json"}}, "{}"}).body,
            "{}|application/json");
  ASSERT_EQ(log.size(), 2u);
  EXPECT_NE(log[0].find("POST http://127.0.0.1:"), std::string::npos);
  EXPECT_NE(log[0].find("-> 200"), std::string::npos);
  EXPECT_EQ(log[0].find("secret"), std::string::npos);
}

TEST(AwsHttp, ConnectionFailureIsTransportError) {
  HttpOptions options;
  options.connect_timeout = std::chrono::milliseconds(500);
  HttpClient client(options);
  // Port 1 on loopback: nothing listens there.
  EXPECT_THROW(client.send({"GET", "http://127.0.0.1:1/", {}, ""}), TransportError);
}

TEST(AwsRetry, RetriesThrottlingAnd5xxThenSucceeds) {
  LocalServer s;
  int calls = 0;
  s.server.Post("/", [&](const httplib::Request&, httplib::Response& res) {
    ++calls;
    if (calls == 1) {
      res.status = 400;
      res.set_content("<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error>"
                      "</ErrorResponse>", "text/xml");
    } else if (calls == 2) {
      res.status = 503;
    } else {
      res.set_content("ok", "text/plain");
    }
  });
  s.start();
  HttpClient client;
  std::vector<std::chrono::milliseconds> sleeps;
  RetryOptions opts;
  opts.sleep = [&](std::chrono::milliseconds d) { sleeps.push_back(d); };
  opts.random = [] { return 0.5; };
  int built = 0;
  HttpResponse r = send_with_retries(client, [&] {
    ++built;
    return HttpRequest{"POST", s.url("/"), {}, "x"};
  }, opts);
  EXPECT_EQ(r.body, "ok");
  EXPECT_EQ(built, 3);
  ASSERT_EQ(sleeps.size(), 2u);
  EXPECT_EQ(sleeps[0].count(), 250);  // throttled: 0.5 * 500ms
  EXPECT_EQ(sleeps[1].count(), 100);  // 0.5 * 100ms * 2
}

TEST(AwsRetry, GivesUpAfterThreeAttemptsAndKeepsClientErrors) {
  LocalServer s;
  int calls = 0;
  s.server.Get("/busy", [&](const httplib::Request&, httplib::Response& res) { ++calls, res.status = 500; });
  s.server.Get("/bad", [&](const httplib::Request&, httplib::Response& res) {
    ++calls;
    res.status = 400;
    res.set_content(R"({"__type":"com.amazon#ValidationException","message":"nope"})", "application/json");
  });
  s.start();
  HttpClient client;
  RetryOptions opts;
  opts.sleep = [](std::chrono::milliseconds) {};
  EXPECT_EQ(send_with_retries(client, [&] { return HttpRequest{"GET", s.url("/busy"), {}, ""}; }, opts).status, 500);
  EXPECT_EQ(calls, 3);
  HttpResponse bad = send_with_retries(client, [&] { return HttpRequest{"GET", s.url("/bad"), {}, ""}; }, opts);
  EXPECT_EQ(calls, 4);
  AwsErrorInfo e = parse_aws_error(bad);
  EXPECT_EQ(e.code, "ValidationException");
  EXPECT_EQ(e.message, "nope");
}

TEST(AwsRetry, BackoffIsCappedFullJitter) {
  RetryOptions o;
  EXPECT_EQ(backoff_delay(1, 1.0, false, o).count(), 100);
  EXPECT_EQ(backoff_delay(3, 1.0, false, o).count(), 400);
  EXPECT_EQ(backoff_delay(20, 1.0, false, o).count(), 20000);
  EXPECT_EQ(backoff_delay(5, 0.0, true, o).count(), 0);
}

}  // namespace sls::aws::api
