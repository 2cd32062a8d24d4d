// `schedule` events under `sls offline` (what serverless-offline's scheduler,
// after serverless-offline-scheduler, adds): each enabled expression runs its
// function on its rate or cron (UTC, as EventBridge runs it, or the wall clock
// of its `timezone`, as EventBridge Scheduler does) while the server
// is up, with the scheduled event EventBridge sends or the event's `input`
// (`inputPath` picks a part of the scheduled event; `inputTransformer` fills its
// template from it). Off with --noSchedule.
#pragma once
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "config/service.h"
#include "local/in_flight.h"
#include "local/time_zone.h"
#include "util/json.h"

namespace sls::local {

// A parsed schedule expression: "rate(5 minutes)" or AWS's six-field
// "cron(Minutes Hours Day-of-month Month Day-of-week Year)" (*, ?, lists,
// ranges, steps, JAN-DEC, SUN-SAT; day-of-week 1-7 from Sunday).
struct ScheduleExpression {
  long long rate_ms = 0;  // > 0 for rate()
  std::vector<bool> minutes, hours, days, months, weekdays;  // cron: allowed values (weekday 0 = Sunday)
  std::optional<std::pair<int, int>> years;                  // cron: first..last year, unset for *
};

// Throws UserError naming the expression and what is wrong.
ScheduleExpression parse_schedule(const std::string& expression);

// The next firing strictly after `after_ms` (epoch ms); a rate counts from
// `start_ms`. -1 when a cron never fires again. With `zone` a cron matches that
// zone's wall clock, as EventBridge Scheduler: a wall time skipped when the
// clocks go forward does not fire, one repeated when they go back fires once.
long long next_fire(const ScheduleExpression& s, long long after_ms, long long start_ms,
                    const TimeZone* zone = nullptr);

struct ScheduleRule {
  std::string function;
  std::string expression;
  std::optional<TimeZone> zone;  // `timezone` (a cron on that wall clock); unset: UTC
  std::string rule_name;   // `name`, else <service>-<stage>-<function>-schedule-<n>
  Json input = nullptr;    // the event when `input` is given
  std::string input_path;  // "$.detail"
  Json input_transformer = nullptr;  // {inputPathsMap, inputTemplate}
  ScheduleExpression parsed;
};

// The enabled schedules of the service. What is left out is said in `notes`:
// "Scheduling [fn rate(2 minutes)]: disabled", or why an expression cannot run.
std::vector<ScheduleRule> schedule_rules(Service& service, std::vector<std::string>* notes = nullptr);

// The event EventBridge sends for a scheduled rule.
Json scheduled_event(const std::string& region, const std::string& rule_arn, long long now_ms);

// An EventBridge input transformer applied to `event`: each <name> of the
// template replaced by the value its path picks, as JSON outside a string
// literal and as text inside one; the result parsed when it is JSON.
Json transform_input(const Json& transformer, const Json& event);

// What the function of `rule` receives at `now_ms`.
Json schedule_input(const ScheduleRule& rule, const std::string& region, long long now_ms);

using ScheduledInvoke = std::function<void(const ScheduleRule& rule, Json event)>;

class Scheduler {
 public:
  Scheduler(std::vector<ScheduleRule> rules, std::string region, ScheduledInvoke invoke);
  ~Scheduler();
  void start(bool run_on_init);  // a thread of its own
  void stop();
  const std::vector<ScheduleRule>& rules() const { return rules_; }

 private:
  void loop(bool run_on_init);

  std::vector<ScheduleRule> rules_;
  std::string region_;
  ScheduledInvoke invoke_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
  InFlight running_;  // the invocations started
};

}  // namespace sls::local
