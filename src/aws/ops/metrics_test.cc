// `sls metrics` printing over a scripted GetMetricData reply (moto answers
// GetMetricData with no values for Lambda metrics it never recorded, so the
// sums and the average are covered here; tests/e2e/diff_e2e.py runs the
// request path against moto).
#include "aws/ops/metrics.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "aws/api/test_server.h"

namespace sls::aws::ops {
namespace {

Style plain = [](const std::string& s) { return s; };

// Local time is UTC for these tests; the caller's TZ comes back afterwards.
struct MetricsInUtc : ::testing::Test {
  std::string saved;
  bool had = false;
  void SetUp() override {
    if (const char* tz = std::getenv("TZ")) had = true, saved = tz;
    setenv("TZ", "UTC", 1);
    tzset();
  }
  void TearDown() override {
    if (had) setenv("TZ", saved.c_str(), 1);
    else unsetenv("TZ");
    tzset();
  }
};

std::string page(const std::string& results, const std::string& next) {
  return "<GetMetricDataResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><GetMetricDataResult>"
         "<MetricDataResults>" + results + "</MetricDataResults>" +
         (next.empty() ? "" : "<NextToken>" + next + "</NextToken>") +
         "</GetMetricDataResult></GetMetricDataResponse>";
}

std::string result(const std::string& id, const std::vector<std::string>& values) {
  std::string v;
  for (const auto& x : values) v += "<member>" + x + "</member>";
  return "<member><Id>" + id + "</Id><Label>x</Label><StatusCode>Complete</StatusCode><Timestamps/><Values>" + v +
         "</Values></member>";
}

TEST_F(MetricsInUtc, DisplayTimeAsOsls) {
  EXPECT_EQ(format_display_time(1764583200000LL), "December 1, 2025 10:00 AM");
  EXPECT_EQ(format_display_time(1764547200000LL), "December 1, 2025 12:00 AM");
  EXPECT_EQ(format_display_time(1764594000000LL), "December 1, 2025 1:00 PM");
  EXPECT_EQ(iso_time(1764583200123LL), "2025-12-01T10:00:00.123Z");
}

TEST(Metrics, FourStatisticsPerFunctionAndThePeriodOfTheSpan) {
  MetricsRequest r{{"svc-dev-a", "svc-dev-b"}, "Service wide metrics", 0, 3600 * 1000};
  auto q = metric_queries(r);
  ASSERT_EQ(q.size(), 8u);
  EXPECT_EQ(q[0].id, "invocations_0");
  EXPECT_EQ(q[3].metric_name, "Duration");
  EXPECT_EQ(q[3].stat, "Average");
  EXPECT_EQ(q[3].unit, "Milliseconds");
  EXPECT_EQ(q[4].dimensions[0], (std::pair<std::string, std::string>{"FunctionName", "svc-dev-b"}));
  EXPECT_EQ(q[0].period, 3600);
  r.end_ms = 25LL * 3600 * 1000;
  EXPECT_EQ(metric_queries(r)[0].period, 86400);
}

TEST(Metrics, ParamsOfOneQuery) {
  api::cloudwatch::MetricQuery q{"errors_0", "AWS/Lambda", "Errors", {{"FunctionName", "f"}}, 3600, "Sum", "Count"};
  auto p = api::cloudwatch::metric_data_params({q}, "s", "e", "");
  std::map<std::string, std::string> m(p.begin(), p.end());
  EXPECT_EQ(m["MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value"], "f");
  EXPECT_EQ(m["MetricDataQueries.member.1.MetricStat.Stat"], "Sum");
  EXPECT_EQ(m["StartTime"], "s");
  EXPECT_EQ(m.count("NextToken"), 0u);
}

TEST_F(MetricsInUtc, ScriptedRepliesSummedOverPagesAndPrinted) {
  api::testing::LocalServer server;
  int calls = 0;
  server.server.Post("/", [&](const httplib::Request& req, httplib::Response& res) {
    ++calls;
    EXPECT_NE(req.body.find("Action=GetMetricData"), std::string::npos);
    if (req.body.find("NextToken=p2") == std::string::npos) {
      res.set_content(page(result("invocations_0", {"3", "4"}) + result("duration_0", {"10.5", "20"}) +
                               result("errors_1", {"1"}),
                           "p2"),
                      "text/xml");
    } else {
      res.set_content(page(result("invocations_1", {"5"}) + result("throttles_0", {"2"}) +
                               result("duration_1", {"12.123"}),
                           ""),
                      "text/xml");
    }
  });
  server.start();
  api::HttpClient http;
  auto ctx = server.context(http);
  MetricsRequest r{{"svc-dev-a", "svc-dev-b"}, "Service wide metrics", 1764583200000LL, 1764590400000LL};
  EXPECT_EQ(show_metrics(ctx, r, plain),
            "Service wide metrics\n"
            "December 1, 2025 10:00 AM - December 1, 2025 12:00 PM\n"
            "\n"
            "invocations: 12\n"
            "throttles: 2\n"
            "errors: 1\n"
            "duration (avg.): 14.21ms\n");
  EXPECT_EQ(calls, 2);
}

TEST_F(MetricsInUtc, NoFunctionsNoMetrics) {
  MetricsRequest r{{}, "Service wide metrics", 1764583200000LL, 1764590400000LL};
  EXPECT_EQ(render_metrics(r, {}, plain),
            "Service wide metrics\nDecember 1, 2025 10:00 AM - December 1, 2025 12:00 PM\n\n"
            "There are no metrics to show for these options\n");
  MetricsSummary zero;
  r.function_names = {"f"};
  r.title = "hello";
  EXPECT_EQ(render_metrics(r, zero, plain).substr(6),
            "December 1, 2025 10:00 AM - December 1, 2025 12:00 PM\n\ninvocations: 0\nthrottles: 0\nerrors: 0\n"
            "duration (avg.): 0ms\n");
}

}  // namespace
}  // namespace sls::aws::ops
