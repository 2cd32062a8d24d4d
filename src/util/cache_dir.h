// The user's cache folder for sls: $XDG_CACHE_HOME/sls/<sub>, else
// ~/.cache/sls/<sub>; none when neither variable is set.
#pragma once
#include <filesystem>
#include <optional>
#include <string_view>

namespace sls {

std::optional<std::filesystem::path> user_cache_dir(std::string_view sub);

}  // namespace sls
