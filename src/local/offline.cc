#include "local/offline.h"

#include <signal.h>

#include <chrono>
#include <condition_variable>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "local/apigw_v1.h"
#include "local/bootstrap.h"
#include "local/lambda_integration.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/js_like.h"
#include "util/text.h"

namespace sls::local {

namespace {

// Functions of the HTTP routes whose first worker starts with the server (more
// would cost a runtime's memory each before any request needs it).
constexpr size_t kPrestartedFunctions = 4;

const Json* option(const Json& cli, const Json& custom, const char* name) {
  if (cli.is_object() && cli.contains(name) && !cli[name].is_null()) return &cli[name];
  if (custom.is_object() && custom.contains(name) && !custom[name].is_null()) return &custom[name];
  return nullptr;
}

bool flag_value(const Json* v) {
  if (!v) return false;
  if (v->is_string()) return v->get<std::string>() != "false" && !v->get<std::string>().empty();
  return js::truthy(*v);
}

std::string trim_slashes(std::string s) {
  while (!s.empty() && s.front() == '/') s.erase(0, 1);
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

// Workers a pool starts at once under concurrent requests: one per core runs side by side.
// Not for provided runtimes: their bootstrap asks for the next event only after it answered,
// so a caller's next request would often find it "busy" and start a second one for nothing.
size_t eager_workers(const FunctionSpec& spec) {
  static const size_t cores = std::max(1u, std::thread::hardware_concurrency());
  return runtime_family(spec.runtime) == RuntimeFamily::provided ? 1 : cores;
}

size_t reserved_concurrency(const Service& service, const std::string& key, size_t fallback) {
  const Json* fns = js::get(service.config, "functions");
  const Json* fn = fns ? js::get(*fns, key) : nullptr;
  const Json* rc = fn ? js::get(*fn, "reservedConcurrency") : nullptr;
  if (rc && rc->is_number() && rc->get<double>() >= 1) return std::min<size_t>(fallback, rc->get<size_t>());
  return fallback;
}

unsigned short port_value(const Json& v, const char* name) {
  long port = -1;
  if (v.is_number()) port = v.get<long>();
  if (v.is_string()) {
    try {
      size_t used = 0;
      port = std::stol(v.get<std::string>(), &used);
      if (used != v.get<std::string>().size()) port = -1;
    } catch (...) {
    }
  }
  if (port < 0 || port > 65535)
    throw UserError(std::string("Invalid ") + name + " \"" + (v.is_string() ? v.get<std::string>() : v.dump()) +
                        "\": expected a port number (0-65535).",
                    "OFFLINE_INVALID_PORT");
  return static_cast<unsigned short>(port);
}

int seconds_value(const Json& v, const char* name) {
  long n = -1;
  if (v.is_number()) n = v.get<long>();
  if (v.is_string() && !v.get<std::string>().empty() &&
      v.get<std::string>().find_first_not_of("0123456789") == std::string::npos)
    n = std::stol(v.get<std::string>());
  if (n <= 0 || n > 1'000'000'000)
    throw UserError(std::string("Invalid ") + name + " \"" + (v.is_string() ? v.get<std::string>() : v.dump()) +
                        "\": expected a whole number of seconds.",
                    "OFFLINE_INVALID_TIMEOUT");
  return static_cast<int>(n);
}

}  // namespace

OfflineOptions offline_options(const Service& service, const Json& cli) {
  OfflineOptions o;
  Json custom = Json::object();
  if (const Json* c = js::get(service.config, "custom"))
    if (const Json* so = js::get(*c, "serverless-offline"); so && so->is_object()) custom = *so;
  if (const Json* v = option(cli, custom, "host"); v && v->is_string()) o.host = v->get<std::string>();
  if (const Json* v = option(cli, custom, "httpPort")) o.http_port = port_value(*v, "httpPort");
  if (const Json* v = option(cli, custom, "lambdaPort")) o.lambda_port = port_value(*v, "lambdaPort");
  if (const Json* v = option(cli, custom, "websocketPort")) o.websocket_port = port_value(*v, "websocketPort");
  if (const Json* v = option(cli, custom, "webSocketIdleTimeout"))
    o.websocket_idle_timeout = seconds_value(*v, "webSocketIdleTimeout");
  if (const Json* v = option(cli, custom, "webSocketHardTimeout"))
    o.websocket_hard_timeout = seconds_value(*v, "webSocketHardTimeout");
  o.no_schedule = flag_value(option(cli, custom, "noSchedule"));
  o.run_schedules_on_init = flag_value(option(cli, custom, "runSchedulesOnInit"));
  o.no_prepend_stage = flag_value(option(cli, custom, "noPrependStageInUrl"));
  o.no_timeout = flag_value(option(cli, custom, "noTimeout"));
  if (const Json* v = option(cli, custom, "prefix"); v && v->is_string()) o.prefix = trim_slashes(v->get<std::string>());
  o.auth.no_auth = flag_value(option(cli, custom, "noAuth"));
  o.auth.ignore_jwt_signature = flag_value(option(cli, custom, "ignoreJWTSignature"));
  if (const Json* v = option(cli, custom, "apiKey"); v && v->is_string()) o.auth.api_key = v->get<std::string>();
  return o;
}

OfflineServer::OfflineServer(Service& service, OfflineOptions options, LogLine log)
    : service_(service),
      options_(std::move(options)),
      log_(std::move(log)),
      api_(rest_api(service)),
      http_api_(http_api(service)) {
  std::vector<std::string> functions;
  for (const auto& route : api_.routes) functions.push_back(route.function);
  for (const auto& route : http_api_.routes) functions.push_back(route.route.function);
  for (const auto& fn : functions) {
    if (pools_.count(fn)) continue;
    FunctionSpec spec = spec_for(fn);
    size_t max = reserved_concurrency(service_, fn, options_.max_workers);
    pools_[fn] = std::make_unique<FunctionPool>(spec, EnvList{{"IS_OFFLINE", "true"}}, max, eager_workers(spec), reactor_);
  }
  auth_ = std::make_unique<AuthGate>(
      service_, api_, http_api_, options_.auth,
      [this](const std::string& fn, Json event, const std::string& what) {
        try {
          return run(fn, std::move(event), what);
        } catch (const std::exception& e) {
          log_(what + ": " + e.what());
          return InvokeResult{};  // crashed: API Gateway's 500
        }
      },
      log_);
  // The runtimes boot while the server starts listening: the first request finds a worker up.
  size_t prestarted = 0;
  for (const auto& fn : functions)
    if (prestarted < kPrestartedFunctions && pools_.count(fn) && pools_[fn]->workers_started() == 0) {
      pools_[fn]->prestart();
      ++prestarted;
    }
  server_ = std::make_unique<AsyncHttpServer>(*reactor_, options_.host, options_.http_port,
                                              [this](HttpRequest r, HttpReply reply) { serve(std::move(r), std::move(reply)); });
  lambda_server_ = std::make_unique<HttpServer>(options_.host, options_.lambda_port,
                                                [this](const HttpRequest& r) { return handle_lambda(r); });
  add_event_sources();
  if (options_.reload) {
    std::vector<std::filesystem::path> skip;
    if (options_.build) skip.push_back(options_.build->output_dir);
    watch_ = std::make_unique<FileWatch>(
        options_.build ? options_.build->source_dir : service_.dir,
        [this](const std::string& file) { on_file_change(file); }, skip);
  }
}

void OfflineServer::on_file_change(const std::string& file) {
  std::error_code ec;
  if (options_.on_config_change && std::filesystem::equivalent(file, service_.config_file, ec)) {
    log_("Reloading the routes: " + service_.config_file_name + " changed");
    options_.on_config_change();
    return;
  }
  const std::filesystem::path& root = options_.build ? options_.build->source_dir : service_.dir;
  std::string changed = std::filesystem::relative(file, root, ec).string();
  std::unique_lock building(build_mutex_, std::defer_lock);  // the next request waits for the new bundles
  if (options_.build) {
    building.lock();
    log_("Bundling again: " + changed + " changed");
    try {
      options_.build->rebuild(service_);
    } catch (const std::exception& e) {
      log_(std::string("Bundling failed: ") + e.what() + " (fix it and save again)");
    }
  }
  log_("Reloading handlers: " + changed + " changed");
  for (FunctionPool* pool : all_pools()) pool->retire_workers();
}

// Pools are only added while the server runs; not holding pools_mutex_ while one waits for the
// loop, which may be taking that mutex for a request (pool_for).
std::vector<FunctionPool*> OfflineServer::all_pools() {
  std::lock_guard lock(pools_mutex_);
  std::vector<FunctionPool*> out;
  for (auto& [name, pool] : pools_) out.push_back(pool.get());
  return out;
}

OfflineServer::~OfflineServer() {
  watch_.reset();
  stop();
  pools_.clear();  // with every member still here: what their invocations answer may use them
  reactor_->stop();
}

void OfflineServer::run() {
  start_event_sources();
  std::thread lambda([this] { lambda_server_->run(); });
  server_->run();
  lambda_server_->stop();
  lambda.join();
}

void OfflineServer::stop() {
  server_->stop();
  lambda_server_->stop();
  for (FunctionPool* pool : all_pools()) pool->shutdown();  // what waits on a worker ends now
  stop_event_sources();
  std::unique_lock lock(threads_mutex_);
  threads_done_.wait(lock, [this] { return threads_ == 0; });
}

void OfflineServer::on_thread(std::function<void()> work) {
  {
    std::lock_guard lock(threads_mutex_);
    ++threads_;
  }
  std::thread([this, work = std::move(work)] {
    work();
    std::lock_guard lock(threads_mutex_);
    if (--threads_ == 0) threads_done_.notify_all();
  }).detach();
}

// With bundles, only Node.js functions were bundled: the others run from the sources.
FunctionSpec OfflineServer::spec_for(const std::string& function) const {
  FunctionSpec spec = function_spec(service_, function);
  if (!options_.build || runtime_family(spec.runtime) == RuntimeFamily::node) return spec;
  Service sources = service_;
  sources.dir = options_.build->source_dir;
  return function_spec(sources, function);
}

FunctionPool* OfflineServer::pool_for(const std::string& function) {
  std::lock_guard lock(pools_mutex_);
  auto it = pools_.find(function);
  if (it != pools_.end()) return it->second.get();
  FunctionSpec spec = spec_for(function);  // throws for what cannot run locally
  size_t max = reserved_concurrency(service_, function, options_.max_workers);
  auto& slot = pools_[function];
  slot = std::make_unique<FunctionPool>(spec, EnvList{{"IS_OFFLINE", "true"}}, max, eager_workers(spec), reactor_);
  return slot.get();
}

// A function key, its deployed name, or an ARN ending in either (with an optional :qualifier).
std::string OfflineServer::function_key(const std::string& given) const {
  std::string name = given;
  if (name.rfind("arn:", 0) == 0) {
    auto at = name.find(":function:");
    if (at != std::string::npos) name = name.substr(at + 10);
    if (auto colon = name.find(':'); colon != std::string::npos) name = name.substr(0, colon);
  }
  for (const auto& key : function_keys(service_)) {
    if (key == name) return key;
    const Json* fns = js::get(service_.config, "functions");
    const Json* fn = fns ? js::get(*fns, key) : nullptr;
    const Json* deployed = fn ? js::get(*fn, "name") : nullptr;
    std::string deployed_name = deployed && deployed->is_string() ? deployed->get<std::string>()
                                                                  : service_.name + "-" + service_.stage + "-" + key;
    if (deployed_name == name) return key;
  }
  return "";
}

HttpResponse OfflineServer::handle_lambda(const HttpRequest& req) {
  auto json_error = [](int status, const std::string& type, const std::string& message) {
    HttpResponse r;
    r.status = status;
    r.headers = {{"Content-Type", "application/json"}, {"x-amzn-ErrorType", type}};
    r.body = Json{{"Type", "User"}, {"message", message}}.dump();
    return r;
  };
  std::string target = req.target.substr(0, req.target.find('?'));
  const std::string prefix = "/2015-03-31/functions/";
  const std::string suffix = "/invocations";
  if (req.method != "POST" || target.rfind(prefix, 0) != 0 || !target.ends_with(suffix) ||
      target.size() <= prefix.size() + suffix.size())
    return json_error(404, "UnknownOperationException", "Unknown operation " + req.method + " " + target);
  std::string given = url_decode(target.substr(prefix.size(), target.size() - prefix.size() - suffix.size()), false);
  std::string key = function_key(given);
  if (key.empty())
    return json_error(404, "ResourceNotFoundException",
                      "Function not found: arn:aws:lambda:" + service_.region + ":000000000000:function:" + given);
  std::string type = req.header("x-amz-invocation-type");
  if (type.empty()) type = "RequestResponse";
  Json event = req.body.empty() ? Json::object() : Json::parse(req.body, nullptr, false);
  if (event.is_discarded())
    return json_error(400, "InvalidRequestContentException", "Could not parse request body into json");
  FunctionPool* pool = nullptr;
  try {
    pool = pool_for(key);
  } catch (const std::exception& e) {
    return json_error(400, "InvalidRuntimeException", e.what());
  }
  (void)pool;
  if (type == "DryRun") return HttpResponse{204, {}, ""};
  if (type == "Event") {
    on_thread([this, key, event = std::move(event), given] {
      try {
        run(key, event, "Invoke (Event) " + given);
      } catch (const std::exception& e) {
        log_("Invoke (Event) " + given + ": " + e.what());
      }
    });
    return HttpResponse{202, {}, ""};
  }
  InvokeResult r = run(key, std::move(event), "Invoke " + given);
  HttpResponse out;
  out.headers = {{"Content-Type", "application/json"}, {"X-Amz-Executed-Version", "$LATEST"}};
  switch (r.kind) {
    case InvokeResult::Kind::result:
      out.body = r.has_result ? r.result.dump() : "null";
      break;
    case InvokeResult::Kind::error:
      out.headers.emplace_back("X-Amz-Function-Error", "Unhandled");
      out.body = r.error.dump();
      break;
    case InvokeResult::Kind::timeout: {
      out.headers.emplace_back("X-Amz-Function-Error", "Unhandled");
      out.body = Json{{"errorType", "Sandbox.Timedout"},
                      {"errorMessage", "Task timed out after " + std::to_string(pool_for(key)->spec().timeout_seconds) +
                                           ".00 seconds"}}
                     .dump();
      break;
    }
    case InvokeResult::Kind::crashed:
      out.headers.emplace_back("X-Amz-Function-Error", "Unhandled");
      out.body = Json{{"errorType", "Runtime.ExitError"}, {"errorMessage", "The function's process exited"}}.dump();
      break;
  }
  return out;
}

std::string OfflineServer::base_url() const { return "http://" + options_.host + ":" + std::to_string(port()); }

std::vector<std::string> OfflineServer::route_lines() const {
  std::vector<std::string> out;
  std::string base = base_url();
  if (!options_.prefix.empty()) base += "/" + options_.prefix;
  if (!options_.no_prepend_stage) base += "/" + service_.stage;
  for (const auto& r : api_.routes) {
    std::string method = r.method;
    method.resize(std::max<size_t>(method.size(), 7), ' ');
    out.push_back(method + "| " + base + (r.resource == "/" ? "" : r.resource) + "  (λ: " + r.function + ")");
  }
  std::string root = base_url() + (options_.prefix.empty() ? "" : "/" + options_.prefix);
  for (const auto& r : http_api_.routes) {
    std::string method = r.route.method;
    method.resize(std::max<size_t>(method.size(), 7), ' ');
    out.push_back(method + "| " + root + (r.route_key == "$default" ? "/*" : r.route.resource) + "  (λ: " +
                  r.route.function + ", httpApi)");
  }
  return out;
}

HttpResponse OfflineServer::preflight(const HttpRequest& req, const std::vector<std::string>& segments) {
  // The resource the request names, whatever its methods.
  std::optional<RouteMatch> any;
  for (const char* m : {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "ANY"}) {
    any = match_route(api_, m, segments);
    if (any) break;
  }
  const CorsRule* rule = any ? cors_for(api_, any->route->resource) : nullptr;
  if (!rule) return gateway_error(403, "Missing Authentication Token");
  HttpResponse r;
  const std::string origin = req.header("origin");
  std::string allow = rule->origins.empty() ? "*" : rule->origins.front();
  for (const auto& o : rule->origins)
    if (o == origin) allow = o;
  r.headers.emplace_back("Access-Control-Allow-Origin", allow);
  r.headers.emplace_back("Access-Control-Allow-Headers", join(rule->headers, ","));
  r.headers.emplace_back("Access-Control-Allow-Methods", join(rule->methods, ","));
  if (rule->allow_credentials) r.headers.emplace_back("Access-Control-Allow-Credentials", "true");
  if (!rule->max_age.is_null()) r.headers.emplace_back("Access-Control-Max-Age", js::stringify(rule->max_age));
  r.headers.emplace_back("Content-Type", "application/json");
  return r;
}

HttpResponse OfflineServer::handle(const HttpRequest& req) {
  Routed r = *route(req, true);
  if (r.answer) return std::move(*r.answer);
  return r.respond(run(r.function, std::move(r.event), r.log_target));
}

// Whether esbuild is writing the bundles now (a request must wait for them).
bool OfflineServer::rebuilding() {
  if (!options_.build) return false;
  if (!build_mutex_.try_lock_shared()) return true;
  build_mutex_.unlock_shared();
  return false;
}

HttpResponse OfflineServer::failed(const HttpRequest& req, const std::exception& e) {
  log_(req.method + " " + req.target + ": " + e.what());
  return gateway_error(500, "Internal server error");
}

void OfflineServer::serve(HttpRequest req, HttpReply reply) {
  // While the bundles are written, and where an authorizer must run first: on a thread of its own.
  std::optional<Routed> routed;
  if (!rebuilding()) {
    try {
      routed = route(req, false);
    } catch (const std::exception& e) {
      return reply(failed(req, e));
    }
  }
  if (!routed) {
    on_thread([this, req = std::move(req), reply = std::move(reply)] {
      HttpResponse out;
      try {
        out = handle(req);
      } catch (const std::exception& e) {
        out = failed(req, e);
      }
      reply(std::move(out));
    });
    return;
  }
  if (routed->answer) return reply(std::move(*routed->answer));
  run_async(routed->function, std::move(routed->event), routed->log_target,
            [respond = std::move(routed->respond), reply = std::move(reply)](InvokeResult r) { reply(respond(r)); });
}

std::optional<OfflineServer::Routed> OfflineServer::route(const HttpRequest& req, bool may_block) {
  auto answer = [](HttpResponse r) {
    Routed out;
    out.answer = std::move(r);
    return std::optional<Routed>(std::move(out));
  };
  std::string target = req.target;
  std::string query;
  if (auto q = target.find('?'); q != std::string::npos) {
    query = target.substr(q + 1);
    target = target.substr(0, q);
  }
  std::vector<std::string> raw = split_path(target);
  size_t skip = 0;
  if (!options_.prefix.empty()) {
    std::vector<std::string> prefix = split_path(options_.prefix);
    if (raw.size() < prefix.size() || !std::equal(prefix.begin(), prefix.end(), raw.begin()))
      return answer(http_api_.routes.empty() ? gateway_error(403, "Forbidden") : gateway_error(404, "Not Found"));
    skip = prefix.size();
  }
  auto tail = [&](size_t from, std::vector<std::string>& segments) {
    std::string path;
    for (size_t i = from; i < raw.size(); ++i) {
      segments.push_back(url_decode(raw[i], false));
      path += "/" + raw[i];
    }
    return path.empty() ? std::string("/") : path;
  };
  // The REST API under its stage (unless --noPrependStageInUrl)...
  bool stage_ok = options_.no_prepend_stage || (raw.size() > skip && raw[skip] == service_.stage);
  if (stage_ok && !api_.routes.empty()) {
    std::vector<std::string> segments;
    std::string path = tail(skip + (options_.no_prepend_stage ? 0 : 1), segments);
    if (auto match = match_route(api_, req.method, segments))
      return route_rest(req, *match, path, target, query, may_block);
    if (req.method == "OPTIONS") {
      HttpResponse pre = preflight(req, segments);
      if (pre.status == 200 || http_api_.routes.empty()) return answer(std::move(pre));
    }
  }
  // ...then the HTTP API, at the root ($default stage).
  if (!http_api_.routes.empty()) {
    std::vector<std::string> segments;
    std::string path = tail(skip, segments);
    if (auto match = match_http_api(http_api_, req.method, segments))
      return route_http_api(req, *match, path, query, may_block);
    log_(req.method + " " + target + " (no route: 404 Not Found)");
    return answer(gateway_error(404, "Not Found"));
  }
  if (!stage_ok) return answer(gateway_error(403, "Forbidden"));
  log_(req.method + " " + target + " (no route: 403 Missing Authentication Token)");
  return answer(gateway_error(403, "Missing Authentication Token"));
}

void OfflineServer::log_outcome(const std::string& function, const InvokeResult& r, int timeout_seconds) {
  if (r.cancelled) return;  // the server is stopping: nothing to say per invocation
  log_(fmt::format("(λ: {}) RequestId: {}  Duration: {:.2f} ms  Billed Duration: {} ms", function, r.request_id,
                   r.duration_ms, static_cast<long long>(r.duration_ms) + 1));
  if (r.kind == InvokeResult::Kind::error)
    log_("(λ: " + function + ") " + r.error.value("errorType", std::string("Error")) + ": " +
         (r.error.contains("errorMessage") && r.error["errorMessage"].is_string()
              ? r.error["errorMessage"].get<std::string>()
              : r.error.value("errorMessage", Json()).dump()));
  if (r.kind == InvokeResult::Kind::timeout)
    log_("(λ: " + function + ") Task timed out after " + std::to_string(timeout_seconds) + ".00 seconds");
  if (r.kind == InvokeResult::Kind::crashed)
    log_("(λ: " + function + ") the worker process exited; a fresh one serves the next request");
}

InvokeRequest OfflineServer::invocation(const std::string& function, Json event, const std::string& log_target) {
  log_(log_target + " (λ: " + function + ")");
  InvokeRequest ir;
  ir.event = std::move(event);
  ir.no_timeout = options_.no_timeout;
  return ir;
}

InvokeResult OfflineServer::run(const std::string& function, Json event, const std::string& log_target) {
  InvokeRequest ir = invocation(function, std::move(event), log_target);
  if (options_.build) std::shared_lock<std::shared_mutex> wait(build_mutex_);  // waits while the bundles are written
  FunctionPool& pool = *pool_for(function);
  InvokeResult r = pool.invoke(ir);
  log_outcome(function, r, pool.spec().timeout_seconds);
  return r;
}

void OfflineServer::run_async(const std::string& function, Json event, const std::string& log_target,
                              std::function<void(InvokeResult)> done) {
  InvokeRequest ir = invocation(function, std::move(event), log_target);
  FunctionPool* pool = pool_for(function);
  pool->submit(ir, [this, function, pool, done = std::move(done)](InvokeResult r) {
    if (r.start_error) {
      try {
        std::rethrow_exception(r.start_error);
      } catch (const std::exception& e) {
        log_("(λ: " + function + ") " + e.what());
      }
      return done(std::move(r));
    }
    log_outcome(function, r, pool->spec().timeout_seconds);
    done(std::move(r));
  });
}

std::optional<OfflineServer::Routed> OfflineServer::route_http_api(const HttpRequest& req, const HttpApiMatch& match,
                                                                   const std::string& path, const std::string& query,
                                                                   bool may_block) {
  if (!may_block && auth_->runs_authorizer(match.route->authorizer.get())) return std::nullopt;
  ProxyRequestInfo info;
  info.stage = "$default";
  info.request_id = new_request_id();
  info.epoch_ms = epoch_ms();
  info.path = path;
  info.full_path = path;
  info.query = query;
  bool v1 = match.route->payload == "1.0";
  Routed out;
  out.event = v1 ? http_api_v1_event(req, match, info) : http_api_event(req, match, info);
  if (auto refused = auth_->http_api(match, req, info, out.event)) {
    out.answer = std::move(*refused);
    return out;
  }
  out.function = match.route->route.function;
  out.log_target = req.method + " " + path;
  out.respond = [v1](const InvokeResult& r) {
    switch (r.kind) {
      case InvokeResult::Kind::result: {
        if (!v1) return http_api_response(r.result, r.has_result);
        HttpResponse res = proxy_response(r.result, r.has_result);
        return res.status == 502 ? gateway_error(500, "Internal Server Error") : res;
      }
      case InvokeResult::Kind::timeout:
        return gateway_error(503, "Service Unavailable");
      default:
        return gateway_error(500, "Internal Server Error");
    }
  };
  return out;
}

std::optional<OfflineServer::Routed> OfflineServer::route_rest(const HttpRequest& req, const RouteMatch& match,
                                                               const std::string& path, const std::string& full_path,
                                                               const std::string& query, bool may_block) {
  const RestRoute& route = *match.route;
  if (!may_block && auth_->runs_authorizer(route.authorizer.get())) return std::nullopt;
  ProxyRequestInfo info;
  info.stage = service_.stage;
  info.request_id = new_request_id();
  info.epoch_ms = epoch_ms();
  info.path = path;
  info.full_path = full_path;
  info.query = query;
  const std::string content_type = req.header("content-type");
  info.binary_body = !content_type.empty() && is_binary_type(content_type, api_.binary_media_types);
  Routed out;
  out.event = proxy_event(req, match, info);
  if (auto refused = auth_->rest(route, req, info, out.event)) {
    out.answer = std::move(*refused);
    return out;
  }
  if (route.lambda_integration) out.event = lambda_integration_event(out.event);
  out.function = route.function;
  out.log_target = req.method + " " + full_path;
  if (route.lambda_integration) {
    int timeout_seconds = pool_for(route.function)->spec().timeout_seconds;
    out.respond = [&route, timeout_seconds](const InvokeResult& r) {
      return lambda_integration_response(r, route.integration_response, timeout_seconds);
    };
    return out;
  }
  out.respond = [](const InvokeResult& r) {
    switch (r.kind) {
      case InvokeResult::Kind::result:
        return proxy_response(r.result, r.has_result);
      case InvokeResult::Kind::timeout:
        return gateway_error(504, "Endpoint request timed out");
      default:
        return gateway_error(502, "Internal server error");
    }
  };
  return out;
}

int run_offline(Service& service, const OfflineOptions& options, const LogLine& log, const ServiceLoader& reload) {
  // SIGINT/SIGTERM go to a waiting thread only.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::mutex mutex;
  std::condition_variable wake;
  bool quit = false, changed = false;
  OfflineOptions o = options;
  if (reload)
    o.on_config_change = [&] {
      std::lock_guard lock(mutex);
      changed = true;
      wake.notify_all();
    };
  std::optional<Service> loaded[2];  // the reloaded service, and the one before it
  Service* current = &service;
  auto server = std::make_unique<OfflineServer>(*current, o, log);
  std::thread signals([&] {
    int sig = 0;
    sigwait(&set, &sig);
    std::lock_guard lock(mutex);
    quit = true;
    wake.notify_all();
  });
  for (;;) {
    for (const auto& line : server->route_lines()) log("   " + line);
    for (const auto& line : server->event_source_lines()) log("   " + line);
    log("");
    log("Lambda Invoke API: http://" + options.host + ":" + std::to_string(server->lambda_port()) +
        "/2015-03-31/functions/NAME/invocations");
    log("Server ready: " + server->base_url() + " 🚀");
    std::thread serving([&server] { server->run(); });
    std::unique_lock lock(mutex);
    wake.wait(lock, [&] { return quit || changed; });
    changed = false;
    bool stopping = quit;
    lock.unlock();
    if (stopping) log("");
    log(stopping ? "Halting offline server" : "Restarting the routes");
    server->stop();
    serving.join();
    server.reset();
    if (stopping) break;
    Service* next = nullptr;
    try {
      auto& slot = loaded[loaded[0] && current == &*loaded[0] ? 1 : 0];
      slot.emplace(reload());
      for (const auto& w : slot->warnings) log("Warning: " + w);
      server = std::make_unique<OfflineServer>(*slot, o, log);
      next = &*slot;
    } catch (const std::exception& e) {
      log(std::string("The new configuration cannot be served (") + e.what() + "); keeping the previous one.");
    }
    if (next) {
      current = next;
      continue;
    }
    try {
      server = std::make_unique<OfflineServer>(*current, o, log);
    } catch (...) {
      signals.detach();  // blocked in sigwait; the process is ending
      throw;
    }
  }
  signals.join();
  return 0;
}

}  // namespace sls::local
