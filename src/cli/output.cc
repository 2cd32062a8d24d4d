#include "cli/output.h"

#include <unistd.h>

#include <cstdlib>

namespace sls::cli {

namespace {
const char* const kFrames[] = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
}

Output::Output(bool verbose, bool debug)
    : verbose_(verbose || debug), debug_(debug), start_(std::chrono::steady_clock::now()) {
  tty_ = isatty(STDERR_FILENO) != 0;
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  color_ = tty_ && !(no_color && *no_color) && !(term && std::string(term) == "dumb");
}

Output::~Output() { stop_progress(); }

double Output::elapsed_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

std::string Output::aside(const std::string& text) const {
  return color_ ? "\x1b[90m" + text + "\x1b[39m" : text;
}
std::string Output::bold(const std::string& text) const {
  return color_ ? "\x1b[1m" + text + "\x1b[22m" : text;
}

void Output::write_err(const std::string& text) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string line = spinning_ ? "\r\x1b[K" : "";
  line += text;
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stderr);  // stderr is unbuffered: one write per line
  std::fflush(stderr);
}

void Output::notice(const std::string& text) { write_err(text); }
void Output::success(const std::string& text) {
  write_err((color_ ? "\x1b[32m✔\x1b[39m " : "✔ ") + text);
}
void Output::info(const std::string& text) {
  if (verbose_) write_err(text);
}
void Output::debug(const std::string& text) {
  if (!debug_) return;
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "[%7.1fms] ", elapsed_seconds() * 1000);
  write_err(aside(std::string("sls:debug ") + stamp + text));
}
void Output::warning(const std::string& text) {
  write_err((color_ ? "\x1b[33mWarning:\x1b[39m " : "Warning: ") + text);
}
void Output::error(const std::string& message) {
  stop_progress();
  write_err("");
  write_err((color_ ? "\x1b[31mError:\x1b[39m\n" : "Error:\n") + message);
}
void Output::result(const std::string& text) {
  std::lock_guard<std::mutex> lock(mu_);
  std::fputs(text.c_str(), stdout);
  if (text.empty() || text.back() != '\n') std::fputc('\n', stdout);
  std::fflush(stdout);
}

void Output::start_progress(const std::string& text) {
  stop_progress();
  if (!tty_) {
    info(text);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    progress_text_ = text;
  }
  spinning_ = true;
  auto started = std::chrono::steady_clock::now();
  spinner_ = std::thread([this, started] {
    for (int frame = 0; spinning_; ++frame) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (!spinning_) break;
        int secs = static_cast<int>(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        std::fprintf(stderr, "\r\x1b[K%s %s %s", kFrames[frame % 10], progress_text_.c_str(),
                     aside("(" + std::to_string(secs) + "s)").c_str());
        std::fflush(stderr);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(80));
    }
  });
}

void Output::stop_progress() {
  if (!spinning_.exchange(false)) return;
  if (spinner_.joinable()) spinner_.join();
  std::lock_guard<std::mutex> lock(mu_);
  std::fputs("\r\x1b[K", stderr);
  std::fflush(stderr);
}

}  // namespace sls::cli
