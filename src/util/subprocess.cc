#include "util/subprocess.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <thread>

extern char** environ;

namespace sls {
namespace {

int capture_file() {
  char name[] = "/tmp/sls-process-XXXXXX";
  int fd = mkostemp(name, O_CLOEXEC);
  if (fd >= 0) unlink(name);
  return fd;
}

std::string read_all(int fd) {
  std::string out;
  lseek(fd, 0, SEEK_SET);
  char buf[65536];
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
  return out;
}

pid_t start(const std::vector<std::string>& argv, const std::filesystem::path& cwd, int out_fd) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
  posix_spawn_file_actions_adddup2(&actions, out_fd, 2);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return rc == 0 ? pid : -1;
}

}  // namespace

std::optional<std::filesystem::path> find_program_in(const std::string& name, const std::string& path_list) {
  if (name.find('/') != std::string::npos) return std::filesystem::path(name);
  for (size_t start = 0; start <= path_list.size();) {
    size_t end = std::min(path_list.find(':', start), path_list.size());
    std::string dir = end > start ? path_list.substr(start, end - start) : ".";
    std::string candidate = dir + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) return std::filesystem::path(candidate);
    start = end + 1;
  }
  return std::nullopt;
}

std::optional<std::filesystem::path> find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  return find_program_in(name, path ? path : "");
}

std::vector<ProcessResult> run_processes(const std::vector<std::vector<std::string>>& commands,
                                         const std::filesystem::path& cwd, unsigned parallel) {
  if (parallel == 0) parallel = std::max(1u, std::thread::hardware_concurrency());
  std::vector<ProcessResult> results(commands.size());
  std::map<pid_t, std::pair<size_t, int>> running;  // pid -> (index, capture fd)
  size_t next = 0;
  auto finish = [&](pid_t pid, int status) {
    auto [index, fd] = running[pid];
    running.erase(pid);
    results[index].exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    results[index].output = read_all(fd);
    close(fd);
  };
  while (next < commands.size() || !running.empty()) {
    while (next < commands.size() && running.size() < parallel) {
      size_t i = next++;
      int fd = capture_file();
      pid_t pid = fd < 0 || commands[i].empty() ? -1 : start(commands[i], cwd, fd);
      if (pid < 0) {
        results[i].output = std::string("cannot run ") + (commands[i].empty() ? "" : commands[i][0]) + ": " +
                            std::strerror(errno);
        if (fd >= 0) close(fd);
        continue;
      }
      running[pid] = {i, fd};
    }
    if (running.empty()) continue;
    // Only our own children: any that has finished, else wait for the oldest.
    int status = 0;
    pid_t done = 0;
    for (const auto& entry : running)
      if (waitpid(entry.first, &status, WNOHANG) == entry.first) {
        done = entry.first;
        break;
      }
    if (!done) {
      pid_t oldest = running.begin()->first;
      pid_t rc = waitpid(oldest, &status, 0);
      if (rc < 0 && errno == EINTR) continue;
      done = oldest;
      if (rc < 0) status = 0x7f00;  // already reaped elsewhere: report exit 127
    }
    finish(done, status);
  }
  return results;
}

}  // namespace sls
