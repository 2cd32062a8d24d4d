#include "util/json_write.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "util/js_order.h"

namespace sls {

namespace {

// Writes go through a raw pointer into the string (sized ahead of the
// pointer, kChunk at a time). Fixed-size copies (indentation in 16-space
// blocks, the last 1..7 bytes of a string as 8) may store up to kOvershoot
// bytes past the text they add, so need() asks for that much extra room.
constexpr size_t kOvershoot = 16;
constexpr size_t kChunk = 2048;

constexpr char kSpaces[kOvershoot + 1] = "                ";
constexpr char kHex[] = "0123456789abcdef";

// Index (0..7) of the first byte of `w` (little-endian) that needs escaping
// or UTF-8 checking: < 0x20, '"', '\\' or >= 0x80; 8 if there is none.
inline size_t first_special(uint64_t w) {
#ifdef __SSE2__
  __m128i v = _mm_cvtsi64_si128(static_cast<long long>(w));
  // Signed compare: bytes < 0x20 and >= 0x80 are both "less than" ' '.
  __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
                              _mm_cmplt_epi8(v, _mm_set1_epi8(' ')));
  return static_cast<size_t>(std::countr_zero(static_cast<unsigned>(_mm_movemask_epi8(hits)) | 0x100u));
#else
  // SWAR: the high bit of each special byte. Borrows may set bits above
  // the first special byte, never below it.
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHighBits = 0x8080808080808080ULL;
  uint64_t quote = w ^ (kOnes * '"');
  uint64_t backslash = w ^ (kOnes * '\\');
  uint64_t control = (w - kOnes * 0x20) & ~w;
  uint64_t hits = (control | ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash) | w) & kHighBits;
  return hits == 0 ? 8 : static_cast<size_t>(std::countr_zero(hits)) / 8;
#endif
}

// The 1..7 bytes at s in the low bytes of a word (little-endian), the rest
// zero, read without touching memory past them.
inline uint64_t load_short(const char* s, size_t r) {
  if (r >= 4) {
    uint32_t lo, hi;
    std::memcpy(&lo, s, 4);
    std::memcpy(&hi, s + r - 4, 4);  // overlaps lo when r < 8
    return uint64_t{lo} | (uint64_t{hi} << (8 * (r - 4)));
  }
  uint64_t first = static_cast<unsigned char>(s[0]);
  uint64_t middle = static_cast<unsigned char>(s[r / 2]);
  uint64_t last = static_cast<unsigned char>(s[r - 1]);
  return first | (middle << (8 * (r / 2))) | (last << (8 * (r - 1)));
}

inline bool is_plain(unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; }

// nlohmann's hex_bytes: two uppercase hex digits.
std::string hex_byte(unsigned char b) {
  const char* digits = "0123456789ABCDEF";
  return {digits[b >> 4], digits[b & 15]};
}

[[noreturn]] void invalid_byte(std::string_view s, size_t at) {
  throw Json::type_error::create(
      316, "invalid UTF-8 byte at index " + std::to_string(at) + ": 0x" + hex_byte(static_cast<unsigned char>(s[at])),
      nullptr);
}

[[noreturn]] void incomplete(std::string_view s) {
  throw Json::type_error::create(
      316, "incomplete UTF-8 string; last byte: 0x" + hex_byte(static_cast<unsigned char>(s.back())), nullptr);
}

// Length of the well-formed UTF-8 sequence starting at s[i] (a byte >= 0x80),
// with the errors nlohmann's decoder reports: the first byte that cannot
// continue the sequence, or an incomplete sequence at the end of the string.
size_t utf8_sequence(std::string_view s, size_t i) {
  unsigned char lead = static_cast<unsigned char>(s[i]);
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
  if (lead < 0xC2) {
    invalid_byte(s, i);
  } else if (lead < 0xE0) {
    len = 2;
  } else if (lead < 0xF0) {
    len = 3;
    if (lead == 0xE0) lo = 0xA0;
    if (lead == 0xED) hi = 0x9F;  // no surrogates
  } else if (lead < 0xF5) {
    len = 4;
    if (lead == 0xF0) lo = 0x90;
    if (lead == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    invalid_byte(s, i);
  }
  for (size_t k = 1; k < len; ++k) {
    if (i + k >= s.size()) incomplete(s);
    unsigned char c = static_cast<unsigned char>(s[i + k]);
    if (c < lo || c > hi) invalid_byte(s, i + k);
    lo = 0x80;
    hi = 0xBF;
  }
  return len;
}

}  // namespace

JsonWriter::JsonWriter(std::string& out, int indent, unsigned depth, KeyOrder order)
    : out_(out), pretty_(indent >= 0), js_order_(order == KeyOrder::javascript), step_(indent >= 0 ? static_cast<unsigned>(indent) : 0), depth_(depth) {
  p_ = end_ = out_.data() + out_.size();
}

JsonWriter::~JsonWriter() { finish(); }

void JsonWriter::finish() {
  if (finished_) return;
  finished_ = true;
  out_.resize(static_cast<size_t>(p_ - out_.data()));
  end_ = p_;  // no room left: a later write reaches grow(), which refuses it
}

void JsonWriter::grow(size_t n) {
  if (finished_) throw std::logic_error("JsonWriter: write after finish()");
  // The string is sized a small chunk at a time, as resize() zero-fills what
  // it adds: only what is about to be written is touched, and the caller's
  // reserve() is used as it is (past it, std::string grows geometrically).
  size_t used = static_cast<size_t>(p_ - out_.data());
  size_t step = kChunk;
  out_.resize(used + std::max(n, step));
  p_ = out_.data() + used;
  end_ = out_.data() + out_.size();
}

void JsonWriter::put(const char* s, size_t n) {
  need(n);
  std::memcpy(p_, s, n);
  p_ += n;
}

// A new line indented `depth` levels.
void JsonWriter::newline_indent(unsigned depth) {
  size_t n = static_cast<size_t>(depth) * step_;
  need(n + 1 + kOvershoot);
  char* p = p_;  // a local: stores through char* could alias a member
  *p++ = '\n';
  for (size_t k = 0; k < n; k += kOvershoot) std::memcpy(p + k, kSpaces, kOvershoot);
  p_ = p + n;
}

void JsonWriter::write_string(std::string_view s) {
  const char* src = s.data();
  const size_t n = s.size();
  need(n + 2 + kOvershoot);
  // Room invariant: at least (n - i) + 1 + kOvershoot bytes free at p.
  char* p = p_;
  *p++ = '"';
  size_t i = 0;
  for (;;) {
    if constexpr (std::endian::native == std::endian::little) {
      // Plain bytes are copied in blocks (16, then 8, then the last 1..7 as
      // one word); the first special byte ends the run.
      bool special = false;
#ifdef __SSE2__
      const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(' ');
      while (n - i >= 16) {
        __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(p), block);
        // Signed compare: bytes < 0x20 and >= 0x80 are both "less than" ' '.
        __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, quote), _mm_cmpeq_epi8(block, backslash)),
                                    _mm_cmplt_epi8(block, space));
        unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hits));
        if (mask != 0) {
          size_t plain = static_cast<size_t>(std::countr_zero(mask));
          i += plain;
          p += plain;
          special = true;
          break;
        }
        i += 16;
        p += 16;
      }
#endif
      // Then a word at a time: 8 bytes, or the last 1..7 (zero-padded, and
      // 0 counts as special, so the padding stops the run).
      while (!special && i < n) {
        size_t r = n - i;
        uint64_t w;
        if (r >= 8) {
          std::memcpy(&w, src + i, 8);
          r = 8;
        } else {
          w = load_short(src + i, r);
        }
        std::memcpy(p, &w, 8);
        size_t plain = first_special(w);
        if (plain < r) {
          i += plain;
          p += plain;
          special = true;
          break;
        }
        i += r;
        p += r;
      }
    } else {
      while (i < n && is_plain(static_cast<unsigned char>(src[i]))) *p++ = src[i++];
    }
    if (i == n) break;

    unsigned char c = static_cast<unsigned char>(src[i]);
    if (c >= 0x80) {
      size_t len = utf8_sequence(s, i);
      std::memcpy(p, src + i, len);
      p += len;
      i += len;
      continue;
    }
    p_ = p;
    need(n - i + 6 + 1 + kOvershoot);
    p = p_;
    *p++ = '\\';
    switch (c) {
      case '"': *p++ = '"'; break;
      case '\\': *p++ = '\\'; break;
      case '\b': *p++ = 'b'; break;
      case '\f': *p++ = 'f'; break;
      case '\n': *p++ = 'n'; break;
      case '\r': *p++ = 'r'; break;
      case '\t': *p++ = 't'; break;
      default:
        *p++ = 'u';
        *p++ = '0';
        *p++ = '0';
        *p++ = kHex[c >> 4];
        *p++ = kHex[c & 15];
    }
    ++i;
  }
  *p++ = '"';
  p_ = p;
}

template <typename Int>
void JsonWriter::write_integer(Int i) {
  need(24);
  p_ = std::to_chars(p_, p_ + 24, i).ptr;
}

void JsonWriter::write_double(double d) {
  if (!std::isfinite(d)) {
    put("null", 4);
    return;
  }
  // nlohmann's own shortest round-trip formatting (Grisu2), as dump() uses it.
  need(64);
  p_ = nlohmann::detail::to_chars(p_, p_ + 64, d);
}

void JsonWriter::write_binary(const Json::binary_t& b, unsigned depth) {
  const char* sep = pretty_ ? ", " : ",";
  size_t sep_len = pretty_ ? 2 : 1;
  if (pretty_) {
    put("{", 1);
    newline_indent(depth + 1);
    put("\"bytes\": [", 10);
  } else {
    put("{\"bytes\":[", 10);
  }
  for (size_t k = 0; k < b.size(); ++k) {
    if (k > 0) put(sep, sep_len);
    write_integer(b[k]);
  }
  if (pretty_) {
    put("],", 2);
    newline_indent(depth + 1);
    put("\"subtype\": ", 11);
  } else {
    put("],\"subtype\":", 12);
  }
  if (b.has_subtype()) {
    write_integer(b.subtype());
  } else {
    put("null", 4);
  }
  if (pretty_) newline_indent(depth);
  put("}", 1);
}

void JsonWriter::write(const Json& v, unsigned depth) {
  switch (v.type()) {
    case Json::value_t::object: {
      const auto& members = *v.get_ptr<const Json::object_t*>();
      if (members.empty()) {
        put("{}", 2);
        return;
      }
      put("{", 1);
      if (js_order_ && js::has_array_index_key(members)) {
        bool first = true;
        for (size_t i : js::key_order(members)) {
          const auto& [k, member] = *(members.begin() + static_cast<std::ptrdiff_t>(i));
          write_member(k, member, first, depth);
          first = false;
        }
      } else {
        bool first = true;
        for (const auto& [k, member] : members) {
          write_member(k, member, first, depth);
          first = false;
        }
      }
      if (pretty_) newline_indent(depth);
      put("}", 1);
      return;
    }
    case Json::value_t::array: {
      const auto& items = *v.get_ptr<const Json::array_t*>();
      if (items.empty()) {
        put("[]", 2);
        return;
      }
      put("[", 1);
      bool first = true;
      for (const Json& item : items) {
        if (!first) put(",", 1);
        first = false;
        if (pretty_) newline_indent(depth + 1);
        write(item, depth + 1);
      }
      if (pretty_) newline_indent(depth);
      put("]", 1);
      return;
    }
    case Json::value_t::string:
      write_string(*v.get_ptr<const Json::string_t*>());
      return;
    case Json::value_t::boolean:
      if (v.get<bool>()) {
        put("true", 4);
      } else {
        put("false", 5);
      }
      return;
    case Json::value_t::number_integer:
      write_integer(*v.get_ptr<const Json::number_integer_t*>());
      return;
    case Json::value_t::number_unsigned:
      write_integer(*v.get_ptr<const Json::number_unsigned_t*>());
      return;
    case Json::value_t::number_float:
      write_double(*v.get_ptr<const Json::number_float_t*>());
      return;
    case Json::value_t::binary:
      write_binary(*v.get_ptr<const Json::binary_t*>(), depth);
      return;
    case Json::value_t::discarded:
      put("<discarded>", 11);
      return;
    case Json::value_t::null:
      put("null", 4);
      return;
  }
}

// Streaming.

void JsonWriter::before_value() {
  if (frames_.empty()) return;
  Frame& top = frames_.back();
  if (top.object) {
    if (!after_key_) throw std::logic_error("JsonWriter: object member value without key()");
    after_key_ = false;
    return;
  }
  if (!top.empty) put(",", 1);
  top.empty = false;
  if (pretty_) newline_indent(depth_);
}

void JsonWriter::value(const Json& v) {
  before_value();
  write(v, depth_);
}

void JsonWriter::value(std::string_view s) {
  before_value();
  write_string(s);
}

void JsonWriter::begin_object() {
  before_value();
  put("{", 1);
  frames_.push_back({true, true});
  ++depth_;
}

void JsonWriter::begin_array() {
  before_value();
  put("[", 1);
  frames_.push_back({false, true});
  ++depth_;
}

void JsonWriter::key(std::string_view k) {
  if (frames_.empty() || !frames_.back().object || after_key_)
    throw std::logic_error("JsonWriter: key() outside an object or twice in a row");
  Frame& top = frames_.back();
  if (!top.empty) put(",", 1);
  top.empty = false;
  if (pretty_) newline_indent(depth_);
  write_string(k);
  if (pretty_) {
    put(": ", 2);
  } else {
    put(":", 1);
  }
  after_key_ = true;
}

void JsonWriter::close(char bracket, bool object) {
  if (frames_.empty() || frames_.back().object != object || after_key_)
    throw std::logic_error("JsonWriter: unbalanced end_object() / end_array()");
  bool empty = frames_.back().empty;
  frames_.pop_back();
  --depth_;
  if (pretty_ && !empty) newline_indent(depth_);
  put(&bracket, 1);
}

void JsonWriter::end_object() { close('}', true); }
void JsonWriter::end_array() { close(']', false); }

void JsonWriter::write_member(const std::string& k, const Json& member, bool first, unsigned depth) {
  if (!first) put(",", 1);
  if (pretty_) newline_indent(depth + 1);
  write_string(k);
  if (pretty_) {
    put(": ", 2);
  } else {
    put(":", 1);
  }
  write(member, depth + 1);
}

void write_json(std::string& out, const Json& v, int indent, unsigned depth, KeyOrder order) {
  JsonWriter w(out, indent, depth, order);
  w.value(v);
}

std::string json_text(const Json& v, int indent) {
  std::string out;
  write_json(out, v, indent);
  return out;
}

}  // namespace sls
