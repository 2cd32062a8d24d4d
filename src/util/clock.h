// The wall clock as AWS's epoch timestamps count it.
#pragma once
#include <chrono>

namespace sls {

// Milliseconds since 1970-01-01 UTC.
inline long long epoch_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The whole seconds of an epoch millisecond time, rounded down (also before 1970).
inline long long floor_seconds(long long epoch_ms) { return epoch_ms >= 0 ? epoch_ms / 1000 : (epoch_ms - 999) / 1000; }

}  // namespace sls
