// Byte counts as osls prints them (lib/utils/filesize.js): base 1000, one
// decimal below 9 of a unit ("1.7 kB", "12 kB", "999 B").
#pragma once
#include <cstdint>
#include <string>

namespace sls::aws::deploy {

std::string file_size_text(std::uintmax_t bytes);

}  // namespace sls::aws::deploy
