#include "util/js_like.h"

#include <cmath>

#include "util/js_order.h"
#include "util/json_write.h"

namespace sls::js {

bool truthy(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
    case Json::value_t::discarded:
      return false;
    case Json::value_t::boolean:
      return v.get<bool>();
    case Json::value_t::number_integer:
      return v.get<int64_t>() != 0;
    case Json::value_t::number_unsigned:
      return v.get<uint64_t>() != 0;
    case Json::value_t::number_float: {
      double d = v.get<double>();
      return d != 0 && !std::isnan(d);
    }
    case Json::value_t::string:
      return !v.get_ref<const std::string&>().empty();
    default:
      return true;
  }
}

bool truthy(const Json* v) { return v != nullptr && truthy(*v); }

const Json* get(const Json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);  // looked up as a string_view: no key copy
  return it == obj.end() ? nullptr : &*it;
}

const Json* get_non_null(const Json& obj, std::string_view key) {
  const Json* v = get(obj, key);
  return v && !v->is_null() ? v : nullptr;
}

const Json* get_truthy(const Json& obj, std::string_view key) {
  const Json* v = get(obj, key);
  return truthy(v) ? v : nullptr;
}

bool is_unsafe_key(std::string_view key) {
  return key == "__proto__" || key == "prototype" || key == "constructor";
}

void shallow_assign(Json& target, const Json& source) {
  if (!source.is_object()) return;
  if (!target.is_object()) target = Json::object();
  for (auto it = source.begin(); it != source.end(); ++it) {
    if (is_unsafe_key(it.key())) continue;
    target[it.key()] = it.value();
  }
  sls::js::order_keys(target.get_ref<Json::object_t&>());  // as a JavaScript object lists them
}

namespace {

Json clean_clone(const Json& v) {
  if (v.is_object()) {
    Json out = Json::object();
    for (auto it = v.begin(); it != v.end(); ++it)
      if (!is_unsafe_key(it.key())) out[it.key()] = clean_clone(it.value());
    return out;
  }
  if (v.is_array()) {
    Json out = Json::array();
    for (const auto& e : v) out.push_back(clean_clone(e));
    return out;
  }
  return v;
}

void merge_arrays(Json& target, const Json& source) {
  for (size_t i = 0; i < source.size(); ++i) {
    const Json& s = source[i];
    if (i < target.size()) {
      Json& t = target[i];
      if (t.is_object() && s.is_object()) merge_plain_objects(t, s);
      else if (t.is_array() && s.is_array()) merge_arrays(t, s);
      else t = clean_clone(s);
    } else {
      target.push_back(clean_clone(s));
    }
  }
}

}  // namespace

void merge_plain_objects(Json& target, const Json& source) {
  if (!source.is_object()) return;
  for (auto it = source.begin(); it != source.end(); ++it) {
    if (is_unsafe_key(it.key())) continue;
    const Json& s = it.value();
    auto t = target.find(it.key());
    if (t != target.end() && t->is_object() && s.is_object()) {
      merge_plain_objects(*t, s);
    } else if (t != target.end() && t->is_array() && s.is_array()) {
      merge_arrays(*t, s);
    } else {
      target[it.key()] = clean_clone(s);
    }
  }
}

Json coerce_array(const Json& v) {
  if (v.is_array() || v.is_null() || v.is_object()) return v;
  return Json::array({v});
}

Json coerce_integer(const Json& v) {
  if (!v.is_string()) return v;
  const std::string& s = v.get_ref<const std::string&>();
  if (s.empty() || s.size() > 15) return v;
  size_t i = (s[0] == '-') ? 1 : 0;
  if (i == s.size()) return v;
  for (size_t j = i; j < s.size(); ++j)
    if (s[j] < '0' || s[j] > '9') return v;
  return Json(std::stoll(s));
}

std::string stringify(const Json& v) {
  try {
    std::string out;
    // dump(-1), written faster, with integer-like keys first as JSON.stringify lists them.
    write_json(out, v, -1, 0, KeyOrder::javascript);
    return out;
  } catch (const Json::type_error&) {
    // Invalid UTF-8: JSON.stringify has no such failure; keep nlohmann's U+FFFD replacement.
    Json ordered = v;
    sls::js::order_keys_deep(ordered);
    return ordered.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
}

}  // namespace sls::js
