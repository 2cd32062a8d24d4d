#include "aws/compile/function_version.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <memory>

#include "util/js_like.h"
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

constexpr int weight_of(unsigned char c) {
  if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
  auto pos = kAsciiOrder.find(static_cast<char>(c));
  if (pos != std::string_view::npos) return static_cast<int>(pos);
  if (c < 0x20 || c == 0x7f) return -1;  // control characters: ignorable-ish, sort first
  return 1000 + c;                        // non-ASCII bytes after ASCII, by byte value
}

struct WeightTable {
  std::array<int, 256> weight{};
  constexpr WeightTable() {
    for (int c = 0; c < 256; ++c) weight[c] = weight_of(static_cast<unsigned char>(c));
  }
};

int primary_weight(unsigned char c) {
  static constexpr WeightTable kTable;  // weight_of for every byte, computed at compile time
  return kTable.weight[c];
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
    Json::array_t out;
    out.reserve(value.size());
    for (const auto& e : value) out.push_back(deep_sort_by_key(e));
    return Json(std::move(out));
  }
  if (!value.is_object()) return value;
  // Sorts the members in place of copies of their keys.
  const auto& members = value.get_ref<const Json::object_t&>();
  std::vector<const Json::object_t::value_type*> sorted;
  sorted.reserve(members.size());
  for (const auto& member : members) sorted.push_back(&member);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto* a, const auto* b) { return locale_compare(a->first, b->first) < 0; });
  Json out = Json::object();
  auto& out_members = out.get_ref<Json::object_t&>();
  for (const auto* member : sorted) out_members.emplace(member->first, deep_sort_by_key(member->second));
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
