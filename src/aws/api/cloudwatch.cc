#include "aws/api/cloudwatch.h"

#include <algorithm>
#include <cstdlib>

#include "aws/api/query.h"

namespace sls::aws::api::cloudwatch {

namespace {

constexpr size_t kQueriesPerRequest = 500;

void merge_page(std::vector<MetricResult>& out, const pugi::xml_node& result) {
  for (const auto& m : members(result, "MetricDataResults")) {
    std::string id = child_text(m, "Id");
    auto it = std::find_if(out.begin(), out.end(), [&](const MetricResult& r) { return r.id == id; });
    if (it == out.end()) {
      out.push_back({id, child_text(m, "Label"), child_text(m, "StatusCode"), {}, {}});
      it = out.end() - 1;
    }
    for (const auto& t : members(m, "Timestamps")) it->timestamps.push_back(t.text().as_string());
    for (const auto& v : members(m, "Values")) it->values.push_back(std::strtod(v.text().as_string(), nullptr));
  }
}

}  // namespace

QueryParams metric_data_params(const std::vector<MetricQuery>& queries, const std::string& start_iso,
                               const std::string& end_iso, const std::string& next_token) {
  QueryParams p = {{"StartTime", start_iso}, {"EndTime", end_iso}};
  for (size_t i = 0; i < queries.size(); ++i) {
    const MetricQuery& q = queries[i];
    const std::string base = "MetricDataQueries.member." + std::to_string(i + 1) + ".";
    p.emplace_back(base + "Id", q.id);
    p.emplace_back(base + "MetricStat.Metric.Namespace", q.metric_namespace);
    p.emplace_back(base + "MetricStat.Metric.MetricName", q.metric_name);
    for (size_t d = 0; d < q.dimensions.size(); ++d) {
      const std::string dim = base + "MetricStat.Metric.Dimensions.member." + std::to_string(d + 1) + ".";
      p.emplace_back(dim + "Name", q.dimensions[d].first);
      p.emplace_back(dim + "Value", q.dimensions[d].second);
    }
    p.emplace_back(base + "MetricStat.Period", std::to_string(q.period));
    p.emplace_back(base + "MetricStat.Stat", q.stat);
    if (!q.unit.empty()) p.emplace_back(base + "MetricStat.Unit", q.unit);
    p.emplace_back(base + "ReturnData", "true");
  }
  if (!next_token.empty()) p.emplace_back("NextToken", next_token);
  return p;
}

std::vector<MetricResult> get_metric_data(const AwsContext& ctx, const std::vector<MetricQuery>& queries,
                                          const std::string& start_iso, const std::string& end_iso) {
  std::vector<MetricResult> out;
  for (size_t first = 0; first < queries.size(); first += kQueriesPerRequest) {
    std::vector<MetricQuery> batch(queries.begin() + first,
                                   queries.begin() + std::min(queries.size(), first + kQueriesPerRequest));
    std::string next;
    do {
      QueryReply reply = query_call(ctx, "monitoring", "2010-08-01", "GetMetricData",
                                    metric_data_params(batch, start_iso, end_iso, next));
      merge_page(out, reply.result);
      next = child_text(reply.result, "NextToken");
    } while (!next.empty());
  }
  return out;
}

}  // namespace sls::aws::api::cloudwatch
