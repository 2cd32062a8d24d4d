#include "aws/api/retry.h"

#include <algorithm>
#include <random>
#include <thread>

#include "aws/api/aws_error.h"

namespace sls::aws::api {

std::chrono::milliseconds backoff_delay(int failed_attempts, double random01, bool throttled,
                                        const RetryOptions& options) {
  auto base = throttled ? options.throttling_base : options.base;
  double ceiling = static_cast<double>(base.count()) * static_cast<double>(1LL << std::min(failed_attempts - 1, 30));
  ceiling = std::min(ceiling, static_cast<double>(options.max_backoff.count()));
  return std::chrono::milliseconds(static_cast<long long>(random01 * ceiling));
}

bool should_retry(const HttpResponse& response) {
  if (response.status < 400) return false;
  AwsErrorInfo e = parse_aws_error(response);
  return is_throttling_error(e.code) || is_transient_error(e.code, response.status);
}

HttpResponse send_with_retries(HttpClient& client, const std::function<HttpRequest()>& make_request,
                               const RetryOptions& options, const std::function<bool(const HttpResponse&)>& complete) {
  std::mt19937_64 engine{std::random_device{}()};
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  auto random = options.random ? options.random : [&] { return uniform(engine); };
  auto sleep = options.sleep ? options.sleep : [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
  for (int attempt = 1;; ++attempt) {
    bool last = attempt >= options.max_attempts;
    bool throttled = false;
    try {
      HttpResponse response = client.send(make_request());
      bool cut_short = response.status >= 200 && response.status < 300 && complete && !complete(response);
      if (last || !(cut_short || should_retry(response))) return response;
      throttled = is_throttling_error(parse_aws_error(response).code);
    } catch (const TransportError&) {
      if (last) throw;
    }
    sleep(backoff_delay(attempt, random(), throttled, options));
  }
}

}  // namespace sls::aws::api
