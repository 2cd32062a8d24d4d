// A fast JSON text writer for sls::Json whose output is byte for byte what
// nlohmann's dump(indent) writes (space indent, ensure_ascii off, strict
// UTF-8): `"key": value` members, `{}` / `[]` when empty, the same string
// escapes and the same number formatting (nlohmann's own to_chars for
// doubles). It appends into one caller-owned std::string, copies runs of
// plain string bytes in blocks, and can start at any depth, so a value can be
// written nested inside a larger document without re-indenting it.
//
// Besides whole values, a document can be streamed (begin_object, key, value,
// end_object, ...), so it can be assembled from parts without first copying
// them into one Json.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "util/json.h"

namespace sls {

// The order an object's members are written in: as stored, or as JavaScript
// lists them (array-index keys first, see util/js_order.h), which is what
// osls's JSON.stringify of a template or of the service state gives.
enum class KeyOrder { insertion, javascript };

class JsonWriter {
 public:
  // Writes at the end of `out`. `indent` < 0: compact, like dump(); otherwise
  // pretty with `indent` spaces per level, like dump(indent), as if the first
  // value stood `depth` levels deep (its nested lines get depth+1 levels).
  // Until finish(), `out` also holds spare bytes past the text: leave it to
  // the writer meanwhile (reserve() it before, to write without regrowing).
  explicit JsonWriter(std::string& out, int indent = 2, unsigned depth = 0,
                      KeyOrder order = KeyOrder::insertion);
  ~JsonWriter();  // calls finish()
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  // One complete value: the document, an array element, or a member's value
  // after key(). Invalid UTF-8 in a string throws nlohmann's type_error 316
  // with the message dump() gives; what was written before stays in `out`.
  void value(const Json& v);
  void value(std::string_view s);  // a string value
  void value(const std::string& s) { value(std::string_view(s)); }
  void value(const char* s) { value(std::string_view(s)); }

  // Streaming: begin_object(), then key() + one value per member, then
  // end_object(). Arrays take values between begin_array() and end_array().
  void begin_object();
  void key(std::string_view k);
  void end_object();
  void begin_array();
  void end_array();

  // Trims `out` to the text written (the writer keeps spare room at the end
  // of it while writing); writing after it throws std::logic_error.
  void finish();

 private:
  struct Frame {
    bool object;
    bool empty;
  };

  void before_value();
  void close(char bracket, bool object);
  void write(const Json& v, unsigned depth);
  void write_member(const std::string& k, const Json& member, bool first, unsigned depth);
  void write_string(std::string_view s);
  void write_double(double d);
  template <typename Int>
  void write_integer(Int i);
  void write_binary(const Json::binary_t& b, unsigned depth);
  void newline_indent(unsigned depth);
  void need(size_t n) {
    if (static_cast<size_t>(end_ - p_) < n) grow(n);
  }
  void grow(size_t n);
  void put(const char* s, size_t n);

  std::string& out_;
  char* p_ = nullptr;    // next byte to write, inside out_
  char* end_ = nullptr;  // end of out_'s current size
  bool finished_ = false;
  bool pretty_;
  bool js_order_;
  unsigned step_;
  unsigned depth_;               // depth of the streaming position
  bool after_key_ = false;       // key() written, its value not yet
  std::vector<Frame> frames_;    // open streamed objects / arrays
};

// `v` as dump(indent) would write it, appended to `out` at `depth`.
void write_json(std::string& out, const Json& v, int indent = 2, unsigned depth = 0,
                KeyOrder order = KeyOrder::insertion);

// `v` as v.dump(indent) returns it.
std::string json_text(const Json& v, int indent = -1);

}  // namespace sls
