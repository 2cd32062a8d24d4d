#include "aws/ops/metrics.h"

#include <cmath>
#include <cstdio>
#include <ctime>

#include "config/var_js.h"
#include "util/clock.h"

namespace sls::aws::ops {

namespace {

namespace cw = api::cloudwatch;

struct Statistic {
  const char* id;      // query id prefix
  const char* metric;
  const char* stat;
  const char* unit;
};
constexpr Statistic kStatistics[] = {{"invocations", "Invocations", "Sum", "Count"},
                                     {"throttles", "Throttles", "Sum", "Count"},
                                     {"errors", "Errors", "Sum", "Count"},
                                     {"duration", "Duration", "Average", "Milliseconds"}};

bool starts_with(const std::string& s, const std::string& p) { return s.rfind(p + "_", 0) == 0; }

std::string js_number(double v) { return config::vars::js_number_to_string(v); }

}  // namespace

std::vector<cw::MetricQuery> metric_queries(const MetricsRequest& request) {
  const double hours = std::fabs(static_cast<double>(request.end_ms - request.start_ms)) / 36e5;
  const long period = hours > 24 ? 3600 * 24 : 3600;
  std::vector<cw::MetricQuery> out;
  for (size_t i = 0; i < request.function_names.size(); ++i) {
    for (const auto& s : kStatistics) {
      out.push_back({std::string(s.id) + "_" + std::to_string(i), "AWS/Lambda", s.metric,
                     {{"FunctionName", request.function_names[i]}}, period, s.stat, s.unit});
    }
  }
  return out;
}

MetricsSummary summarize(const std::vector<cw::MetricResult>& results) {
  MetricsSummary s;
  double duration_sum = 0;
  size_t duration_points = 0;
  for (const auto& r : results) {
    for (double v : r.values) {
      if (starts_with(r.id, "invocations")) s.invocations += v;
      else if (starts_with(r.id, "throttles")) s.throttles += v;
      else if (starts_with(r.id, "errors")) s.errors += v;
      else if (starts_with(r.id, "duration")) duration_sum += v, ++duration_points;
    }
  }
  s.duration_average = duration_points ? duration_sum / static_cast<double>(duration_points) : 0;
  return s;
}

std::string format_display_time(long long epoch_ms) {
  static const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                  "July",    "August",   "September", "October", "November", "December"};
  time_t secs = static_cast<time_t>(floor_seconds(epoch_ms));
  std::tm tm{};
  localtime_r(&secs, &tm);
  int hour = tm.tm_hour % 12 == 0 ? 12 : tm.tm_hour % 12;
  char buf[96];
  std::snprintf(buf, sizeof buf, "%s %d, %d %d:%02d %s", kMonths[tm.tm_mon], tm.tm_mday, tm.tm_year + 1900, hour,
                tm.tm_min, tm.tm_hour < 12 ? "AM" : "PM");
  return buf;
}

std::string iso_time(long long epoch_ms) {
  time_t secs = static_cast<time_t>(floor_seconds(epoch_ms));
  int ms = static_cast<int>(epoch_ms - static_cast<long long>(secs) * 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
  return buf;
}

std::string render_metrics(const MetricsRequest& request, const MetricsSummary& s, const Style& aside) {
  std::string out = request.title + "\n";
  out += format_display_time(request.start_ms) + " - " + format_display_time(request.end_ms) + "\n\n";
  if (request.function_names.empty()) return out + "There are no metrics to show for these options\n";
  // Number(x.toFixed(2)): rounded to two decimals, printed as JS prints numbers.
  char fixed[64];
  std::snprintf(fixed, sizeof fixed, "%.2f", s.duration_average);
  out += aside("invocations") + ": " + js_number(s.invocations) + "\n";
  out += aside("throttles") + ": " + js_number(s.throttles) + "\n";
  out += aside("errors") + ": " + js_number(s.errors) + "\n";
  out += aside("duration (avg.)") + ": " + js_number(std::strtod(fixed, nullptr)) + "ms\n";
  return out;
}

std::string show_metrics(const api::AwsContext& ctx, const MetricsRequest& request, const Style& aside) {
  MetricsSummary summary;
  if (!request.function_names.empty())
    summary = summarize(cw::get_metric_data(ctx, metric_queries(request), iso_time(request.start_ms),
                                            iso_time(request.end_ms)));
  return render_metrics(request, summary, aside);
}

}  // namespace sls::aws::ops
