// compile_sns and check_sns against osls 4.3.1 (templates from `osls package`).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aws/compile/events/events_test_util.h"
#include "aws/compile/events/registry.h"
#include "config/validate.h"
#include "config/yaml_load.h"
#include "util/error.h"

namespace sls::compile::events {
namespace {
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::make_fixture;

using testing::issues;

TEST(SnsSchema, AcceptsNamesArnsAndObjects) {
  EXPECT_THAT(issues("      - sns: my_topic-1\n"
                     "      - sns: arn:aws:sns:us-east-1:1:t\n"
                     "      - sns:\n          arn: {Ref: T}\n          topicName: t\n          filterPolicy: {a: [b]}\n"
                     "          redrivePolicy:\n            deadLetterTargetImport: {arn: 'arn:x', url: u}\n"),
              ElementsAre());
}

TEST(SnsSchema, ReportsOslsRejectionsWithPaths) {
  EXPECT_THAT(issues("      - sns: 'a topic'\n"
                     "      - sns:\n          topicName: t\n          kmsMasterKeyId: k\n"
                     "      - sns:\n          displayName: d\n"
                     "      - sns:\n          topicName: t\n          redrivePolicy: {}\n"
                     "      - sns:\n          topicName: t\n          filterPolicy: [a]\n"
                     "          redrivePolicy:\n            deadLetterTargetImport: {arn: x}\n"),
              ElementsAre(HasSubstr("functions.f.events.0.sns: must be a topic name"),
                          "functions.f.events.1.sns: unrecognized property 'kmsMasterKeyId'",
                          "functions.f.events.2.sns: must have required property 'arn' or 'topicName'",
                          HasSubstr("functions.f.events.3.sns.redrivePolicy: must have exactly one of"),
                          HasSubstr("functions.f.events.4.sns.filterPolicy: must be an object"),
                          "functions.f.events.4.sns.redrivePolicy.deadLetterTargetImport: must have required property 'url'",
                          HasSubstr("functions.f.events.4.sns.redrivePolicy.deadLetterTargetImport.arn: must match pattern \"^arn:\"")));
}

// osls 4.3.1: a created topic with a redrive policy gets a queue policy whose
// ArnEquals is empty (osls reads the topic's ARN before it knows it).
TEST(Sns, CreatedTopicWithRedrivePolicy) {
  auto f = make_fixture(R"json({"service":"svc","functions":{"a":{"handler":"h.h","events":[
      {"sns":{"topicName":"t","redrivePolicy":{"deadLetterTargetArn":"arn:aws:sqs:eu-west-1:1:dlq"}}}]}}})json");
  compile_events(f->ctx);
  EXPECT_EQ(f->ctx.template_.dump(), R"({"Resources":{"TToADLQPolicy":{"Type":"AWS::SQS::QueuePolicy","Properties":{"PolicyDocument":{"Version":"2012-10-17","Id":"TToADLQPolicy","Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"arn:aws:sqs:eu-west-1:1:dlq","Condition":{"ArnEquals":{}}}]},"Queues":[{"Fn::Join":["",["https://sqs.eu-west-1.",{"Ref":"AWS::URLSuffix"},"/1/dlq"]]}]}},"SNSTopicT":{"Type":"AWS::SNS::Topic","Properties":{"TopicName":"t"}},"ASnsSubscriptionT":{"Type":"AWS::SNS::Subscription","Properties":{"Endpoint":{"Fn::GetAtt":["ALambdaFunction","Arn"]},"Protocol":"lambda","TopicArn":{"Ref":"SNSTopicT"},"RedrivePolicy":{"deadLetterTargetArn":"arn:aws:sqs:eu-west-1:1:dlq"}}},"ALambdaPermissionTSNS":{"Type":"AWS::Lambda::Permission","Properties":{"FunctionName":{"Fn::GetAtt":["ALambdaFunction","Arn"]},"Action":"lambda:InvokeFunction","Principal":"sns.amazonaws.com","SourceArn":{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":sns:",{"Ref":"AWS::Region"},":",{"Ref":"AWS::AccountId"},":","t"]]}}}},"Outputs":{}})");
}

TEST(Sns, ArnWithDoubleColonsKeepsThemInTheTopicName) {
  auto f = make_fixture(R"json({"service":"svc","functions":{"a":{"handler":"h.h","events":[
      {"sns":{"arn":"arn:aws:sns:us-east-1:1:t::x"}}]}}})json");
  compile_events(f->ctx);
  EXPECT_TRUE(f->ctx.resources().contains("ASnsSubscriptionTx"));
}

}  // namespace
}  // namespace sls::compile::events
