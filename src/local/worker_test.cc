#include "local/worker.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <thread>

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

}  // namespace
}  // namespace sls::local
