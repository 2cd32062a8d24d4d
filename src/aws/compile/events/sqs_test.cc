// compile_sqs and check_sqs against osls 4.3.1 (templates from `osls package`).
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

TEST(SqsSchema, AcceptsArnStringsAndObjects) {
  EXPECT_THAT(issues("      - sqs: arn:aws:sqs:us-east-1:1:q\n"
                     "      - sqs:\n          arn: {Fn::GetAtt: [Q, Arn]}\n          batchSize: '5'\n"
                     "          enabled: 'false'\n          filterPatterns:\n            - body: {a: [1]}\n"),
              ElementsAre());
}

TEST(SqsSchema, ReportsOslsRejectionsWithPaths) {
  EXPECT_THAT(issues("      - sqs: my-queue\n"
                     "      - sqs:\n          batchSize: 5\n"
                     "      - sqs:\n          arn: arn:aws:sqs:us-east-1:1:q\n          batchSize: 0\n"
                     "          maximumConcurrency: 1\n          maximumBatchingWindow: 301\n"
                     "          functionResponseType: Other\n          extra: 1\n          filterPatterns: []\n"),
              ElementsAre(HasSubstr("functions.f.events.0.sqs: must be a queue ARN (match pattern \"^arn:\")"),
                          "functions.f.events.1.sqs: must have required property 'arn'",
                          "functions.f.events.2.sqs: unrecognized property 'extra'",
                          HasSubstr("functions.f.events.2.sqs.batchSize: must be >= 1"),
                          HasSubstr("functions.f.events.2.sqs.maximumBatchingWindow: must be <= 300"),
                          HasSubstr("functions.f.events.2.sqs.functionResponseType: must be one of [ReportBatchItemFailures]"),
                          "functions.f.events.2.sqs.filterPatterns: must NOT have fewer than 1 items",
                          HasSubstr("functions.f.events.2.sqs.maximumConcurrency: must be >= 2")));
}

// A provider-level custom role: no shared role, so no statement; the mapping
// depends on nothing (the role is an ARN).
TEST(Sqs, ProviderRoleArnLeavesDependsOnEmpty) {
  auto f = make_fixture(R"json({"service":"svc","provider":{"name":"aws","iam":{"role":"arn:aws:iam::1:role/r"}},
      "functions":{"a":{"handler":"h.h","events":[{"sqs":"arn:aws:sqs:us-east-1:1:q"}]}}})json");
  compile_events(f->ctx);
  EXPECT_EQ(f->ctx.template_.dump(), R"({"Resources":{"AEventSourceMappingSQSQ":{"Type":"AWS::Lambda::EventSourceMapping","DependsOn":[],"Properties":{"BatchSize":10,"EventSourceArn":"arn:aws:sqs:us-east-1:1:q","FunctionName":{"Fn::GetAtt":["ALambdaFunction","Arn"]},"Enabled":true}}},"Outputs":{}})");
}

TEST(Sqs, ArnIntrinsicWithoutQueueNameIsAnEventError) {
  auto f = make_fixture(R"json({"service":"svc","functions":{"a":{"handler":"h.h",
      "events":[{"sqs":{"arn":{"Ref":"Q"}}}]}}})json");
  try {
    compile_events(f->ctx);
    FAIL() << "expected a UserError";
  } catch (const UserError& e) {
    EXPECT_THAT(e.what(), HasSubstr("Cannot setup \"sqs\" event (functions.a.events.0.sqs): \"arn\" must be"));
  }
}

}  // namespace
}  // namespace sls::compile::events
