// `sls metrics`: invocations, throttles, errors (sums) and the average
// duration of the service's functions (or of one, -f) between --startTime and
// --endTime, as osls prints them (aws/metrics.js). osls sends four
// GetMetricStatistics per function; sls sends the same statistics as one
// GetMetricData request (up to 125 functions per request).
#pragma once
#include <string>
#include <vector>

#include "aws/api/client.h"
#include "aws/api/cloudwatch.h"
#include "aws/ops/log_format.h"

namespace sls::aws::ops {

struct MetricsRequest {
  std::vector<std::string> function_names;  // deployed names
  std::string title;                        // the -f name, or "Service wide metrics"
  long long start_ms = 0;
  long long end_ms = 0;
};

struct MetricsSummary {
  double invocations = 0;
  double throttles = 0;
  double errors = 0;
  double duration_average = 0;  // mean of every function's hourly/daily averages (osls's meanBy)
};

// osls's four statistics per function; period one hour, or a day for spans over 24 hours.
std::vector<api::cloudwatch::MetricQuery> metric_queries(const MetricsRequest& request);
MetricsSummary summarize(const std::vector<api::cloudwatch::MetricResult>& results);

// "Month D, YYYY H:MM AM" in local time (osls's formatDisplayTime).
std::string format_display_time(long long epoch_ms);
// "2026-12-01T10:00:00.000Z".
std::string iso_time(long long epoch_ms);

std::string render_metrics(const MetricsRequest& request, const MetricsSummary& summary, const Style& aside);

// GetMetricData, summarized and rendered.
std::string show_metrics(const api::AwsContext& ctx, const MetricsRequest& request, const Style& aside);

}  // namespace sls::aws::ops
