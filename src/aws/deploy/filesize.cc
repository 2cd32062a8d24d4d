#include "aws/deploy/filesize.h"

#include <cmath>
#include <cstdio>

namespace sls::aws::deploy {

std::string file_size_text(std::uintmax_t bytes) {
  static const char* units[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
  std::uintmax_t significant = bytes;
  while (significant >= 1000) significant /= 1000;
  const int round = significant >= 9 ? 0 : 1;
  int exponent = bytes == 0 ? 0 : static_cast<int>(std::floor(std::log(static_cast<double>(bytes)) / std::log(1000.0)));
  if (exponent > 8) exponent = 8;
  double value = 0;
  if (bytes != 0) {
    double precision = std::pow(10.0, exponent > 0 ? round : 0);
    value = std::round(static_cast<double>(bytes) / std::pow(1000.0, exponent) * precision) / precision;
    if (value == 1000 && exponent < 8) {
      value = 1;
      exponent += 1;
    }
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.1f", value);
  std::string text = buf;
  if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) text.resize(text.size() - 2);
  return text + " " + units[exponent];
}

}  // namespace sls::aws::deploy
