#include "local/worker.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <future>
#include <thread>
#include <vector>

#include "local/reactor.h"

extern char** environ;

namespace sls::local {
namespace {

std::string status_line(pid_t pid, const std::string& key) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind(key + ":", 0) == 0) return line.substr(key.size() + 1);
  return "";
}

TEST(Worker, StartsWithNoSignalBlockedOrIgnored) {
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  sigaddset(&block, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &block, &old);
  WorkerCommand c;
  c.argv = {"sleep", "5"};
  for (char** e = environ; *e; ++e) c.env.emplace_back(*e);
  auto w = Worker::spawn(c);
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  std::string blocked;
  for (int i = 0; i < 100; ++i) {  // until exec has replaced the child
    if (status_line(w->pid(), "Name").find("sleep") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  blocked = status_line(w->pid(), "SigBlk");
  EXPECT_EQ(blocked.substr(blocked.find_first_not_of(" \t")), "0000000000000000");
  std::string ignored = status_line(w->pid(), "SigIgn");
  unsigned long long mask = std::stoull(ignored.substr(ignored.find_first_not_of(" \t")), nullptr, 16);
  EXPECT_EQ(mask & (1ull << (SIGPIPE - 1)), 0u);
}

TEST(Worker, FramesRoundTripAndTimeout) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  ASSERT_TRUE(write_frame(fds[1], "hello"));
  std::string got;
  EXPECT_EQ(read_frame(fds[0], got, std::chrono::steady_clock::time_point::max()), Worker::Status::ok);
  EXPECT_EQ(got, "hello");
  EXPECT_EQ(read_frame(fds[0], got, std::chrono::steady_clock::now() + std::chrono::milliseconds(20)),
            Worker::Status::timeout);
  close(fds[1]);
  EXPECT_EQ(read_frame(fds[0], got, std::chrono::steady_clock::time_point::max()), Worker::Status::died);
  close(fds[0]);
}

// A worker that reads `n` frames before it answers, then writes every answer ("re:" + request) in one
// write and exits: several calls are in flight at once and their answers arrive together.
WorkerCommand batch_echo(int n) {
  WorkerCommand c;
  c.argv = {"python3", "-c",
            "import os, struct\n"
            "def exact(k):\n"
            "    b = b''\n"
            "    while len(b) < k:\n"
            "        b += os.read(3, k - len(b))\n"
            "    return b\n"
            "out = b''\n"
            "for _ in range(" + std::to_string(n) + "):\n"
            "    (k,) = struct.unpack('>I', exact(4))\n"
            "    body = b're:' + exact(k)\n"
            "    out += struct.pack('>I', len(body)) + body\n"
            "os.write(4, out)\n"};
  for (char** e = environ; *e; ++e) c.env.emplace_back(*e);
  return c;
}

struct Answer {
  Worker::Status status;
  std::string text;
};

// `requests` sent to the worker one after the other without waiting; what each call ended with.
std::vector<Answer> call_all(Reactor& reactor, Worker& w, const std::vector<std::string>& requests) {
  std::vector<std::promise<Answer>> promises(requests.size());
  reactor.run_sync([&] {
    for (size_t i = 0; i < requests.size(); ++i)
      w.call_async(reactor, requests[i], [&promises, i](Worker::Status s, std::string a) {
        promises[i].set_value({s, std::move(a)});
      });
  });
  std::vector<Answer> out;
  for (auto& p : promises) out.push_back(p.get_future().get());
  return out;
}

TEST(Worker, CallsInFlightAreAnsweredInOrderFromOneRead) {
  Reactor reactor;  // outlives the worker, whose pipes it drives
  auto w = Worker::spawn(batch_echo(3));
  auto answers = call_all(reactor, *w, {"a", "bb", std::string(20000, 'c')});  // the last outgrows the read buffer
  ASSERT_EQ(answers.size(), 3u);
  for (const auto& a : answers) EXPECT_EQ(a.status, Worker::Status::ok);
  EXPECT_EQ(answers[0].text, "re:a");
  EXPECT_EQ(answers[1].text, "re:bb");
  EXPECT_EQ(answers[2].text, "re:" + std::string(20000, 'c'));
  reactor.run_sync([&] { w.reset(); });
}

TEST(Worker, CallsOwedWhenTheWorkerExitsEndAsDied) {
  Reactor reactor;
  auto w = Worker::spawn(batch_echo(1));  // answers the first, then exits
  auto answers = call_all(reactor, *w, {"a", "b", "c"});
  EXPECT_EQ(answers[0].status, Worker::Status::ok);
  EXPECT_EQ(answers[0].text, "re:a");
  EXPECT_EQ(answers[1].status, Worker::Status::died);
  EXPECT_EQ(answers[2].status, Worker::Status::died);
  reactor.run_sync([&] { w.reset(); });
}

}  // namespace
}  // namespace sls::local
