#include "local/worker.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/uio.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/error.h"
#include "util/subprocess.h"

namespace sls::local {

namespace {

using Clock = std::chrono::steady_clock;

// A pipe whose ends sit above the low fd numbers, so the child's dup2 onto 3
// and 4 never meets one of them.
bool high_pipe(int fds[2]) {
  int raw[2];
  if (pipe2(raw, O_CLOEXEC) != 0) return false;
  for (int i = 0; i < 2; ++i) {
    fds[i] = fcntl(raw[i], F_DUPFD_CLOEXEC, 10);
    close(raw[i]);
  }
  return fds[0] >= 0 && fds[1] >= 0;
}

bool read_exact(int fd, char* buf, size_t n, Clock::time_point deadline) {
  size_t got = 0;
  while (got < n) {
    int wait_ms = -1;
    if (deadline != Clock::time_point::max()) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) throw std::chrono::milliseconds(0);
      wait_ms = static_cast<int>(std::min<long long>(left, 1 << 30));
    }
    pollfd p{fd, POLLIN, 0};
    int r = poll(&p, 1, wait_ms);
    if (r < 0 && errno == EINTR) continue;
    if (r == 0) throw std::chrono::milliseconds(0);
    if (r < 0) return false;
    ssize_t k = read(fd, buf + got, n - got);
    if (k < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (k <= 0) return false;
    got += static_cast<size_t>(k);
  }
  return true;
}

// argv[0] looked up on the worker's own PATH (posix_spawnp would use ours).
std::string find_program(const std::string& name, const std::vector<std::string>& env) {
  std::string path = "/usr/local/bin:/usr/bin:/bin";
  for (const auto& e : env)
    if (e.rfind("PATH=", 0) == 0) path = e.substr(5);
  auto found = sls::find_program_in(name, path);
  return found ? found->string() : "";
}

}  // namespace

bool write_frame(int fd, const std::string& payload) {
  uint32_t n = static_cast<uint32_t>(payload.size());
  char head[4] = {static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8),
                  static_cast<char>(n)};
  // One writev of the length and the payload, which is not copied.
  size_t total = 4 + payload.size(), off = 0;
  while (off < total) {
    iovec rest[2];
    int count = 0;
    if (off < 4) rest[count++] = {head + off, 4 - off};
    size_t body_off = off < 4 ? 0 : off - 4;
    if (body_off < payload.size()) rest[count++] = {const_cast<char*>(payload.data()) + body_off, payload.size() - body_off};
    ssize_t k = writev(fd, rest, count);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return false;
    off += static_cast<size_t>(k);
  }
  return true;
}

Worker::Status read_frame(int fd, std::string& payload, Clock::time_point deadline) {
  try {
    unsigned char head[4];
    if (!read_exact(fd, reinterpret_cast<char*>(head), 4, deadline)) return Worker::Status::died;
    uint32_t n = (uint32_t(head[0]) << 24) | (uint32_t(head[1]) << 16) | (uint32_t(head[2]) << 8) | head[3];
    payload.resize(n);
    if (!read_exact(fd, payload.data(), n, deadline)) return Worker::Status::died;
    return Worker::Status::ok;
  } catch (const std::chrono::milliseconds&) {
    return Worker::Status::timeout;
  }
}

std::unique_ptr<Worker> Worker::spawn(const WorkerCommand& command) {
  // A worker that dies while we write to it must not take the server along.
  static const bool ignored = [] { return signal(SIGPIPE, SIG_IGN) != SIG_ERR; }();
  (void)ignored;
  int req[2], ans[2];
  if (!high_pipe(req)) throw UserError(std::string("pipe: ") + std::strerror(errno));
  if (!high_pipe(ans)) {
    close(req[0]);
    close(req[1]);
    throw UserError(std::string("pipe: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, req[0], 3);
  posix_spawn_file_actions_adddup2(&actions, ans[1], 4);
  if (!command.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, command.cwd.c_str());
  std::vector<char*> argv, envp;
  for (const auto& a : command.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : command.env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  // The worker starts with no signal blocked and SIGPIPE/SIGINT/SIGTERM at their
  // defaults, whatever the server's threads block or ignore.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (int sig : {SIGPIPE, SIGINT, SIGTERM}) sigaddset(&defaults, sig);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  std::string program = find_program(command.argv[0], command.env);
  pid_t pid = -1;
  int rc = program.empty() ? ENOENT
                           : posix_spawn(&pid, program.c_str(), &actions, &attr, argv.data(), envp.data());
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  close(req[0]);
  close(ans[1]);
  if (rc != 0) {
    close(req[1]);
    close(ans[0]);
    throw UserError("Cannot start \"" + command.argv[0] + "\" for a local function: " + std::strerror(rc) +
                        ". Is it installed and on PATH?",
                    "LOCAL_RUNTIME_NOT_FOUND");
  }
  std::unique_ptr<Worker> w(new Worker());
  w->pid_ = pid;
  w->to_child_ = req[1];
  w->from_child_ = ans[0];
  return w;
}

Worker::~Worker() {
  if (to_child_ >= 0) close(to_child_);
  if (from_child_ >= 0) close(from_child_);
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    int status;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
}

Worker::Status Worker::call(const std::string& request, std::string& answer, std::chrono::milliseconds timeout) {
  if (!write_frame(to_child_, request)) return Status::died;
  auto deadline = timeout.count() < 0 ? Clock::time_point::max() : Clock::now() + timeout;
  return read_frame(from_child_, answer, deadline);
}

}  // namespace sls::local
