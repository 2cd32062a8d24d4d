// What the user sees: the familiar osls look on stderr (notices, success
// lines, warnings, a spinner for long steps on a terminal), command results on
// stdout. One Output is made per run and passed down; nothing is global.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace sls::cli {

class Output {
 public:
  Output(bool verbose, bool debug);
  ~Output();
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  bool verbose() const { return verbose_; }
  bool debug_enabled() const { return debug_; }

  void notice(const std::string& text);             // always shown (stderr)
  void success(const std::string& text);            // "✔ text"
  void info(const std::string& text);               // --verbose only
  void debug(const std::string& text);              // --debug only
  void warning(const std::string& text);            // "Warning: text"
  void error(const std::string& message);           // "Error:\n<message>"
  void result(const std::string& text);             // stdout, the command's product

  // A spinner line ("⠋ Packaging (1s)") on a terminal until stop_progress();
  // a plain notice elsewhere.
  void start_progress(const std::string& text);
  void stop_progress();

  std::string aside(const std::string& text) const;  // dimmed on a color terminal
  std::string bold(const std::string& text) const;
  double elapsed_seconds() const;

 private:
  void write_err(const std::string& text);
  bool verbose_;
  bool debug_;
  bool tty_;
  bool color_;
  std::chrono::steady_clock::time_point start_;
  std::mutex mu_;
  std::string progress_text_;
  std::atomic<bool> spinning_{false};
  std::thread spinner_;
};

}  // namespace sls::cli
