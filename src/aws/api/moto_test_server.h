// Test support: a moto_server on a free loopback port, in its own process
// group, for the end-to-end gtests (MotoE2E*). Loopback only.
#pragma once
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <thread>

#include "aws/api/http.h"

extern char** environ;

namespace sls::aws::api {

class MotoTestServer {
 public:
  static bool on_path(const std::string& program) {
    const char* path = std::getenv("PATH");
    if (!path) return false;
    std::string_view rest(path);
    while (!rest.empty()) {
      auto colon = rest.find(':');
      std::filesystem::path candidate = std::filesystem::path(std::string(rest.substr(0, colon))) / program;
      if (::access(candidate.c_str(), X_OK) == 0) return true;
      if (colon == std::string_view::npos) break;
      rest.remove_prefix(colon + 1);
    }
    return false;
  }

  // Starts moto and waits until it answers; false when moto_server is not installed.
  bool start() {
    if (!on_path("moto_server")) return false;
    port_ = free_port();
    std::string port = std::to_string(port_);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&files, 2, "/dev/null", O_WRONLY, 0);
    const char* argv[] = {"moto_server", "-H", "127.0.0.1", "-p", port.c_str(), nullptr};
    if (posix_spawnp(&pid_, "moto_server", &files, &attr, const_cast<char**>(argv), environ) != 0) pid_ = 0;
    posix_spawn_file_actions_destroy(&files);
    posix_spawnattr_destroy(&attr);
    if (!pid_) return false;
    HttpClient probe;
    for (int i = 0; i < 300; ++i) {
      try {
        if (probe.send({"GET", origin() + "/moto-api/", {}, ""}).status == 200) return true;
      } catch (const TransportError&) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return true;  // started; the tests will report what does not answer
  }

  void stop() {
    if (pid_ > 0) {
      ::kill(-pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
      pid_ = 0;
    }
  }

  bool running() const { return pid_ > 0; }
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  static int free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
  }

  pid_t pid_ = 0;
  int port_ = 0;
};

}  // namespace sls::aws::api
