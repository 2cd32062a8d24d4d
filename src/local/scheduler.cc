#include "local/scheduler.h"

#include <chrono>
#include <ctime>
#include <map>

#include "aws/compile/events/registry.h"
#include "local/function_pool.h"
#include "local/function_spec.h"
#include "package/context.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/js_like.h"

namespace sls::local {

namespace {

constexpr long long kMinute = 60'000;

[[noreturn]] void bad(const std::string& expression, const std::string& what) {
  throw UserError("Invalid schedule expression \"" + expression + "\" for sls offline: " + what +
                      " (use rate(N minutes|hours|days) or cron(Minutes Hours Day-of-month Month Day-of-week Year)).",
                  "OFFLINE_INVALID_SCHEDULE");
}

int number_or_name(const std::string& text, const std::vector<std::string>& names, int first_name_value) {
  for (size_t i = 0; i < names.size(); ++i)
    if (text.size() == 3 && std::equal(text.begin(), text.end(), names[i].begin(),
                                       [](char a, char b) { return std::toupper(static_cast<unsigned char>(a)) == b; }))
      return static_cast<int>(i) + first_name_value;
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return -1;
  return std::stoi(text);
}

// One cron field as allowed values lo..hi (inclusive), `shift` subtracted from each.
std::vector<bool> cron_field(const std::string& expression, const std::string& text, int lo, int hi,
                             const std::vector<std::string>& names, int shift, const char* what) {
  std::vector<bool> allowed(static_cast<size_t>(hi - shift + 1), false);
  if (text.find_first_of("LW#") != std::string::npos)
    bad(expression, std::string("the ") + what + " field \"" + text + "\" uses L, W or #, which sls offline cannot run");
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = std::min(text.find(',', start), text.size());
    std::string part = text.substr(start, end - start);
    start = end + 1;
    int step = 1;
    if (auto slash = part.find('/'); slash != std::string::npos) {
      step = number_or_name(part.substr(slash + 1), {}, 0);
      part = part.substr(0, slash);
      if (step <= 0) bad(expression, std::string("bad step in the ") + what + " field");
    }
    int a = lo, b = hi;
    if (part != "*" && part != "?") {
      auto dash = part.find('-');
      a = number_or_name(part.substr(0, dash), names, lo);
      b = dash == std::string::npos ? (step > 1 ? hi : a) : number_or_name(part.substr(dash + 1), names, lo);
    }
    if (a < lo || b > hi || a > b) bad(expression, std::string("the ") + what + " field \"" + text + "\" is out of range");
    for (int v = a; v <= b; v += step) allowed[static_cast<size_t>(v - shift)] = true;
  }
  return allowed;
}

ScheduleExpression parse_cron(const std::string& expression, const std::string& body) {
  std::vector<std::string> f;
  for (size_t i = 0; i < body.size();) {
    size_t j = body.find(' ', i);
    if (j == std::string::npos) j = body.size();
    if (j > i) f.push_back(body.substr(i, j - i));
    i = j + 1;
  }
  if (f.size() != 6) bad(expression, "a cron needs six fields");
  static const std::vector<std::string> kMonths = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                    "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  static const std::vector<std::string> kDays = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
  ScheduleExpression s;
  s.minutes = cron_field(expression, f[0], 0, 59, {}, 0, "minutes");
  s.hours = cron_field(expression, f[1], 0, 23, {}, 0, "hours");
  s.days = cron_field(expression, f[2], 1, 31, {}, 0, "day-of-month");
  s.months = cron_field(expression, f[3], 1, 12, kMonths, 0, "month");
  s.weekdays = cron_field(expression, f[4], 1, 7, kDays, 1, "day-of-week");  // 1 (SUN) -> 0
  if (f[5] != "*" && f[5] != "?") {
    std::vector<bool> years = cron_field(expression, f[5], 1970, 2199, {}, 0, "year");
    int first = -1, last = -1;
    for (int y = 1970; y <= 2199; ++y)
      if (years[static_cast<size_t>(y)]) {
        if (first < 0) first = y;
        last = y;
      }
    s.years = std::make_pair(first, last);
  }
  return s;
}

long long start_of(long long ms, long long unit) { return ms - ((ms % unit) + unit) % unit; }

}  // namespace

ScheduleExpression parse_schedule(const std::string& expression) {
  auto inner = [&](const std::string& head) {
    if (expression.rfind(head, 0) != 0 || expression.back() != ')') return std::optional<std::string>();
    return std::optional<std::string>(expression.substr(head.size(), expression.size() - head.size() - 1));
  };
  if (auto body = inner("cron(")) return parse_cron(expression, *body);
  auto body = inner("rate(");
  if (!body) bad(expression, "it is neither rate() nor cron()");
  auto space = body->find(' ');
  int n = space == std::string::npos ? -1 : number_or_name(body->substr(0, space), {}, 0);
  std::string unit = space == std::string::npos ? "" : body->substr(space + 1);
  long long per = unit == "minute" || unit == "minutes" ? kMinute
                  : unit == "hour" || unit == "hours"   ? 60 * kMinute
                  : unit == "day" || unit == "days"     ? 24 * 60 * kMinute
                                                        : 0;
  if (n <= 0 || per == 0) bad(expression, "a rate is a positive whole number and minute(s), hour(s) or day(s)");
  ScheduleExpression s;
  s.rate_ms = n * per;
  return s;
}

namespace {

// The next minute after `after_ms` whose fields (read as UTC) the cron allows.
long long next_match(const ScheduleExpression& s, long long after_ms) {
  long long t = start_of(after_ms, kMinute) + kMinute;
  for (int guard = 0; guard < 200000; ++guard) {
    std::time_t secs = static_cast<std::time_t>(t / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    int year = tm.tm_year + 1900;
    if (s.years && year > s.years->second) return -1;
    bool day_ok = (!s.years || year >= s.years->first) && s.months[static_cast<size_t>(tm.tm_mon + 1)] &&
                  s.days[static_cast<size_t>(tm.tm_mday)] && s.weekdays[static_cast<size_t>(tm.tm_wday)];
    if (!day_ok) {
      t = start_of(t, 24 * 60 * kMinute) + 24 * 60 * kMinute;
    } else if (!s.hours[static_cast<size_t>(tm.tm_hour)]) {
      t = start_of(t, 60 * kMinute) + 60 * kMinute;
    } else if (!s.minutes[static_cast<size_t>(tm.tm_min)]) {
      t += kMinute;
    } else {
      return t;
    }
  }
  return -1;
}

// The first instant the zone's clock shows `wall_ms` (the earlier of two when
// the clocks went back); -1 when it never does (skipped when they went forward).
long long first_instant(const TimeZone& zone, long long wall_ms) {
  long long wall = wall_ms / 1000;
  long long best = -1;
  for (long long probe : {wall - 86400, wall, wall + 86400}) {
    int offset = zone.offset_at(probe);
    long long utc = wall - offset;
    if (zone.offset_at(utc) == offset && (best < 0 || utc < best)) best = utc;
  }
  return best < 0 ? -1 : best * 1000;
}

}  // namespace

long long next_fire(const ScheduleExpression& s, long long after_ms, long long start_ms, const TimeZone* zone) {
  if (s.rate_ms > 0) {
    if (after_ms < start_ms) return start_ms + s.rate_ms;
    return start_ms + ((after_ms - start_ms) / s.rate_ms + 1) * s.rate_ms;
  }
  if (!zone) return next_match(s, after_ms);
  long long wall = after_ms + zone->offset_at(after_ms / 1000) * 1000LL;
  for (int guard = 0; guard < 100000; ++guard) {
    wall = next_match(s, wall);
    if (wall < 0) return -1;
    long long utc = first_instant(*zone, wall);
    if (utc > after_ms) return utc;  // else skipped, or already past (a repeated wall time)
  }
  return -1;
}

std::vector<ScheduleRule> schedule_rules(Service& service, std::vector<std::string>* notes) {
  namespace ev = compile::events;
  PackageContext ctx{service};
  std::vector<ScheduleRule> out;
  std::map<std::string, int> counts;
  for (const ev::Event& e : ev::collect_events(ctx, "schedule")) {
    const Json& body = *e.body;
    Json rates = body.is_object() ? body.value("rate", Json()) : body;
    if (!rates.is_array()) rates = Json::array({rates});
    bool enabled = !body.is_object() || !body.contains("enabled") || js::truthy(body["enabled"]);
    for (const Json& rate : rates) {
      if (!rate.is_string()) continue;
      int n = ++counts[e.function];
      if (!enabled) {
        if (notes) notes->push_back("Scheduling [" + e.function + " " + rate.get<std::string>() + "]: disabled");
        continue;
      }
      ScheduleRule r;
      r.function = e.function;
      r.expression = rate.get<std::string>();
      try {
        r.parsed = parse_schedule(r.expression);
      } catch (const UserError& error) {  // the rest of the service still runs
        if (notes) notes->push_back(std::string(error.what()) + " Not scheduled: " + e.function + ".");
        continue;
      }
      if (body.is_object() && body.contains("timezone") && body["timezone"].is_string()) {
        std::string why;
        r.zone = TimeZone::load(body["timezone"].get<std::string>(), &why);
        if (!r.zone) {
          if (notes) notes->push_back("Scheduling [" + e.function + " " + r.expression + "]: " + why + ". Not scheduled.");
          continue;
        }
      }
      r.rule_name = service.name + "-" + service.stage + "-" + e.function + "-schedule-" + std::to_string(n);
      if (body.is_object()) {
        if (body.contains("name") && body["name"].is_string()) r.rule_name = body["name"].get<std::string>();
        if (body.contains("input")) {
          r.input = body["input"];
          if (r.input.is_string()) {  // JSON text, as EventBridge takes it
            Json parsed = Json::parse(r.input.get<std::string>(), nullptr, false);
            if (!parsed.is_discarded()) r.input = parsed;
          }
        }
        if (body.contains("inputPath") && body["inputPath"].is_string()) r.input_path = body["inputPath"].get<std::string>();
        if (body.contains("inputTransformer") && body["inputTransformer"].is_object())
          r.input_transformer = body["inputTransformer"];
      }
      out.push_back(std::move(r));
    }
  }
  return out;
}

Json scheduled_event(const std::string& region, const std::string& rule_arn, long long now_ms) {
  std::time_t secs = static_cast<std::time_t>(now_ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char time[32];
  std::strftime(time, sizeof time, "%Y-%m-%dT%H:%M:%SZ", &tm);
  Json e = Json::object();
  e["version"] = "0";
  e["id"] = new_request_id();
  e["detail-type"] = "Scheduled Event";
  e["source"] = "aws.events";
  e["account"] = "000000000000";
  e["time"] = time;
  e["region"] = region;
  e["resources"] = Json::array({rule_arn});
  e["detail"] = Json::object();
  return e;
}

namespace {

// "$.a.b" (or "a.b") in `v`; null when missing.
Json json_path(const Json& v, const std::string& given) {
  if (given.empty() || given == "$") return v;
  std::string path = given.rfind("$.", 0) == 0 ? given.substr(2) : given;
  const Json* at = &v;
  for (size_t i = 0; i <= path.size();) {
    size_t j = std::min(path.find('.', i), path.size());
    std::string key = path.substr(i, j - i);
    if (!at->is_object() || !at->contains(key)) return Json(nullptr);
    at = &(*at)[key];
    i = j + 1;
  }
  return *at;
}

}  // namespace

Json transform_input(const Json& transformer, const Json& event) {
  const Json paths = transformer.value("inputPathsMap", Json::object());
  const Json& tmpl = transformer.contains("inputTemplate") ? transformer["inputTemplate"] : Json();
  if (!tmpl.is_string()) return event;
  const std::string& t = tmpl.get<std::string>();
  std::string out;
  bool in_string = false;
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if (c == '"' && (i == 0 || t[i - 1] != '\\')) in_string = !in_string;
    size_t close = c == '<' ? t.find('>', i) : std::string::npos;
    std::string name = close == std::string::npos ? "" : t.substr(i + 1, close - i - 1);
    if (name.empty() || !paths.is_object() || !paths.contains(name) || !paths[name].is_string()) {
      out += c;
      continue;
    }
    Json value = json_path(event, paths[name].get<std::string>());
    if (!in_string) {
      out += value.dump();
    } else {
      std::string text = value.is_string() ? value.get<std::string>() : value.dump();
      std::string quoted = Json(text).dump();
      out += quoted.substr(1, quoted.size() - 2);
    }
    i = close;
  }
  Json parsed = Json::parse(out, nullptr, false);
  return parsed.is_discarded() ? Json(out) : parsed;
}

Json schedule_input(const ScheduleRule& rule, const std::string& region, long long now_ms) {
  if (!rule.input.is_null()) return rule.input;
  Json event = scheduled_event(region, "arn:aws:events:" + region + ":000000000000:rule/" + rule.rule_name, now_ms);
  if (rule.input_transformer.is_object()) return transform_input(rule.input_transformer, event);
  return json_path(event, rule.input_path);
}

Scheduler::Scheduler(std::vector<ScheduleRule> rules, std::string region, ScheduledInvoke invoke)
    : rules_(std::move(rules)), region_(std::move(region)), invoke_(std::move(invoke)) {}

Scheduler::~Scheduler() { stop(); }

void Scheduler::start(bool run_on_init) {
  if (rules_.empty() || thread_.joinable()) return;
  thread_ = std::thread([this, run_on_init] { loop(run_on_init); });
}

void Scheduler::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  running_.wait_idle(std::chrono::seconds(30));
}

void Scheduler::loop(bool run_on_init) {
  using namespace std::chrono;
  long long start = epoch_ms();
  std::vector<long long> next;
  for (const auto& r : rules_) next.push_back(run_on_init ? start : next_fire(r.parsed, start, start, r.zone ? &*r.zone : nullptr));
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    long long t = epoch_ms();
    long long soonest = -1;
    for (size_t i = 0; i < rules_.size(); ++i) {
      if (next[i] < 0) continue;
      if (next[i] <= t) {
        const ScheduleRule& rule = rules_[i];
        Json event = schedule_input(rule, region_, t);
        auto token = std::make_shared<InFlight::Token>(running_);
        std::thread([this, token, &rule, event = std::move(event)] { invoke_(rule, event); }).detach();
        next[i] = next_fire(rule.parsed, t, start, rule.zone ? &*rule.zone : nullptr);
      }
      if (next[i] >= 0 && (soonest < 0 || next[i] < soonest)) soonest = next[i];
    }
    if (soonest < 0) {
      wake_.wait(lock, [&] { return stopping_; });
    } else {
      wake_.wait_for(lock, milliseconds(std::max(1LL, soonest - epoch_ms())), [&] { return stopping_; });
    }
  }
}

}  // namespace sls::local
