#include "aws/compile/function_version.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <memory>

#include "aws/compile/js_like.h"
#include "util/digest.h"
#include "util/error.h"

namespace sls::compile {
namespace {

struct Sha256 {
  digest::Sha256 h;
  void update(const void* data, size_t n) { h.update(data, n); }
  void update(std::string_view s) { h.update(s); }
  std::string base64() { return digest::base64(h.finish()); }
};

// ICU root-collation primary order of printable ASCII, as Node sorts it.
constexpr std::string_view kAsciiOrder =
    " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789aAbBcCdDeEfFgGhHiIjJkKlLmMnNoOpPqQrRsStTuUvVwWxXyYzZ";

int primary_weight(unsigned char c) {
  if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
  auto pos = kAsciiOrder.find(static_cast<char>(c));
  if (pos != std::string_view::npos) return static_cast<int>(pos);
  if (c < 0x20 || c == 0x7f) return -1;  // control characters: ignorable-ish, sort first
  return 1000 + c;                        // non-ASCII bytes after ASCII, by byte value
}

}  // namespace

std::string sha256_base64_of_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw UserError("Could not calculate hash for \"" + file.string() +
                    "\": the file cannot be read. Check that the artifact exists.");
  Sha256 sha;
  std::array<char, 65536> buf;
  while (in) {
    in.read(buf.data(), buf.size());
    if (in.gcount() > 0) sha.update(buf.data(), static_cast<size_t>(in.gcount()));
  }
  return sha.base64();
}

int locale_compare(std::string_view a, std::string_view b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    int wa = primary_weight(static_cast<unsigned char>(a[i]));
    int wb = primary_weight(static_cast<unsigned char>(b[i]));
    if (wa != wb) return wa < wb ? -1 : 1;
  }
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  for (size_t i = 0; i < n; ++i) {
    bool ua = std::isupper(static_cast<unsigned char>(a[i]));
    bool ub = std::isupper(static_cast<unsigned char>(b[i]));
    if (ua != ub) return ua ? 1 : -1;
  }
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

Json deep_sort_by_key(const Json& value) {
  if (value.is_array()) {
    Json out = Json::array();
    for (const auto& e : value) out.push_back(deep_sort_by_key(e));
    return out;
  }
  if (!value.is_object()) return value;
  std::vector<std::string> keys;
  for (auto it = value.begin(); it != value.end(); ++it) keys.push_back(it.key());
  std::stable_sort(keys.begin(), keys.end(),
                   [](const std::string& a, const std::string& b) { return locale_compare(a, b) < 0; });
  Json out = Json::object();
  for (const auto& k : keys) out[k] = deep_sort_by_key(value.at(k));
  return out;
}

std::string version_digest(const std::string& code_hash, std::vector<LayerHashInput> layers,
                           const Json& properties_for_hash) {
  Sha256 sha;
  sha.update(code_hash);
  // JavaScript's default sort: UTF-16 code units; byte order for these paths.
  std::stable_sort(layers.begin(), layers.end(), [](const LayerHashInput& a, const LayerHashInput& b) {
    return a.artifact_path < b.artifact_path;
  });
  for (const auto& layer : layers) sha.update(layer.code_hash);
  sha.update(js::stringify(deep_sort_by_key(properties_for_hash)));
  return sha.base64();
}

}  // namespace sls::compile
