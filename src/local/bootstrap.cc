#include "local/bootstrap.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <mutex>

#include "util/cache_dir.h"
#include "util/error.h"

namespace sls::local {

namespace fs = std::filesystem;

namespace {

std::string fnv_hex(const std::string& text) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

fs::path cache_root() {
  if (auto dir = user_cache_dir("local")) return *dir;
  return fs::temp_directory_path() / ("sls-local-" + std::to_string(getuid()));
}

}  // namespace

fs::path cached_script(const std::string& name, const std::string& text) {
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  std::error_code ec;
  for (const fs::path& root : {cache_root(), fs::temp_directory_path() / ("sls-local-" + std::to_string(getuid()))}) {
    fs::path file = root / (fnv_hex(text) + "-" + name);
    if (fs::exists(file, ec) && fs::file_size(file, ec) == text.size()) return file;
    fs::create_directories(root, ec);
    fs::path tmp = file;
    tmp += ".tmp" + std::to_string(getpid());
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      if (!out) continue;
      out << text;
      if (!out.flush()) continue;
    }
    fs::rename(tmp, file, ec);
    if (!ec) return file;
  }
  throw UserError("Cannot write the local runtime bootstrap " + name + " to a cache or temporary folder.",
                  "LOCAL_BOOTSTRAP_WRITE_FAILED");
}

RuntimeFamily runtime_family(const std::string& runtime) {
  if (runtime.rfind("nodejs", 0) == 0) return RuntimeFamily::node;
  if (runtime.rfind("python", 0) == 0) return RuntimeFamily::python;
  if (runtime == "provided" || runtime.rfind("provided.", 0) == 0) return RuntimeFamily::provided;
  return RuntimeFamily::unsupported;
}

fs::path bootstrap_path(RuntimeFamily family) {
  switch (family) {
    case RuntimeFamily::node: return cached_script("bootstrap.cjs", kNodeBootstrap);
    case RuntimeFamily::python: return cached_script("bootstrap.py", kPythonBootstrap);
    default: break;
  }
  throw UserError("No local bootstrap for this runtime.", "LOCAL_RUNTIME_NOT_SUPPORTED");
}

}  // namespace sls::local
