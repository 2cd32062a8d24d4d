// `provided.al2` / `provided.al2023` functions: the function's own `bootstrap`
// (at its code root, as Lambda runs it) started unchanged, with
// AWS_LAMBDA_RUNTIME_API naming a Lambda Runtime API server of ours on a free
// loopback port, one per worker. The bootstrap polls
// GET /2018-06-01/runtime/invocation/next for the event and answers with
// POST .../invocation/{id}/response or .../error (or /runtime/init/error), so
// Go, Rust and shell custom runtimes run as they do on Lambda.
#pragma once
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "local/function_spec.h"
#include "local/http_server.h"
#include "local/worker.h"
#include "util/json.h"

namespace sls::local {

// The executable Lambda would start: `bootstrap` at the code root (the service
// folder), else beside the handler's file ("bin/bootstrap" for handler
// "bin/anything"). Throws UserError naming what is missing.
std::filesystem::path provided_bootstrap(const FunctionSpec& spec);

// The Runtime API's state for one worker: at most one invocation in flight.
// Thread-safe; `handle` blocks in /next until there is an event (or close()).
class RuntimeApi {
 public:
  struct Invocation {
    std::string request_id;
    std::string event;     // the JSON text given to the bootstrap
    long long deadline_ms = 0;
    std::string function_arn;
    std::string client_context;  // JSON text, or empty
  };
  struct Outcome {
    enum class Kind { response, error, init_error, timeout, died } kind = Kind::died;
    std::string body;        // the runtime's answer as posted
    std::string error_type;  // Lambda-Runtime-Function-Error-Type
  };

  HttpResponse handle(const HttpRequest& request);
  // Queues `invocation` and waits for its answer until `deadline`; `alive`
  // is asked every few milliseconds whether the bootstrap still runs.
  Outcome invoke(Invocation invocation, std::chrono::steady_clock::time_point deadline,
                 const std::function<bool()>& alive);
  void close();  // wakes a waiting /next
  void clear_init_error();  // before a fresh bootstrap process starts

 private:
  HttpResponse answer(const std::string& id, Outcome::Kind kind, const HttpRequest& req);

  std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<Invocation> pending_;
  bool delivered_ = false;
  std::optional<Outcome> outcome_;
  std::optional<Outcome> init_error_;
  bool closing_ = false;
};

// The worker: the bootstrap process, its Runtime API server, and the frame
// protocol of worker.h translated (the request frame's event and context in,
// the answer frame out). A bootstrap that exited is started again on the next call.
class RuntimeApiWorker : public Worker {
 public:
  static std::unique_ptr<Worker> spawn(const WorkerCommand& command);
  ~RuntimeApiWorker() override;
  Status call(const std::string& request, std::string& answer, std::chrono::milliseconds timeout) override;
  void call_async(Reactor& reactor, std::string request, Done done) override;
  bool pipelines() const override { return false; }  // one invocation at a time over the Runtime API

 private:
  RuntimeApiWorker() = default;
  void start_process();
  bool process_alive() const;

  WorkerCommand command_;
  RuntimeApi api_;
  std::unique_ptr<HttpServer> server_;
  std::thread serving_;
  std::unique_ptr<Worker> process_;
};

// The answer frame (bootstrap.h's protocol) for a Runtime API outcome (exposed for tests).
Json runtime_answer(const RuntimeApi::Outcome& outcome, bool pretty);

}  // namespace sls::local
