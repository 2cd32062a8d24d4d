// JavaScript lists an object's integer-like keys ("0", "7", "42": canonical
// array indices below 2^32 - 1) first, in ascending numeric order, and the
// other keys after them in insertion order. osls's configuration and templates
// are JavaScript objects, so wherever it prints or iterates one, that is the
// order; these helpers give sls::Json objects the same order.
#pragma once
#include <cstddef>
#include <string_view>
#include <vector>

#include "util/json.h"

namespace sls::js {

bool is_array_index(std::string_view key);

// True if `object` (an object) has an array-index key, so that its
// JavaScript order may differ from its insertion order.
bool has_array_index_key(const Json::object_t& object);

// The positions of the members of `object` in JavaScript order.
std::vector<size_t> key_order(const Json::object_t& object);

// Puts the members of `object` in JavaScript order; nested values untouched.
void order_keys(Json::object_t& object);

// order_keys on every object inside `value`, `value` included.
void order_keys_deep(Json& value);

}  // namespace sls::js
