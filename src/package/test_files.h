// Reading and writing whole files in the package tests.
#pragma once
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace sls::package::testing {

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

inline void spit(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

}  // namespace sls::package::testing
