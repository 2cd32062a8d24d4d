// ASCII case helpers, for HTTP header names, methods and the like (what
// std::tolower does in the "C" locale, byte by byte).
#pragma once
#include <cctype>
#include <string>
#include <string_view>

namespace sls {

inline char ascii_lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

inline char ascii_upper(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }

inline std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_upper(c);
  return out;
}

// a and b equal but for case, without copying either.
inline bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

}  // namespace sls
