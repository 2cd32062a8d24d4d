// `sls offline`: the service's `http` and `httpApi` events served on this machine as API
// Gateway (REST, Lambda proxy) would serve them, each function run in its
// warm workers (function_pool.h).
#pragma once
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>

#include "config/service.h"
#include "local/auth_gate.h"
#include "local/file_watch.h"
#include "local/function_pool.h"
#include "local/http_api.h"
#include "local/http_server.h"
#include "local/reactor.h"
#include "local/rest_routes.h"
#include "local/scheduler.h"
#include "local/websocket_gateway.h"
#include "util/json.h"

namespace sls::local {

// Handlers that run from bundles (the built-in serverless-esbuild): the
// service's folder is then the bundles' folder, `source_dir` is watched
// instead (the bundles' `output_dir` left out), and a change to it runs
// `rebuild` before the workers are replaced; requests wait for a rebuild.
struct OfflineBuild {
  std::filesystem::path source_dir;
  std::filesystem::path output_dir;
  std::function<void(const Service& bundled)> rebuild;  // throws when bundling fails
};

struct OfflineOptions {
  std::string host = "localhost";
  unsigned short http_port = 3000;
  bool no_prepend_stage = false;  // --noPrependStageInUrl
  std::string prefix;             // --prefix, without slashes
  bool no_timeout = false;        // --noTimeout
  unsigned short lambda_port = 3002;  // the Lambda Invoke API (--lambdaPort)
  size_t max_workers = 4;         // per function, unless reservedConcurrency says less
  bool reload = true;             // replace the workers when a file of the service changes
  unsigned short websocket_port = 3001;  // --websocketPort (websocket_gateway.h)
  int websocket_idle_timeout = 600;      // --webSocketIdleTimeout, seconds
  int websocket_hard_timeout = 7200;     // --webSocketHardTimeout, seconds
  bool no_schedule = false;              // --noSchedule (scheduler.h)
  bool run_schedules_on_init = false;    // --runSchedulesOnInit: each schedule once at start, too
  std::function<void()> on_config_change;  // serverless.yml changed (set by run_offline when it can reload)
  AuthGateOptions auth;           // --noAuth, --apiKey, --ignoreJWTSignature
  std::optional<OfflineBuild> build;  // bundled handlers (serverless-esbuild)
};

// Defaults < custom.serverless-offline < the command line (`cli` holds the
// options as given, names as serverless-offline spells them).
OfflineOptions offline_options(const Service& service, const Json& cli);

using LogLine = std::function<void(const std::string&)>;

class OfflineServer {
 public:
  OfflineServer(Service& service, OfflineOptions options, LogLine log);
  ~OfflineServer();

  HttpResponse handle(const HttpRequest& request);         // blocking (a thread of its own)
  void serve(HttpRequest request, HttpReply reply);        // on the loop: never blocks
  HttpResponse handle_lambda(const HttpRequest& request);  // the Invoke API
  unsigned short port() const { return server_->port(); }
  unsigned short lambda_port() const { return lambda_server_->port(); }
  std::string base_url() const;                     // "http://localhost:3000"
  std::vector<std::string> route_lines() const;     // "GET | http://localhost:3000/dev/hello"
  void run();  // both servers, until stop()
  void stop();

 private:
  // A request routed: its answer already, or the invocation to run and how to answer from its result.
  struct Routed {
    std::optional<HttpResponse> answer;
    std::string function;
    Json event;
    std::string log_target;
    std::function<HttpResponse(const InvokeResult&)> respond;
  };
  // nullopt: the route needs blocking work first (an authorizer to run) and !may_block.
  std::optional<Routed> route(const HttpRequest& req, bool may_block);
  std::optional<Routed> route_rest(const HttpRequest& req, const RouteMatch& match, const std::string& path,
                                   const std::string& full_path, const std::string& query, bool may_block);
  std::optional<Routed> route_http_api(const HttpRequest& req, const HttpApiMatch& match, const std::string& path,
                                       const std::string& query, bool may_block);
  InvokeRequest invocation(const std::string& function, Json event, const std::string& log_target);  // logs the target
  InvokeResult run(const std::string& function, Json event, const std::string& log_target);
  void run_async(const std::string& function, Json event, const std::string& log_target,
                 std::function<void(InvokeResult)> done);  // on the loop
  void log_outcome(const std::string& function, const InvokeResult& r, int timeout_seconds);
  void on_thread(std::function<void()> work);  // blocking work off the loop, counted for stop()
  bool rebuilding();
  HttpResponse failed(const HttpRequest& req, const std::exception& e);  // logged, API Gateway's 500
  FunctionPool* pool_for(const std::string& function);  // created on first use; null if not runnable
  std::vector<FunctionPool*> all_pools();
  FunctionSpec spec_for(const std::string& function) const;
  std::string function_key(const std::string& name_or_arn) const;
  HttpResponse preflight(const HttpRequest& req, const std::vector<std::string>& segments);

  std::shared_ptr<Reactor> reactor_ = std::make_shared<Reactor>();  // the routes' connections and the workers' pipes
  Service& service_;
  OfflineOptions options_;
  LogLine log_;  // a request's lines are written before its answer
  RestApi api_;
  HttpApi http_api_;
  std::mutex pools_mutex_;
  std::map<std::string, std::unique_ptr<FunctionPool>> pools_;  // by function key
  std::unique_ptr<AsyncHttpServer> server_;
  std::unique_ptr<HttpServer> lambda_server_;
  std::mutex threads_mutex_;
  std::condition_variable threads_done_;
  size_t threads_ = 0;  // on_thread() work running
  std::unique_ptr<AuthGate> auth_;  // authorizers and API keys before the integration
  std::unique_ptr<FileWatch> watch_;  // a change to the service's files replaces the workers
  void on_file_change(const std::string& file);
  std::shared_mutex build_mutex_;  // held by a rebuild of the bundles (options_.build)

  // offline_events.cc: the WebSocket API and the schedules, beside the HTTP routes.
  void add_event_sources();
  void start_event_sources();
  void stop_event_sources();
  std::thread websocket_thread_;
  std::unique_ptr<WebSocketGateway> websocket_;
  std::unique_ptr<Scheduler> scheduler_;

 public:
  unsigned short websocket_port() const { return websocket_ ? websocket_->port() : 0; }  // 0: no websocket events
  std::vector<std::string> event_source_lines() const;
};

using ServiceLoader = std::function<Service()>;

// Serves until SIGINT or SIGTERM; `log` gets the routes, then a line per request.
// With `reload`, a change to the service's config file loads the service again
// and restarts the routes on the same ports (a config that does not load is
// logged and the previous one kept).
int run_offline(Service& service, const OfflineOptions& options, const LogLine& log,
                const ServiceLoader& reload = nullptr);

}  // namespace sls::local
