#include "util/js_like.h"

#include <gtest/gtest.h>

namespace sls::js {
namespace {

TEST(JsLike, StringifyIsCompactDump) {
  const Json v = Json::parse(R"({"b":[1,2.5,-3,1e300,true,null,"x\"\u0001é"],"a":{},"c":[],"d":{"e":0.1}})");
  EXPECT_EQ(stringify(v), v.dump());
  EXPECT_EQ(stringify(Json("plain")), "\"plain\"");
}

TEST(JsLike, StringifyReplacesInvalidUtf8) {
  const Json v = {{"k", std::string("a\xff") + "b"}};
  EXPECT_EQ(stringify(v), "{\"k\":\"a\xef\xbf\xbd" "b\"}");
}

TEST(JsLike, GetLooksUpMembers) {
  const Json v = {{"a", 1}, {"b", nullptr}, {"c", ""}};
  EXPECT_EQ(*get(v, "a"), 1);
  EXPECT_EQ(get(v, "z"), nullptr);
  EXPECT_EQ(get(Json::array(), "a"), nullptr);
  EXPECT_EQ(get_non_null(v, "b"), nullptr);
  EXPECT_EQ(get_truthy(v, "c"), nullptr);
  EXPECT_NE(get_truthy(v, "a"), nullptr);
}

}  // namespace
}  // namespace sls::js
