// Amazon CloudWatch metrics over the Query protocol (API version 2010-08-01,
// signing name "monitoring"; AWS_ENDPOINT_URL_CLOUDWATCH): GetMetricData.
// moto 5.2.1 serves it over Query (and JSON 1.0), the core speaks Query.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "aws/api/client.h"

namespace sls::aws::api::cloudwatch {

struct MetricQuery {
  std::string id;           // [a-z][a-zA-Z0-9_]*, unique in one request
  std::string metric_namespace;
  std::string metric_name;
  std::vector<std::pair<std::string, std::string>> dimensions;
  long period = 3600;       // seconds
  std::string stat;         // Sum, Average, ...
  std::string unit;         // "" for any
};

struct MetricResult {
  std::string id;
  std::string label;
  std::string status_code;  // Complete, PartialData, ...
  std::vector<std::string> timestamps;
  std::vector<double> values;
};

// The GetMetricData form parameters of one request (exposed for tests).
QueryParams metric_data_params(const std::vector<MetricQuery>& queries, const std::string& start_iso,
                               const std::string& end_iso, const std::string& next_token);

// Every result of `queries` between the two ISO 8601 times, following
// NextToken and sending at most 500 queries per request; the values of one
// id on several pages are appended.
std::vector<MetricResult> get_metric_data(const AwsContext& ctx, const std::vector<MetricQuery>& queries,
                                          const std::string& start_iso, const std::string& end_iso);

}  // namespace sls::aws::api::cloudwatch
