// Reading a JSON file (package.json and the like) where a missing or broken
// file simply means "nothing there".
#pragma once
#include <filesystem>

#include "util/json.h"

namespace sls {

// The parsed file, or null when it cannot be read or is not valid JSON.
Json read_json_file(const std::filesystem::path& file);

}  // namespace sls
