// AWS SDK "standard" retry mode: up to 3 attempts, exponential backoff with
// full jitter (delay = random[0,1) * min(20s, base * 2^(attempt-1))), retrying
// throttling errors, 5xx replies and connection failures.
#pragma once
#include <chrono>
#include <functional>

#include "aws/api/http.h"

namespace sls::aws::api {

struct RetryOptions {
  int max_attempts = 3;
  std::chrono::milliseconds base{100};
  std::chrono::milliseconds throttling_base{500};
  std::chrono::milliseconds max_backoff{20'000};
  std::function<void(std::chrono::milliseconds)> sleep;  // default: sleep_for
  std::function<double()> random;                        // default: uniform [0,1)
};

// Delay before the next attempt after `failed_attempts` (>= 1) failures.
std::chrono::milliseconds backoff_delay(int failed_attempts, double random01, bool throttled,
                                        const RetryOptions& options);

// Whether a reply is worth another attempt under the standard mode.
bool should_retry(const HttpResponse& response);

// Builds the request afresh for each attempt (so it is re-signed) and sends it,
// retrying as above. A 2xx reply that `complete` rejects (a body cut short) is
// retried too. Returns the last reply; rethrows the last TransportError.
HttpResponse send_with_retries(HttpClient& client, const std::function<HttpRequest()>& make_request,
                               const RetryOptions& options = {},
                               const std::function<bool(const HttpResponse&)>& complete = {});

}  // namespace sls::aws::api
