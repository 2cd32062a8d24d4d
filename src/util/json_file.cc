#include "util/json_file.h"

#include <fstream>

namespace sls {

Json read_json_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return Json();
  try {
    return Json::parse(in);
  } catch (...) {
    return Json();
  }
}

}  // namespace sls
