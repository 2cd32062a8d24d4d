// compile_stream and check_stream against osls 4.3.1 (templates from `osls package`).
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

TEST(StreamSchema, AcceptsArnsIntrinsicsWithTypeAndDestinations) {
  EXPECT_THAT(issues("      - stream: arn:aws:dynamodb:us-east-1:1:table/T/stream/1\n"
                     "      - stream:\n          type: kinesis\n          arn: {Ref: S}\n          consumer: true\n"
                     "          maximumRecordAgeInSeconds: -1\n          batchSize: '7'\n"
                     "          destinations:\n            onFailure: {arn: {Ref: Q}, type: sqs}\n"),
              ElementsAre());
}

TEST(StreamSchema, ReportsOslsRejectionsWithPaths) {
  EXPECT_THAT(issues("      - stream:\n          arn: {Fn::GetAtt: [T, StreamArn]}\n"
                     "      - stream:\n          arn: arn:aws:kinesis:us-east-1:1:stream/s\n          parallelizationFactor: 11\n"
                     "          startingPosition: EARLIEST\n          destinations: {}\n          tumblingWindowInSeconds: 901\n"),
              ElementsAre(HasSubstr("functions.f.events.0.stream.arn: must be an ARN string, or a CloudFormation "
                                    "intrinsic together with 'type'"),
                          HasSubstr("functions.f.events.1.stream.parallelizationFactor: must be <= 10"),
                          HasSubstr("functions.f.events.1.stream.startingPosition: must be one of"),
                          "functions.f.events.1.stream.destinations: must have required property 'onFailure'",
                          HasSubstr("functions.f.events.1.stream.tumblingWindowInSeconds: must be <= 900")));
}

// osls 4.3.1 with provider.kinesis.consumerNamingMode: serviceSpecific.
TEST(Stream, ServiceSpecificConsumerNames) {
  auto f = make_fixture(R"json({"service":"svc","provider":{"name":"aws","kinesis":{"consumerNamingMode":"serviceSpecific"}},
      "functions":{"f":{"handler":"h.h","events":[{"stream":{"arn":"arn:aws:kinesis:us-east-1:1:stream/s1","consumer":true}}]}}})json");
  compile_events(f->ctx);
  EXPECT_EQ(f->ctx.template_.dump(), R"({"Resources":{"FEventSourceMappingKinesisS1":{"Type":"AWS::Lambda::EventSourceMapping","DependsOn":["IamRoleLambdaExecution","Fs1svcdevConsumerStreamConsumer"],"Properties":{"BatchSize":10,"Enabled":true,"EventSourceArn":{"Ref":"Fs1svcdevConsumerStreamConsumer"},"FunctionName":{"Fn::GetAtt":["FLambdaFunction","Arn"]},"StartingPosition":"TRIM_HORIZON"}},"Fs1svcdevConsumerStreamConsumer":{"Type":"AWS::Kinesis::StreamConsumer","Properties":{"StreamARN":"arn:aws:kinesis:us-east-1:1:stream/s1","ConsumerName":"fs1svcdevConsumer"}}},"Outputs":{}})");
  EXPECT_TRUE(f->ctx.warnings.empty());
}

TEST(Stream, ConsumerWithoutServiceSpecificNamesWarnsAsOslsDeprecates) {
  auto f = make_fixture(R"json({"service":"svc","functions":{"f":{"handler":"h.h","events":[
      {"stream":{"arn":"arn:aws:kinesis:us-east-1:1:stream/s1","consumer":true}}]}}})json");
  compile_events(f->ctx);
  ASSERT_EQ(f->ctx.warnings.size(), 1u);
  EXPECT_THAT(f->ctx.warnings[0], HasSubstr("consumerNamingMode"));
}

TEST(Stream, ArnWithoutStreamNameIsAnEventError) {
  auto f = make_fixture(R"json({"service":"svc","functions":{"f":{"handler":"h.h","events":[
      {"stream":"arn:aws:kinesis:us-east-1:1:nostream"}]}}})json");
  try {
    compile_events(f->ctx);
    FAIL() << "expected a UserError";
  } catch (const UserError& e) {
    EXPECT_THAT(e.what(), HasSubstr("Cannot setup \"stream\" event (functions.f.events.0.stream): cannot derive"));
  }
}

}  // namespace
}  // namespace sls::compile::events
