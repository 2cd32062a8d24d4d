// Running commands to completion, several at a time: each one's stdout and
// stderr are captured together (into an unlinked temporary file).
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sls {

struct ProcessResult {
  int exit_code = -1;  // 128 + N when killed by signal N; -1 when it could not start
  std::string output;  // stdout and stderr, interleaved
};

// Runs every argv (argv[0] a path) in `cwd`, at most `parallel` at once
// (0: the number of cores); results in the order of `commands`.
std::vector<ProcessResult> run_processes(const std::vector<std::vector<std::string>>& commands,
                                         const std::filesystem::path& cwd, unsigned parallel = 0);

// `name` in the first folder of $PATH that has it as an executable (a name
// with a slash is taken as it is).
std::optional<std::filesystem::path> find_program(const std::string& name);

// The same on a colon-separated folder list (an empty entry is ".").
std::optional<std::filesystem::path> find_program_in(const std::string& name, const std::string& path_list);

}  // namespace sls
