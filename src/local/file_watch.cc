#include "local/file_watch.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <chrono>

namespace sls::local {

namespace fs = std::filesystem;

namespace {

constexpr uint32_t kMask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE;

bool skipped_dir(const std::string& name) {
  return name == "node_modules" || name == ".git" || name == ".serverless" || name == "__pycache__" ||
         name == ".esbuild";  // serverless-esbuild's bundles
}

// Only code: a log written into the folder, editor droppings or compiled
// caches do not change what a handler runs.
bool ignored_file(const std::string& name) {
  if (name.empty() || name.starts_with(".#")) return true;
  for (const char* ext : {".js", ".mjs", ".cjs", ".jsx", ".py", ".json", ".yml", ".yaml", ".ts", ".tsx", ".mts", ".cts"})
    if (name.ends_with(ext)) return false;
  if (name == "bootstrap") return false;  // a provided runtime's executable
  return true;
}

}  // namespace

FileWatch::FileWatch(const fs::path& root, std::function<void(const std::string&)> on_change,
                     std::vector<fs::path> skip)
    : on_change_(std::move(on_change)) {
  for (const auto& p : skip) {
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(p, ec);
    skip_.push_back(ec ? p : canonical);
  }
  fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ < 0) return;
  add_tree(root);
  thread_ = std::thread([this] { loop(); });
}

FileWatch::~FileWatch() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (fd_ >= 0) close(fd_);
}

bool FileWatch::skipped(const fs::path& dir) const {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(dir, ec);
  for (const auto& s : skip_)
    if ((ec ? dir : canonical) == s) return true;
  return false;
}

void FileWatch::add_tree(const fs::path& dir) {
  if (!skip_.empty() && skipped(dir)) return;
  int wd = inotify_add_watch(fd_, dir.c_str(), kMask);
  if (wd < 0) return;
  dirs_.emplace_back(wd, dir);
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_directory(ec) && !it->is_symlink(ec) && !skipped_dir(it->path().filename().string()))
      add_tree(it->path());
  }
}

void FileWatch::loop() {
  alignas(inotify_event) char buf[16384];
  std::string pending;
  auto last = std::chrono::steady_clock::now();
  while (!stop_) {
    pollfd p{fd_, POLLIN, 0};
    int r = poll(&p, 1, 50);
    if (r > 0) {
      ssize_t n;
      while ((n = read(fd_, buf, sizeof buf)) > 0) {
        for (char* at = buf; at < buf + n;) {
          auto* ev = reinterpret_cast<inotify_event*>(at);
          at += sizeof(inotify_event) + ev->len;
          std::string name = ev->len ? ev->name : "";
          fs::path dir;
          for (const auto& [wd, d] : dirs_)
            if (wd == ev->wd) dir = d;
          if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO)) && !skipped_dir(name)) {
            add_tree(dir / name);
            continue;
          }
          if (ev->mask & IN_ISDIR || ignored_file(name)) continue;
          pending = (dir / name).string();
          last = std::chrono::steady_clock::now();
        }
      }
    }
    // One call per burst: 100 ms after the last change.
    if (!pending.empty() && std::chrono::steady_clock::now() - last > std::chrono::milliseconds(100)) {
      on_change_(pending);
      pending.clear();
    }
  }
}

}  // namespace sls::local
