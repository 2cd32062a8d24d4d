#include "aws/ops/invoke.h"

#include <gtest/gtest.h>

#include "util/digest.h"

namespace sls::aws::ops {
namespace {

InvokeOptions with_data(std::optional<std::string> data, bool raw = false) {
  InvokeOptions o;
  o.data = std::move(data);
  o.raw = raw;
  return o;
}

// osls: JSON.stringify(data || {}), data parsed unless --raw.
TEST(Invoke, PayloadAsOslsSendsIt) {
  EXPECT_EQ(invoke_payload(with_data(std::nullopt)), "{}");
  EXPECT_EQ(invoke_payload(with_data("")), "{}");
  EXPECT_EQ(invoke_payload(with_data(R"({"b": 1, "a": [true]})")), R"({"b":1,"a":[true]})");
  EXPECT_EQ(invoke_payload(with_data("plain text")), R"("plain text")");
  EXPECT_EQ(invoke_payload(with_data(R"({"a":1})", true)), R"("{\"a\":1}")");
  EXPECT_EQ(invoke_payload(with_data("0")), "{}");  // falsy data sends {}
  EXPECT_EQ(invoke_payload(with_data("[1]")), "[1]");
}

TEST(Invoke, ClientContextIsBase64OfItsJson) {
  InvokeOptions o;
  EXPECT_EQ(client_context(o), "");
  o.context = R"({"custom": {"k": "v"}})";
  EXPECT_EQ(digest::base64_decode(client_context(o)).value_or(""), R"({"custom":{"k":"v"}})");
}

}  // namespace
}  // namespace sls::aws::ops
