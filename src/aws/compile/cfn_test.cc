#include "aws/compile/cfn.h"

#include <gtest/gtest.h>

namespace sls::compile::cfn {

TEST(Cfn, BuildsTheSameJsonAsInitializerLists) {
  EXPECT_EQ(ref("A").dump(), Json({{"Ref", "A"}}).dump());
  EXPECT_EQ(get_att("A", "Arn").dump(), Json({{"Fn::GetAtt", {"A", "Arn"}}}).dump());
  EXPECT_EQ(join("", {"x", ref("B"), "y"}).dump(), Json({{"Fn::Join", {"", {"x", {{"Ref", "B"}}, "y"}}}}).dump());
  EXPECT_EQ(join(":", {}).dump(), R"({"Fn::Join":[":",[]]})");
  EXPECT_EQ(sub("arn:${AWS::Partition}").dump(), Json({{"Fn::Sub", "arn:${AWS::Partition}"}}).dump());
  EXPECT_EQ(resource("AWS::X", Json::object()).dump(), R"({"Type":"AWS::X","Properties":{}})");
}

}  // namespace sls::compile::cfn
