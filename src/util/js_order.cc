#include "util/js_order.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace sls::js {
namespace {

uint64_t index_value(std::string_view key) {
  uint64_t n = 0;
  for (char c : key) n = n * 10 + static_cast<uint64_t>(c - '0');
  return n;
}

}  // namespace

bool is_array_index(std::string_view key) {
  if (key.empty() || key.size() > 10 || (key.size() > 1 && key[0] == '0')) return false;
  for (char c : key)
    if (c < '0' || c > '9') return false;
  return index_value(key) < 4294967295ULL;
}

bool has_array_index_key(const Json::object_t& object) {
  for (const auto& member : object) {
    const std::string& k = member.first;
    if (!k.empty() && k[0] >= '0' && k[0] <= '9' && is_array_index(k)) return true;
  }
  return false;
}

std::vector<size_t> key_order(const Json::object_t& object) {
  std::vector<size_t> indices, others;
  for (size_t i = 0; i < object.size(); ++i)
    (is_array_index((object.begin() + static_cast<std::ptrdiff_t>(i))->first) ? indices : others).push_back(i);
  std::stable_sort(indices.begin(), indices.end(), [&](size_t a, size_t b) {
    return index_value((object.begin() + static_cast<std::ptrdiff_t>(a))->first) <
           index_value((object.begin() + static_cast<std::ptrdiff_t>(b))->first);
  });
  indices.insert(indices.end(), others.begin(), others.end());
  return indices;
}

void order_keys(Json::object_t& object) {
  if (has_array_index_key(object)) object.permute(key_order(object));
}

void order_keys_deep(Json& value) {
  if (value.is_object()) {
    auto& object = value.get_ref<Json::object_t&>();
    order_keys(object);
    for (auto& member : object) order_keys_deep(member.second);
  } else if (value.is_array()) {
    for (auto& item : value) order_keys_deep(item);
  }
}

}  // namespace sls::js
