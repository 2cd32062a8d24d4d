#include "config/var_js.h"

#include <gtest/gtest.h>

namespace sls::config::vars {
namespace {

TEST(VarJs, StringToNumber) {
  EXPECT_EQ(js_string_to_number("5"), 5.0);
  EXPECT_EQ(js_string_to_number(" -1.5 "), -1.5);
  EXPECT_EQ(js_string_to_number(".5"), 0.5);
  EXPECT_EQ(js_string_to_number("5."), 5.0);
  EXPECT_EQ(js_string_to_number("1e3"), 1000.0);
  EXPECT_EQ(js_string_to_number("0x10"), 16.0);
  EXPECT_EQ(js_string_to_number("0b101"), 5.0);
  EXPECT_EQ(js_string_to_number(""), 0.0);
  EXPECT_FALSE(js_string_to_number("1_000"));
  EXPECT_FALSE(js_string_to_number("./x.yml"));
  EXPECT_FALSE(js_string_to_number("-0x10"));
  EXPECT_FALSE(js_string_to_number("abc"));
}

TEST(VarJs, NumberToString) {
  EXPECT_EQ(js_number_to_string(5), "5");
  EXPECT_EQ(js_number_to_string(0.1), "0.1");
  EXPECT_EQ(js_number_to_string(1e21), "1e+21");
  EXPECT_EQ(js_number_to_string(1e-7), "1e-7");
  EXPECT_EQ(js_number_to_string(123456789012), "123456789012");
  EXPECT_TRUE(js_number_json(5.0).is_number_integer());
  EXPECT_TRUE(js_number_json(5.5).is_number_float());
}

TEST(VarJs, CoerceString) {
  EXPECT_EQ(js_coerce_string(Json(true)), "true");
  EXPECT_EQ(js_coerce_string(Json::parse("[1,null,\"a\",[2,3],{}]")), "1,,a,2,3,[object Object]");
  EXPECT_FALSE(js_coerce_string(Json::object()));
  EXPECT_FALSE(js_coerce_string(Json()));
}

TEST(VarJs, OwnProperty) {
  Json arr = Json::parse("[\"a\",\"b\"]");
  EXPECT_EQ(js_own_property(arr, "1"), Json("b"));
  EXPECT_EQ(js_own_property(arr, "length"), Json(2));
  EXPECT_FALSE(js_own_property(arr, "01"));
  EXPECT_FALSE(js_own_property(arr, "[0]"));
  EXPECT_EQ(js_own_property(Json("héllo"), "1"), Json("é"));
  EXPECT_EQ(js_own_property(Json("héllo"), "length"), Json(5));
  EXPECT_FALSE(js_own_property(Json(5), "x"));
  EXPECT_FALSE(js_own_property(Json::parse("{\"a\":1}"), "b"));
}

TEST(VarJs, Utf16Index) {
  EXPECT_EQ(js_index("é${", 2), 1u);
  EXPECT_EQ(js_index("\xF0\x9F\x98\x80x", 4), 2u);
}

}  // namespace
}  // namespace sls::config::vars
