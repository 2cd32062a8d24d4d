// The wall clock as AWS's epoch timestamps count it.
#pragma once
#include <chrono>

namespace sls {

// Milliseconds since 1970-01-01 UTC.
inline long long epoch_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace sls
