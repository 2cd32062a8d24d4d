#include "util/json_map.h"

#include <gtest/gtest.h>

#include <string>

#include "util/json.h"

namespace sls {
namespace {

std::string key(int i) { return "Key" + std::to_string(i); }

TEST(JsonMap, KeepsInsertionOrderAcrossTheIndexThreshold) {
  Json j = Json::object();
  for (int i = 40; i >= 0; --i) j[key(i)] = i;
  int expected = 40;
  for (auto& [k, v] : j.items()) {
    EXPECT_EQ(k, key(expected));
    EXPECT_EQ(v.get<int>(), expected);
    --expected;
  }
  for (int i = 0; i <= 40; ++i) {
    ASSERT_TRUE(j.contains(key(i)));
    EXPECT_EQ(j[key(i)].get<int>(), i);
    EXPECT_EQ(j.at(key(i)).get<int>(), i);
  }
  EXPECT_FALSE(j.contains("Key41"));
  EXPECT_EQ(j.size(), 41u);
}

TEST(JsonMap, LookupsWorkWithEveryKeyType) {
  Json j = Json::object();
  for (int i = 0; i < 20; ++i) j[key(i)] = i;
  const Json& c = j;
  EXPECT_EQ(c["Key7"].get<int>(), 7);
  EXPECT_EQ(c.at(std::string_view("Key8")).get<int>(), 8);
  EXPECT_EQ(c.find(std::string("Key9"))->get<int>(), 9);
  EXPECT_EQ(c.count("Key19"), 1u);
  EXPECT_EQ(c.count("nope"), 0u);
  EXPECT_EQ(c.value("Key3", -1), 3);
  EXPECT_EQ(c.value("absent", -1), -1);
  EXPECT_THROW((void)c.at("absent"), nlohmann::json::out_of_range);
}

TEST(JsonMap, EraseKeepsOrderAndIndex) {
  Json j = Json::object();
  for (int i = 0; i < 30; ++i) j[key(i)] = i;
  EXPECT_EQ(j.erase("Key3"), 1u);
  EXPECT_EQ(j.erase("Key3"), 0u);
  j.erase(j.find("Key20"));
  EXPECT_EQ(j.size(), 28u);
  EXPECT_FALSE(j.contains("Key3"));
  EXPECT_FALSE(j.contains("Key20"));
  for (int i = 0; i < 30; ++i) {
    if (i == 3 || i == 20) continue;
    EXPECT_EQ(j[key(i)].get<int>(), i) << key(i);
  }
  std::vector<std::string> keys;
  for (auto& [k, v] : j.items()) keys.push_back(k);
  EXPECT_EQ(keys[2], "Key2");
  EXPECT_EQ(keys[3], "Key4");
  // Shrinking under the threshold falls back to scanning.
  while (j.size() > 3) j.erase(j.begin());
  EXPECT_EQ(j.size(), 3u);
  EXPECT_TRUE(j.contains("Key29"));
  j["Key29"] = "again";
  EXPECT_EQ(j.size(), 3u);
}

TEST(JsonMap, CopiesAndMovesCarryTheIndex) {
  Json j = Json::object();
  for (int i = 0; i < 50; ++i) j[key(i)] = i;
  Json copy = j;
  Json moved = std::move(copy);
  copy = moved;
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ(moved[key(i)].get<int>(), i);
    EXPECT_EQ(copy[key(i)].get<int>(), i);
  }
  moved["Key50"] = 50;
  EXPECT_EQ(moved.size(), 51u);
  EXPECT_EQ(copy.size(), 50u);
  EXPECT_EQ(copy, j);
  EXPECT_NE(moved, j);
}

TEST(JsonMap, UpdateInsertAndParseUseTheSameKeys) {
  Json a = Json::parse(R"({"b":1,"a":2,"c":{"x":1}})");
  EXPECT_EQ(a.dump(), R"({"b":1,"a":2,"c":{"x":1}})");
  Json big = Json::object();
  for (int i = 0; i < 12; ++i) big[key(i)] = i;
  Json other = {{"Key5", "five"}, {"New", true}};
  big.update(other);
  EXPECT_EQ(big["Key5"], "five");
  EXPECT_EQ(big.size(), 13u);
  EXPECT_EQ(big.rbegin().key(), "New");
  big.clear();
  EXPECT_TRUE(big.empty());
  EXPECT_FALSE(big.contains("Key1"));
  big["Key1"] = 1;
  EXPECT_EQ(big.size(), 1u);
}

TEST(JsonMap, InitializerListKeepsOrder) {
  Json j = {{"z", 1}, {"y", 2}, {"x", 3}, {"w", 4}, {"v", 5}, {"u", 6}, {"t", 7}, {"s", 8}, {"r", 9}, {"q", 10}};
  EXPECT_EQ(j.dump(), R"({"z":1,"y":2,"x":3,"w":4,"v":5,"u":6,"t":7,"s":8,"r":9,"q":10})");
  EXPECT_EQ(j["r"], 9);
}

}  // namespace
}  // namespace sls
