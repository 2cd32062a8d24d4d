// The event-compiler table and the unsupported-event check.
#include <gtest/gtest.h>

#include "aws/compile/events/events.h"
#include "aws/compile/events/events_test_util.h"
#include "util/error.h"

namespace sls::compile::events {
namespace {
using testing::make_fixture;

TEST(EventsTable, ListsScheduleThenHttpInOslsPluginOrder) {
  ASSERT_EQ(all().size(), 2u);
  EXPECT_STREQ(all()[0].event_type, "schedule");
  EXPECT_STREQ(all()[1].event_type, "http");
}

TEST(EventsTable, SupportedEventsPass) {
  auto f = make_fixture(R"json({"service":"svc","functions":{"a":{"handler":"h.h",
      "events":[{"http":"GET /x"},{"schedule":"rate(1 day)"}]},"b":{"handler":"h.h"}}})json");
  EXPECT_NO_THROW(check_supported(f->ctx));
}

TEST(EventsTable, UnsupportedEventNamesFunctionIndexAndType) {
  auto f = make_fixture(R"json({"service":"svc","functions":{"worker":{"handler":"h.h",
      "events":[{"http":"GET /x"},{"sqs":"arn:aws:sqs:us-east-1:1:q"}]}}})json");
  try {
    check_supported(f->ctx);
    FAIL() << "expected a UserError";
  } catch (const UserError& e) {
    EXPECT_STREQ(e.what(),
                 "Event type \"sqs\" of function \"worker\" (functions.worker.events.1) is not yet "
                 "supported by this version of sls.");
  }
}

TEST(EventsTable, MalformedEventIsAConfigurationError) {
  auto f = make_fixture(R"json({"service":"svc","functions":{"w":{"handler":"h.h","events":["http"]}}})json");
  EXPECT_THROW(check_supported(f->ctx), UserError);
}

}  // namespace
}  // namespace sls::compile::events
