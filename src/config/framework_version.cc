#include "config/framework_version.h"

#include <cctype>
#include <limits>
#include <sstream>
#include <vector>

#include "util/error.h"

namespace sls::config {
namespace {

constexpr long long kAny = -1;  // an x / * / missing part
const SemVer kInfinity{std::numeric_limits<long long>::max(), 0, 0};

// A half-open interval [low, high) of versions.
struct Interval {
  SemVer low{0, 0, 0};
  SemVer high = kInfinity;
};

struct Partial {
  long long part[3] = {kAny, kAny, kAny};
  int given() const { return part[0] == kAny ? 0 : part[1] == kAny ? 1 : part[2] == kAny ? 2 : 3; }
  SemVer floor() const { return {std::max(part[0], 0LL), std::max(part[1], 0LL), std::max(part[2], 0LL)}; }
  // The first version after every version the partial names: 1.2 -> 1.3.0, 1 -> 2.0.0, 1.2.3 -> 1.2.4.
  SemVer next() const {
    switch (given()) {
      case 0: return kInfinity;
      case 1: return {part[0] + 1, 0, 0};
      case 2: return {part[0], part[1] + 1, 0};
      default: return {part[0], part[1], part[2] + 1};
    }
  }
};

bool is_wild(const std::string& s) { return s == "x" || s == "X" || s == "*"; }

// "v1.2.x", "=1", "1.2.3-beta+b" -> parts; nullopt when malformed.
std::optional<Partial> parse_partial(std::string s) {
  if (!s.empty() && (s[0] == 'v' || s[0] == 'V' || s[0] == '=')) s.erase(0, 1);
  if (auto cut = s.find_first_of("-+"); cut != std::string::npos) s.resize(cut);
  Partial p;
  if (s.empty()) return p;
  std::stringstream in(s);
  std::string piece;
  int i = 0;
  bool wild = false;
  while (std::getline(in, piece, '.')) {
    if (i == 3 || piece.empty()) return std::nullopt;
    if (is_wild(piece)) {
      wild = true;
    } else {
      if (wild || piece.size() > 15) return std::nullopt;
      for (char c : piece)
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
      p.part[i] = std::stoll(piece);
    }
    ++i;
  }
  if (!s.empty() && s.back() == '.') return std::nullopt;
  return p;
}

Interval caret(const Partial& p) {
  SemVer low = p.floor();
  if (p.given() == 0) return {};
  if (p.part[0] > 0 || p.given() == 1) return {low, {p.part[0] + 1, 0, 0}};
  if (p.part[1] > 0 || p.given() == 2) return {low, {0, p.part[1] + 1, 0}};
  return {low, {0, 0, p.part[2] + 1}};
}

Interval tilde(const Partial& p) {
  if (p.given() <= 1) return {p.floor(), p.next()};
  return {p.floor(), {p.part[0], p.part[1] + 1, 0}};
}

// One comparator ("^1.2", ">=3", "1.x") as an interval.
std::optional<Interval> comparator(const std::string& op, const std::string& version) {
  auto p = parse_partial(version);
  if (!p) return std::nullopt;
  if (op == "^") return caret(*p);
  if (op == "~" || op == "~>") return tilde(*p);
  if (op == ">=") return Interval{p->floor(), kInfinity};
  if (op == ">") return p->given() == 0 ? Interval{kInfinity, kInfinity} : Interval{p->next(), kInfinity};
  if (op == "<") return Interval{{0, 0, 0}, p->given() == 0 ? SemVer{0, 0, 0} : p->floor()};
  if (op == "<=") return Interval{{0, 0, 0}, p->next()};
  return Interval{p->floor(), p->next()};  // "=", "" or an x-range
}

std::vector<std::string> words(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// Splits "<" "=" ... off a word; an operator alone ("> 1") takes the next word.
std::optional<Interval> next_comparator(const std::vector<std::string>& w, size_t& i) {
  std::string word = w[i++];
  size_t n = 0;
  while (n < word.size() && std::string_view("<>=~^").find(word[n]) != std::string_view::npos) ++n;
  std::string op = word.substr(0, n), version = word.substr(n);
  if (op == "=") op.clear();
  if (!op.empty() && op != "^" && op != "~" && op != "~>" && op != ">" && op != ">=" && op != "<" && op != "<=")
    return std::nullopt;
  if (version.empty() && !op.empty()) {
    if (i == w.size()) return std::nullopt;
    version = w[i++];
  }
  return comparator(op, version);
}

// One "||" alternative: comparators that all hold, or a hyphen range "a - b".
std::optional<Interval> alternative(const std::string& text) {
  std::vector<std::string> w = words(text);
  if (w.size() == 3 && w[1] == "-") {
    auto a = parse_partial(w[0]), b = parse_partial(w[2]);
    if (!a || !b) return std::nullopt;
    return Interval{a->floor(), b->next()};
  }
  Interval all;
  for (size_t i = 0; i < w.size();) {
    auto one = next_comparator(w, i);
    if (!one) return std::nullopt;
    all.low = std::max(all.low, one->low);
    all.high = std::min(all.high, one->high);
  }
  return all;
}

}  // namespace

std::optional<bool> semver_range_admits(const std::string& range, SemVer low, SemVer high) {
  bool admits = false;
  size_t start = 0;
  while (true) {
    size_t bar = range.find("||", start);
    auto interval = alternative(range.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
    if (!interval) return std::nullopt;
    admits = admits || std::max(interval->low, low) < std::min(interval->high, high);
    if (bar == std::string::npos) return admits;
    start = bar + 2;
  }
}

std::optional<std::string> check_framework_version(const Json& config, const std::string& file_name) {
  if (!config.is_object()) return std::nullopt;
  auto it = config.find("frameworkVersion");
  if (it == config.end() || !it->is_string() || it->get<std::string>().empty()) return std::nullopt;
  const std::string range = it->get<std::string>();
  // Serverless Framework 3 (any 3.x) or osls 4.3.1.
  auto v3 = semver_range_admits(range, {3, 0, 0}, {4, 0, 0});
  auto osls = semver_range_admits(range, {4, 3, 1}, {4, 3, 2});
  if (!v3) {
    auto mode = config.find("configValidationMode");
    bool relaxed = mode != config.end() && (*mode == "warn" || *mode == "off");
    if (!relaxed)
      throw UserError("Configured \"frameworkVersion\" does not represent a valid semver version range.",
                      "INVALID_FRAMEWORK_VERSION");
    return "Configured \"frameworkVersion\" does not represent a valid semver version range, version validation is "
           "skipped";
  }
  if (*v3 || *osls) return std::nullopt;
  throw UserError("The osls version (4.3.1) does not satisfy the \"frameworkVersion\" (" + range + ") in " +
                      file_name + ", and neither does Serverless Framework 3 (3.x): sls stands for both.",
                  "FRAMEWORK_VERSION_MISMATCH");
}

}  // namespace sls::config
