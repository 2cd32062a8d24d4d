#include "util/js_order.h"

#include <gtest/gtest.h>

#include "util/json_write.h"

namespace sls::js {
namespace {

TEST(JsOrder, ArrayIndexKeys) {
  for (const char* k : {"0", "7", "42", "4294967294"}) EXPECT_TRUE(is_array_index(k)) << k;
  for (const char* k : {"", "007", "-1", "1.5", "4294967295", "99999999999", "1a", " 1", "a"})
    EXPECT_FALSE(is_array_index(k)) << k;
}

TEST(JsOrder, IndexKeysFirstAscendingThenInsertionOrder) {
  Json j = Json::parse(R"({"b":1,"10":2,"z":3,"2":4,"007":5,"0":6,"4294967295":7})");
  order_keys(j.get_ref<Json::object_t&>());
  EXPECT_EQ(j.dump(), R"({"0":6,"2":4,"10":2,"b":1,"z":3,"007":5,"4294967295":7})");
  EXPECT_EQ(j["10"], 2);  // lookups still work after reordering
  EXPECT_EQ(j["007"], 5);
}

TEST(JsOrder, KeyOrderListsPositions) {
  const Json o = Json::parse(R"json({"b":1,"409":1,"a":1,"201":1,"007":1})json");
  const auto& members = o.get_ref<const Json::object_t&>();
  std::vector<std::string> keys;
  for (size_t i : key_order(members)) keys.push_back((members.begin() + static_cast<std::ptrdiff_t>(i))->first);
  EXPECT_EQ(keys, (std::vector<std::string>{"201", "409", "b", "a", "007"}));
}

TEST(JsOrder, DeepOrdersNestedObjectsOnly) {
  Json j = Json::parse(R"({"a":{"x":1,"1":2},"3":[{"q":1,"0":2}],"s":"10"})");
  order_keys_deep(j);
  EXPECT_EQ(j.dump(), R"({"3":[{"0":2,"q":1}],"a":{"1":2,"x":1},"s":"10"})");
}

TEST(JsOrder, WriterCanPrintInJavaScriptOrder) {
  Json j = Json::parse(R"({"Zed":{"b":1,"3":2},"42":true})");
  std::string js_text, stored_text;
  write_json(js_text, j, -1, 0, KeyOrder::javascript);
  write_json(stored_text, j, -1);
  EXPECT_EQ(js_text, R"({"42":true,"Zed":{"3":2,"b":1}})");
  EXPECT_EQ(stored_text, j.dump());
}

}  // namespace
}  // namespace sls::js
