#include "local/worker.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/uio.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <deque>
#include <vector>
#include <cerrno>
#include <cstring>

#include <utility>
#include <boost/asio.hpp>

#include "local/reactor.h"
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

// A frame's 4-byte big-endian length.
void put_length(uint32_t n, unsigned char head[4]) {
  for (int i = 0; i < 4; ++i) head[i] = static_cast<unsigned char>(n >> (24 - 8 * i));
}

uint32_t get_length(const unsigned char head[4]) {
  return (uint32_t(head[0]) << 24) | (uint32_t(head[1]) << 16) | (uint32_t(head[2]) << 8) | head[3];
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
  unsigned char head[4];
  put_length(n, head);
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
    uint32_t n = get_length(head);
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

namespace asio = boost::asio;

// The two pipe ends driven by the loop, and the calls whose answers are owed, oldest first. Its
// handlers hold it, so a worker destroyed first (`gone`) leaves them something to look at.
struct Worker::Pipes {
  struct Call {
    unsigned char head[4];
    std::string payload;
    Done done;
  };
  asio::posix::stream_descriptor out, in;
  std::vector<char> buffer = std::vector<char>(16384);  // bytes read from the worker: the first `used`
  size_t used = 0;
  std::deque<std::shared_ptr<Call>> owed;    // sent or being sent, answer not yet read
  std::deque<std::shared_ptr<Call>> unsent;  // waiting for the write before them
  bool writing = false, reading = false, delivering = false, gone = false;
  Pipes(asio::io_context& io, int to_child, int from_child) : out(io, to_child), in(io, from_child) {}
};

namespace {

using Pipes = Worker::Pipes;

// Every owed call ends as died (the worker's pipes failed), oldest first, while the worker is there.
void fail_owed(const std::shared_ptr<Pipes>& p) {
  while (!p->gone && !p->owed.empty()) {
    auto call = std::move(p->owed.front());
    p->owed.pop_front();
    call->done(Worker::Status::died, {});
  }
}

void write_next(const std::shared_ptr<Pipes>& p) {
  if (p->writing || p->unsent.empty()) return;
  auto call = std::move(p->unsent.front());
  p->unsent.pop_front();
  p->writing = true;
  std::array<asio::const_buffer, 2> frame{asio::buffer(call->head), asio::buffer(call->payload)};
  asio::async_write(p->out, frame, [p, call](const boost::system::error_code& ec, size_t) {
    p->writing = false;
    if (p->gone) return;
    if (ec) return fail_owed(p);
    call->payload = std::string();  // sent: only its answer is owed now
    write_next(p);
  });
}

// Hands every whole answer frame in the buffer to the oldest owed call, then reads on while
// answers are owed (usually one read per answer: header and payload together).
void read_answers(const std::shared_ptr<Pipes>& p) {
  if (p->delivering) return;  // a `done` that sends a further call: the loop below goes on with it
  p->delivering = true;
  std::vector<char>& buf = p->buffer;
  size_t need = 4;
  while (!p->gone && !p->owed.empty() && p->used >= 4) {
    size_t len = get_length(reinterpret_cast<const unsigned char*>(buf.data()));
    need = 4 + len;
    if (p->used < need) break;
    std::string answer(buf.data() + 4, len);
    std::memmove(buf.data(), buf.data() + need, p->used - need);  // the next answer may follow it
    p->used -= need;
    need = 4;
    auto call = std::move(p->owed.front());
    p->owed.pop_front();
    call->done(Worker::Status::ok, std::move(answer));  // may destroy the worker (gone) or send again
  }
  p->delivering = false;
  if (p->gone || p->owed.empty() || p->reading) return;
  if (buf.size() < need) buf.resize(need);
  p->reading = true;
  p->in.async_read_some(asio::buffer(buf.data() + p->used, buf.size() - p->used),
                        [p](const boost::system::error_code& ec, size_t n) {
                          p->reading = false;
                          if (p->gone) return;  // the worker went first: touch nothing of it
                          if (ec) return fail_owed(p);
                          p->used += n;
                          read_answers(p);
                        });
}

}  // namespace

void Worker::call_async(Reactor& reactor, std::string request, Done done) {
  if (!pipes_) {
    pipes_ = std::make_shared<Pipes>(reactor.io(), to_child_, from_child_);
    to_child_ = from_child_ = -1;  // the descriptors own them now
  }
  auto call = std::make_shared<Pipes::Call>();
  put_length(static_cast<uint32_t>(request.size()), call->head);
  call->payload = std::move(request);
  call->done = std::move(done);
  pipes_->owed.push_back(call);
  pipes_->unsent.push_back(std::move(call));
  write_next(pipes_);
  read_answers(pipes_);
}

void Worker::call_on_thread(Reactor& reactor, std::string request, Done done) {
  join_caller();
  auto abandoned = std::make_shared<std::atomic<bool>>(false);
  abandoned_ = abandoned;
  caller_ = std::thread([this, &reactor, abandoned, request = std::move(request), done = std::move(done)] {
    std::string answer;
    Status status = call(request, answer, std::chrono::milliseconds(-1));  // the caller ends an overrun
    reactor.post([abandoned, status, answer = std::move(answer), done]() mutable {
      if (!*abandoned) done(status, std::move(answer));
    });
  });
}

void Worker::join_caller() {
  if (caller_.joinable()) caller_.join();
}

Worker::Worker() = default;

Worker::~Worker() {
  if (abandoned_) *abandoned_ = true;
  join_caller();
  if (pipes_) {  // calls still owed are abandoned: their handlers find the pipes gone
    pipes_->gone = true;
    boost::system::error_code ignored;
    pipes_->out.close(ignored);
    pipes_->in.close(ignored);
    pipes_->owed.clear();
    pipes_->unsent.clear();
    pipes_.reset();
  }
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
