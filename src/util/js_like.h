// Small helpers that reproduce JavaScript value semantics osls relies on
// (truthiness, own-property lookups, its plain-object deep merge).
#pragma once
#include <string>
#include <string_view>

#include "util/json.h"

namespace sls::js {

// JavaScript truthiness: null, false, 0, NaN and "" are falsy.
bool truthy(const Json& v);
bool truthy(const Json* v);

// The member `key` of `obj`, or nullptr when obj is not an object or lacks it.
const Json* get(const Json& obj, std::string_view key);
// get() that also treats a null value as absent.
const Json* get_non_null(const Json& obj, std::string_view key);
// obj[key] when it is truthy, else nullptr.
const Json* get_truthy(const Json& obj, std::string_view key);

// "__proto__", "prototype" and "constructor": keys osls's safe helpers skip.
bool is_unsafe_key(std::string_view key);

// Object.assign-like copy of source's own keys into target (unsafe keys skipped).
void shallow_assign(Json& target, const Json& source);

// osls's mergePlainObjects: objects merge recursively, arrays merge index-wise,
// anything else in `source` replaces the target value.
void merge_plain_objects(Json& target, const Json& source);

// osls validates config with AJV `coerceTypes: 'array'`: where the schema
// wants an array, a single value becomes a one-element array; where it wants
// an integer, a numeric string becomes a number.
Json coerce_array(const Json& v);
Json coerce_integer(const Json& v);

// JSON.stringify(value) without indentation.
std::string stringify(const Json& v);

}  // namespace sls::js
