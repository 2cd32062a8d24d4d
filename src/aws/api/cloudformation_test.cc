#include "aws/api/cloudformation.h"

#include <gtest/gtest.h>

#include "aws/api/test_server.h"

namespace sls::aws::api::cfn {

using api::testing::LocalServer;

TEST(AwsCloudFormation, MissingStackIsNullopt) {
  LocalServer s;
  s.server.Post("/", [&](const httplib::Request&, httplib::Response& res) {
    res.status = 400;
    res.set_content("<ErrorResponse><Error><Code>ValidationError</Code><Message>Stack with id svc-dev does not exist"
                    "</Message></Error></ErrorResponse>",
                    "text/xml");
  });
  s.start();
  HttpClient http;
  EXPECT_FALSE(describe_stack(s.context(http), "svc-dev").has_value());
}

TEST(AwsCloudFormation, CreateStackEncodesInputAndReadsStack) {
  LocalServer s;
  std::vector<std::string> bodies;
  s.server.Post("/", [&](const httplib::Request& req, httplib::Response& res) {
    bodies.push_back(req.body);
    if (req.body.starts_with("Action=CreateStack")) {
      res.set_content("<CreateStackResponse><CreateStackResult><StackId>arn:stack/1</StackId></CreateStackResult>"
                      "</CreateStackResponse>", "text/xml");
    } else {
      res.set_content(
          "<DescribeStacksResponse><DescribeStacksResult><Stacks><member><StackName>svc-dev</StackName>"
          "<StackId>arn:stack/1</StackId><StackStatus>CREATE_COMPLETE</StackStatus><Outputs><member>"
          "<OutputKey>ServerlessDeploymentBucketName</OutputKey><OutputValue>bkt</OutputValue></member></Outputs>"
          "</member></Stacks></DescribeStacksResult></DescribeStacksResponse>",
          "text/xml");
    }
  });
  s.start();
  HttpClient http;
  StackInput in;
  in.stack_name = "svc-dev";
  in.template_body = "{}";
  in.capabilities = {"CAPABILITY_IAM"};
  in.tags = {{"STAGE", "dev"}};
  in.termination_protection = false;
  EXPECT_EQ(create_stack(s.context(http), in), "arn:stack/1");
  EXPECT_EQ(bodies[0],
            "Action=CreateStack&Version=2010-05-15&StackName=svc-dev&TemplateBody=%7B%7D&"
            "Capabilities.member.1=CAPABILITY_IAM&Tags.member.1.Key=STAGE&Tags.member.1.Value=dev&"
            "EnableTerminationProtection=false");
  auto stack = describe_stack(s.context(http), "svc-dev");
  ASSERT_TRUE(stack.has_value());
  EXPECT_EQ(stack->status, "CREATE_COMPLETE");
  EXPECT_EQ(stack->outputs, (Pairs{{"ServerlessDeploymentBucketName", "bkt"}}));
}

}  // namespace sls::aws::api::cfn
