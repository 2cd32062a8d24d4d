// Schema checks of kafka, msk, activemq and rabbitmq (osls 4.3.1's rejections);
// their templates are covered by the golden cases kafka, msk and mq.
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

TEST(KafkaSchema, CoercesSingleValuesAndReportsPaths) {
  EXPECT_THAT(issues("      - kafka:\n          topic: t\n          bootstrapServers: b:9092\n"
                     "          accessConfigurations:\n            vpcSubnet: subnet-1\n            vpcSecurityGroup: sg-1\n"
                     "      - kafka:\n          topic: t\n          bootstrapServers: [b]\n          accessConfigurations: {}\n"
                     "          consumerGroupId: " + std::string(201, 'g') + "\n"),
              ElementsAre("functions.f.events.1.kafka.accessConfigurations: must NOT have fewer than 1 properties",
                          HasSubstr("functions.f.events.1.kafka.consumerGroupId: must NOT have more than 200")));
}

TEST(MskSchema, ArnIsAStringRefOrImport) {
  EXPECT_THAT(issues("      - msk: {arn: {Ref: C}, topic: t}\n"
                     "      - msk: {arn: {Fn::ImportValue: c}, topic: t}\n"
                     "      - msk: {arn: cluster, topic: t, saslScram512: secret}\n"),
              ElementsAre(HasSubstr("functions.f.events.2.msk.arn: must match pattern \"^arn:\""),
                          HasSubstr("functions.f.events.2.msk.saslScram512: must match pattern \"^arn:\"")));
}

TEST(MqSchema, VirtualHostIsRabbitOnly) {
  const std::string body = "          arn: arn:aws:mq:us-east-1:1:broker:b:b-1\n"
                           "          basicAuthArn: arn:aws:secretsmanager:us-east-1:1:secret:s\n"
                           "          queue: q\n          virtualHost: /v\n";
  EXPECT_THAT(issues("      - rabbitmq:\n" + body + "      - activemq:\n" + body),
              ElementsAre("functions.f.events.1.activemq: unrecognized property 'virtualHost'"));
}

TEST(Msk, AtTimestampNeedsATimestamp) {
  auto f = make_fixture(R"json({"service":"svc","functions":{"a":{"handler":"h.h","events":[
      {"msk":{"arn":"arn:aws:kafka:us-east-1:1:cluster/c/1","topic":"t","startingPosition":"AT_TIMESTAMP"}}]}}})json");
  try {
    compile_events(f->ctx);
    FAIL() << "expected a UserError";
  } catch (const UserError& e) {
    EXPECT_THAT(e.what(), HasSubstr("You must specify startingPositionTimestamp for function: a when startingPosition is AT_TIMESTAMP."));
  }
}

}  // namespace
}  // namespace sls::compile::events
