// `.env` support as osls 4.3.1 applies it when `useDotenv: true`: loads
// `.env.<stage>` (or else `.env`) from the service folder with the rules of the
// dotenv (v17) and dotenv-expand (v13) packages. Existing non-empty variables win.
#pragma once
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sls::config::vars {

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

// KEY=value pairs of a .env text, in order (a repeated key keeps its first
// position and its last value).
std::vector<std::pair<std::string, std::string>> parse_dotenv(std::string_view text);

// Loads the .env file for `stage` from `dir` into `overlay` (variables that
// take precedence over `getenv`). Returns false when neither file exists.
bool load_dotenv(const std::filesystem::path& dir, const std::string& stage,
                 const EnvLookup& getenv, std::map<std::string, std::string>& overlay);

}  // namespace sls::config::vars
