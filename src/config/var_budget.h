// Bounds on what variable resolution may produce, so that variables repeating
// each other (s1: ${s0}${s0}, s2: ${s1}${s1}, ...) fail fast instead of growing
// exponentially: one resolved value may be at most kMaxResolvedValueBytes, and
// all values resolved for one configuration at most kMaxResolvedTotalBytes.
#pragma once
#include <cstddef>
#include <string>

#include "util/json.h"

namespace sls::config::vars {

inline constexpr std::size_t kMaxResolvedValueBytes = std::size_t{8} << 20;
inline constexpr std::size_t kMaxResolvedTotalBytes = std::size_t{128} << 20;

// The bytes a value takes as text: string lengths, keys, 8 per other node.
// Stops counting past `limit` (the answer is then just over it).
std::size_t approximate_size(const Json& value, std::size_t limit);

class ResolutionBudget {
 public:
  // Counts `bytes` more resolved; returns "" or why that is over a limit (a phrase).
  std::string charge(std::size_t bytes);

 private:
  std::size_t total_ = 0;
};

}  // namespace sls::config::vars
