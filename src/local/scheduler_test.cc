#include "local/scheduler.h"

#include <gtest/gtest.h>

#include "local/test_service.h"
#include "util/error.h"

namespace sls::local {
namespace {

// 2026-12-01T22:39:00Z, a Tuesday.
constexpr long long kTuesday = 1796164740000LL;
constexpr long long kMinute = 60'000;

Service service_with(const Json& config) { return test_service(config, "eu-west-1"); }

TEST(Scheduler, RateCountsFromTheStart) {
  ScheduleExpression s = parse_schedule("rate(5 minutes)");
  EXPECT_EQ(s.rate_ms, 5 * kMinute);
  EXPECT_EQ(next_fire(s, 1000, 1000), 1000 + 5 * kMinute);
  EXPECT_EQ(next_fire(s, 1000 + 5 * kMinute, 1000), 1000 + 10 * kMinute);
  EXPECT_EQ(parse_schedule("rate(1 hour)").rate_ms, 60 * kMinute);
  EXPECT_EQ(parse_schedule("rate(2 days)").rate_ms, 2 * 24 * 60 * kMinute);
}

TEST(Scheduler, CronMatchesInUtc) {
  // Every day at 12:00 UTC.
  ScheduleExpression noon = parse_schedule("cron(0 12 * * ? *)");
  long long next = next_fire(noon, kTuesday, kTuesday);
  EXPECT_EQ(next % (24 * 60 * kMinute), 12 * 60 * kMinute);
  EXPECT_GT(next, kTuesday);
  EXPECT_LE(next - kTuesday, 24 * 60 * kMinute);
  // Every 15 minutes: the next quarter hour (22:45).
  EXPECT_EQ(next_fire(parse_schedule("cron(0/15 * * * ? *)"), kTuesday, kTuesday), kTuesday + 6 * kMinute);
  // Each minute: the next minute.
  EXPECT_EQ(next_fire(parse_schedule("cron(* * * * ? *)"), kTuesday, kTuesday), kTuesday + kMinute);
  // Mondays to Fridays (2-6) at 08:30, names too: Wednesday 08:30.
  long long weekday = next_fire(parse_schedule("cron(30 8 ? * MON-FRI *)"), kTuesday, kTuesday);
  EXPECT_EQ(weekday, kTuesday - (22 * 60 + 39) * kMinute + 24 * 60 * kMinute + (8 * 60 + 30) * kMinute);
  EXPECT_EQ(next_fire(parse_schedule("cron(30 8 ? * 2-6 *)"), kTuesday, kTuesday), weekday);
  // Sundays (1): 2026-12-06.
  long long sunday = next_fire(parse_schedule("cron(0 0 ? * 1 *)"), kTuesday, kTuesday);
  EXPECT_EQ(sunday, kTuesday - (22 * 60 + 39) * kMinute + 5 * 24 * 60 * kMinute);
  // A year that has passed never fires.
  EXPECT_EQ(next_fire(parse_schedule("cron(0 0 1 JAN ? 2020)"), kTuesday, kTuesday), -1);
}

TEST(Scheduler, CronOnAZonesWallClockAcrossDaylightSavingChanges) {
  auto paris = TimeZone::load("Europe/Paris");
  ASSERT_TRUE(paris);
  ScheduleExpression at_0230 = parse_schedule("cron(30 2 * * ? *)");
  // 2026-03-28T01:30Z is 02:30 CET; on the 29th 02:30 does not exist (02:00 CET -> 03:00 CEST):
  // skipped, the next is 2026-03-30 02:30 CEST = 00:30Z.
  EXPECT_EQ(next_fire(at_0230, 1774661400000LL, 0, &*paris), 1774830600000LL);
  // 2026-10-24T00:30Z is 02:30 CEST; on the 25th 02:30 happens twice (03:00 CEST -> 02:00 CET):
  // it fires once, at the first (00:30Z), then on the 26th at 02:30 CET = 01:30Z.
  EXPECT_EQ(next_fire(at_0230, 1792801800000LL, 0, &*paris), 1792888200000LL);
  EXPECT_EQ(next_fire(at_0230, 1792888200000LL, 0, &*paris), 1792978200000LL);
  // Without a zone the same cron is UTC.
  EXPECT_EQ(next_fire(at_0230, 1792801800000LL, 0), 1792801800000LL + 120 * kMinute);
  // Every minute through the repeated hour: each wall minute once.
  ScheduleExpression every = parse_schedule("cron(* * * * ? *)");
  long long t = 1792888200000LL;  // 02:30 CEST
  int fired = 0;
  while (t < 1792893600000LL) {  // until 02:00Z (03:00 CET)
    t = next_fire(every, t, 0, &*paris);
    ++fired;
  }
  // 02:31-02:59 CEST (29), then 02:00-02:59 CET are wall times already run: none until 03:00 CET (02:00Z).
  EXPECT_EQ(fired, 30);
  EXPECT_EQ(t, 1792893600000LL);
}

TEST(Scheduler, BadExpressionsAreUserErrors) {
  for (const char* e : {"rate(0 minutes)", "rate(5 weeks)", "every 5 minutes", "cron(0 12 * * ?)",
                        "cron(0 25 * * ? *)", "cron(0 12 L * ? *)"})
    EXPECT_THROW(parse_schedule(e), UserError) << e;
}

TEST(Scheduler, RulesFromTheService) {
  Service s = service_with(Json::parse(R"J({"functions": {
    "tick": {"handler": "h.tick", "events": [
      {"schedule": "rate(1 minute)"},
      {"schedule": {"rate": ["rate(2 hours)", "cron(0 8 * * ? *)"], "input": {"key": "v"}, "name": "named"}},
      {"schedule": {"rate": "rate(3 days)", "enabled": false}},
      {"schedule": {"rate": "rate(4 days)", "inputPath": "$.detail-type"}},
      {"schedule": "cron(0 12 L * ? *)"}]}}})J"));
  std::vector<std::string> notes;
  auto rules = schedule_rules(s, &notes);
  ASSERT_EQ(rules.size(), 4u);
  EXPECT_EQ(rules[0].expression, "rate(1 minute)");
  EXPECT_EQ(rules[0].rule_name, "svc-dev-tick-schedule-1");
  EXPECT_EQ(rules[1].rule_name, "named");
  EXPECT_EQ(rules[2].input, Json::parse(R"({"key": "v"})"));
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0], "Scheduling [tick rate(3 days)]: disabled");
  EXPECT_NE(notes[1].find("cron(0 12 L * ? *)"), std::string::npos) << notes[1];
  EXPECT_NE(notes[1].find("Not scheduled: tick."), std::string::npos) << notes[1];
  EXPECT_EQ(schedule_input(rules[3], "eu-west-1", kTuesday), "Scheduled Event");
  EXPECT_EQ(schedule_input(rules[2], "eu-west-1", kTuesday), Json::parse(R"({"key": "v"})"));
}

TEST(Scheduler, RulesWithATimezone) {
  Service s = service_with(Json::parse(R"J({"functions": {
    "tick": {"handler": "h.tick", "events": [
      {"schedule": {"rate": "cron(0 9 * * ? *)", "method": "scheduler", "timezone": "Europe/Paris"}},
      {"schedule": {"rate": "cron(0 9 * * ? *)", "method": "scheduler", "timezone": "Nowhere/Atlantis"}}]}}})J"));
  std::vector<std::string> notes;
  auto rules = schedule_rules(s, &notes);
  ASSERT_EQ(rules.size(), 1u);
  ASSERT_TRUE(rules[0].zone);
  EXPECT_EQ(rules[0].zone->name(), "Europe/Paris");
  // 09:00 in Paris: 08:00Z in winter.
  EXPECT_EQ(next_fire(rules[0].parsed, 1768478400000LL, 0, &*rules[0].zone), 1768478400000LL + 20 * 60 * kMinute);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("]: no time zone \"Nowhere/Atlantis\""), std::string::npos) << notes[0];
}

TEST(Scheduler, InputTransformer) {
  Json event = scheduled_event("eu-west-1", "arn:r", kTuesday);
  Json t = Json::parse(R"J({"inputPathsMap": {"time": "$.time", "src": "$.source", "res": "$.resources"},
                            "inputTemplate": "{\"at\": <time>, \"text\": \"from <src> at <time>\", \"r\": <res>}"})J");
  EXPECT_EQ(transform_input(t, event), Json::parse(R"J({"at": "2026-12-01T22:39:00Z",
      "text": "from aws.events at 2026-12-01T22:39:00Z", "r": ["arn:r"]})J"));
  Json plain = Json::parse(R"J({"inputPathsMap": {"t": "$.detail-type"}, "inputTemplate": "<t> fired"})J");
  EXPECT_EQ(transform_input(plain, event), "\"Scheduled Event\" fired");
}

TEST(Scheduler, TheScheduledEventShape) {
  Json e = scheduled_event("eu-west-1", "arn:aws:events:eu-west-1:000000000000:rule/r", kTuesday);
  EXPECT_EQ(e["version"], "0");
  EXPECT_EQ(e["detail-type"], "Scheduled Event");
  EXPECT_EQ(e["source"], "aws.events");
  EXPECT_EQ(e["time"], "2026-12-01T22:39:00Z");
  EXPECT_EQ(e["region"], "eu-west-1");
  EXPECT_EQ(e["resources"], Json::array({"arn:aws:events:eu-west-1:000000000000:rule/r"}));
  EXPECT_EQ(e["detail"], Json::object());
  EXPECT_EQ(e["id"].get<std::string>().size(), 36u);
}

TEST(Scheduler, RunsOnInitAndStops) {
  std::vector<ScheduleRule> rules(1);
  rules[0].function = "tick";
  rules[0].rule_name = "r";
  rules[0].parsed = parse_schedule("rate(1 day)");
  std::mutex m;
  std::condition_variable cv;
  int calls = 0;
  Scheduler scheduler(rules, "us-east-1", [&](const ScheduleRule& r, Json event) {
    EXPECT_EQ(r.function, "tick");
    EXPECT_EQ(event["source"], "aws.events");
    std::lock_guard lock(m);
    ++calls;
    cv.notify_all();
  });
  scheduler.start(true);
  std::unique_lock lock(m);
  EXPECT_TRUE(cv.wait_for(lock, std::chrono::seconds(5), [&] { return calls == 1; }));
  lock.unlock();
  scheduler.stop();
}

}  // namespace
}  // namespace sls::local
