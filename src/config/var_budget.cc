#include "config/var_budget.h"

#include <vector>

namespace sls::config::vars {

std::size_t approximate_size(const Json& value, std::size_t limit) {
  std::size_t size = 0;
  std::vector<const Json*> stack{&value};
  while (!stack.empty() && size <= limit) {
    const Json* v = stack.back();
    stack.pop_back();
    if (v->is_string()) {
      size += v->get_ref<const std::string&>().size();
    } else if (v->is_object()) {
      size += 8;
      for (const auto& [key, child] : v->items()) {
        size += key.size();
        stack.push_back(&child);
      }
    } else if (v->is_array()) {
      size += 8;
      for (const auto& child : *v) stack.push_back(&child);
    } else {
      size += 8;
    }
  }
  return size;
}

std::string ResolutionBudget::charge(std::size_t bytes) {
  if (bytes > kMaxResolvedValueBytes)
    return "the value would be " + std::to_string(bytes) + " bytes or more, over the limit of " +
           std::to_string(kMaxResolvedValueBytes >> 20) + " MiB for one resolved value";
  total_ += bytes;
  if (total_ > kMaxResolvedTotalBytes)
    return "the variables resolved so far add up to more than " + std::to_string(kMaxResolvedTotalBytes >> 20) +
           " MiB, the limit for one configuration";
  return "";
}

}  // namespace sls::config::vars
