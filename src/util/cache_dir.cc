#include "util/cache_dir.h"

#include <cstdlib>

namespace sls {

std::optional<std::filesystem::path> user_cache_dir(std::string_view sub) {
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::filesystem::path(x) / "sls" / sub;
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::filesystem::path(home) / ".cache" / "sls" / sub;
  return std::nullopt;
}

}  // namespace sls
