// One set of AWS credentials, as every provider produces and the signer consumes.
#pragma once
#include <chrono>
#include <optional>
#include <string>

namespace sls::aws::api {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
  std::optional<std::chrono::system_clock::time_point> expiration;
  std::string source;  // where they came from, for messages: "environment", "profile dev", ...
};

}  // namespace sls::aws::api
