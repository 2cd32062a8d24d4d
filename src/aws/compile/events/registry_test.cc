// The event registry: its rows, the dispatcher, and the schema checks it gives validation.
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

using testing::issues_of;

using testing::messages;

const char* kBase =
    "service: svc\n"
    "provider:\n"
    "  name: aws\n"
    "  runtime: nodejs20.x\n";

TEST(EventSchemas, HttpEvents) {
  auto m = messages(std::string(kBase) +
                    "functions:\n  f:\n    handler: h\n    events:\n"
                    "      - http: post billing\n"           // 0: path must start with /
                    "      - http: POST /billing\n"          // 1: ok
                    "      - http:\n          method: get\n"  // 2: no path
                    "      - http:\n          path: /x\n          method: fetch\n"  // 3
                    "      - http: '*'\n"                     // 4: ok
                    "      - http:\n          path: users/{id}\n          method: any\n"
                    "          cors: true\n          private: 'true'\n");  // 5: ok
  EXPECT_THAT(m, ElementsAre(HasSubstr("functions.f.events.0.http: must be \"<METHOD> /<path>\""),
                             "functions.f.events.2.http: must have required property 'path'",
                             HasSubstr("functions.f.events.3.http.method: must be an HTTP method")));
}

TEST(EventSchemas, ScheduleEvents) {
  auto m = messages(std::string(kBase) +
                    "functions:\n  f:\n    handler: h\n    events:\n"
                    "      - schedule: rate(1 minute)\n"
                    "      - schedule: rate(1 minutes)\n"
                    "      - schedule: cron(0 12 * * ? *)\n"
                    "      - schedule:\n          rate:\n            - rate(5 minutes)\n            - cron(0 1 * * ? *)\n"
                    "          enabled: false\n"
                    "      - schedule:\n          enabled: true\n"
                    "      - schedule: {rate: every day}\n");
  EXPECT_THAT(m, ElementsAre(HasSubstr("functions.f.events.1.schedule: must be a schedule expression"),
                             "functions.f.events.4.schedule: must have required property 'rate'",
                             HasSubstr("functions.f.events.5.schedule.rate.0: must be a schedule")));
}

TEST(EventSchemas, MoreOfOslsHttpAndScheduleSchema) {
  EXPECT_THAT(messages(std::string(kBase) +
                       "functions:\n  f:\n    handler: h.main\n    events:\n"
                       "      - http:\n          path: /\n          method: get\n          integration: soap\n"
                       "          cors: 'yes'\n"
                       "          authorizer:\n            name: f\n            type: weird\n"
                       "          request:\n            parameters:\n              querystrings:\n                a: 'yes'\n"
                       "      - schedule:\n          rate: rate(5 minutes)\n          name: " + std::string(65, 'n') + "\n"),
              ElementsAre("functions.f.events.0.http.integration: unsupported string format",
                          "functions.f.events.0.http.authorizer.type: unsupported string format",
                          "functions.f.events.0.http.request.parameters.querystrings.a: unsupported configuration format",
                          "functions.f.events.0.http.cors: unsupported configuration format",
                          "functions.f.events.1.schedule.name: must NOT have more than 64 characters"));
}

TEST(EventSchemas, ScheduleRateIsWrappedIntoAListLikeAjv) {
  Json c = config::parse_yaml(std::string(kBase) + "functions:\n  hello:\n    handler: h.main\n"
                              "    events:\n      - schedule:\n          rate: rate(2 minutes)\n", "serverless.yml");
  EXPECT_TRUE(config::validate_and_coerce(c, event_types()).empty());
  EXPECT_EQ(c["functions"]["hello"]["events"][0]["schedule"]["rate"], Json::array({"rate(2 minutes)"}));
}

TEST(EventRegistry, ListsEveryOslsEventTypeInPluginOrder) {
  ASSERT_EQ(all().size(), 22u);
  EXPECT_STREQ(all()[0].name, "schedule");
  EXPECT_STREQ(all()[2].name, "http");
  EXPECT_STREQ(all().back().name, "httpApi");
}

TEST(EventRegistry, ValidationKnowsTheTypesOfTheTable) {
  config::EventCheck check = nullptr;
  EXPECT_TRUE(event_types().find("http", check));
  EXPECT_EQ(check, check_http);
  EXPECT_TRUE(event_types().find("sqs", check));
  EXPECT_FALSE(event_types().find("unknownEvent", check));
}

TEST(EventRegistry, DispatcherHandsEachCompilerItsEventsInConfigOrder) {
  auto f = make_fixture(R"json({"service":"svc","functions":{"a":{"handler":"h.h",
      "events":[{"http":"GET /x"},{"schedule":"rate(1 day)"},{"http":"POST /y"},{"http":null}]},
      "b":{"handler":"h.h","events":[{"schedule":"rate(2 days)"}]}}})json");
  const Events http = collect_events(f->ctx, "http");
  ASSERT_EQ(http.size(), 2u);
  EXPECT_EQ(http[0].path(), "functions.a.events.0.http");
  EXPECT_EQ(http[1].path(), "functions.a.events.2.http");
  const Events schedule = collect_events(f->ctx, "schedule");
  ASSERT_EQ(schedule.size(), 2u);
  EXPECT_EQ(schedule[1].function, "b");
  EXPECT_EQ(*schedule[1].body, "rate(2 days)");
}

TEST(EventRegistry, EveryEventTypeHasACheckAndACompileStep) {
  for (const EventType& t : all()) {
    EXPECT_NE(t.check, nullptr) << t.name;
    EXPECT_NE(t.compile, nullptr) << t.name;
  }
}

TEST(EventRegistry, HttpSchemaReportsPathsAsOslsDoes) {
  EXPECT_THAT(issues_of(R"json({"service":"svc","provider":{"name":"aws"},"functions":{"a":{"handler":"h.h",
      "events":[{"schedule":"rate(1 day)"},{"http":{"method":"get"}},{"http":{"path":"x","method":"fetch"}},
      {"http":"post billing"}]}}})json"),
              ElementsAre("functions.a.events.1.http: must have required property 'path'",
                          HasSubstr("functions.a.events.2.http.method: must be an HTTP method"),
                          HasSubstr("functions.a.events.3.http: must be \"<METHOD> /<path>\"")));
}

TEST(EventRegistry, ScheduleSchemaChecksRateAndMethod) {
  EXPECT_THAT(issues_of(R"json({"service":"svc","provider":{"name":"aws"},"functions":{"a":{"handler":"h.h",
      "events":[{"schedule":{"enabled":true}},{"schedule":{"rate":"rate(1 day)","method":"cron"}}]}}})json"),
              ElementsAre("functions.a.events.0.schedule: must have required property 'rate'",
                          "functions.a.events.1.schedule.method: must be equal to one of the allowed values [eventBus, scheduler]"));
}

}  // namespace
}  // namespace sls::compile::events
