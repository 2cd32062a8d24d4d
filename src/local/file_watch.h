// Watches a service folder (inotify, recursively; node_modules, .git,
// .serverless, .esbuild and the `skip` folders left out) and calls `on_change`
// once per burst of changes to code and config files (.js, .mjs, .cjs, .jsx,
// .py, .json, .yml, .yaml, .ts, .tsx, .mts, .cts, a
// provided runtime's `bootstrap`; a save that writes, renames and touches a
// file is one call).
#pragma once
#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace sls::local {

class FileWatch {
 public:
  FileWatch(const std::filesystem::path& root, std::function<void(const std::string& file)> on_change,
            std::vector<std::filesystem::path> skip = {});
  ~FileWatch();
  FileWatch(const FileWatch&) = delete;
  FileWatch& operator=(const FileWatch&) = delete;
  bool active() const { return fd_ >= 0; }

 private:
  void add_tree(const std::filesystem::path& dir);
  void loop();

  int fd_ = -1;
  bool skipped(const std::filesystem::path& dir) const;

  std::function<void(const std::string&)> on_change_;
  std::vector<std::filesystem::path> skip_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::vector<std::pair<int, std::filesystem::path>> dirs_;  // watch descriptor -> folder
};

}  // namespace sls::local
