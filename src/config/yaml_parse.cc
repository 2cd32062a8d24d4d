#include "config/yaml_parse.h"

#include <yaml.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <new>
#include <optional>
#include <unordered_map>
#include <vector>

#include "config/parse_error.h"
#include "config/yaml_input.h"
#include "config/yaml_scalar.h"
#include "util/js_order.h"

namespace sls::config {
namespace {

// CloudFormation short-form tags osls accepts (its cloudformation-schema); each
// may tag a scalar, a sequence or a mapping.
constexpr std::array<std::string_view, 19> kCfnFunctions = {
    "And",  "Base64", "Cidr",   "Condition",   "Equals", "FindInMap", "GetAtt",
    "GetAZs", "GetStackOutput", "If", "ImportValue", "Join", "Not", "Or",
    "Ref",  "Select", "Split",  "Sub",         "Transform"};

constexpr std::string_view kCoreTagPrefix = "tag:yaml.org,2002:";
constexpr int kMaxDepth = 512;
constexpr long kMaxNodes = 5'000'000;  // guards against alias bombs

std::optional<std::string> cfn_function_key(std::string_view tag) {
  if (tag.size() < 2 || tag[0] != '!') return std::nullopt;
  tag.remove_prefix(1);
  for (auto fn : kCfnFunctions) {
    if (fn == tag) {
      return (fn == "Ref" || fn == "Condition") ? std::string(fn) : "Fn::" + std::string(fn);
    }
  }
  return std::nullopt;
}

std::string display_tag(std::string_view tag) {
  if (tag.substr(0, kCoreTagPrefix.size()) == kCoreTagPrefix) {
    return "!!" + std::string(tag.substr(kCoreTagPrefix.size()));
  }
  return std::string(tag);
}

// "2020-01-01" -> "2020-01-01T00:00:00.000Z" (what an explicit !!timestamp becomes
// after osls's JSON round trip). Only date-only and UTC "Z" forms are supported.
std::optional<std::string> timestamp_to_iso(std::string_view s) {
  auto all_digits = [&](size_t from, size_t n) {
    if (from + n > s.size()) return false;
    for (size_t i = from; i < from + n; ++i)
      if (s[i] < '0' || s[i] > '9') return false;
    return true;
  };
  if (s.size() == 10 && all_digits(0, 4) && s[4] == '-' && all_digits(5, 2) && s[7] == '-' &&
      all_digits(8, 2)) {
    return std::string(s) + "T00:00:00.000Z";
  }
  if (s.size() == 20 && all_digits(0, 4) && s[10] == 'T' && s[19] == 'Z' && all_digits(11, 2) &&
      s[13] == ':' && all_digits(14, 2) && s[16] == ':' && all_digits(17, 2)) {
    return std::string(s.substr(0, 19)) + ".000Z";
  }
  return std::nullopt;
}

TextPosition position(const yaml_mark_t& mark) { return {mark.line, mark.column}; }

std::string_view view(const yaml_char_t* s) {
  return s ? std::string_view(reinterpret_cast<const char*>(s)) : std::string_view();
}

// A libyaml syntax error, copied out of the parser (its strings are literals).
struct SyntaxError {
  yaml_error_type_t type;
  const char* problem;
  const char* context;
  yaml_mark_t problem_mark;
  yaml_mark_t context_mark;
  size_t problem_offset;  // reader errors: byte offset of the bad input
  int problem_value;      // reader errors: the bad byte or code point
};

// One libyaml event, freed when replaced or destroyed.
struct Event {
  Event() = default;
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;
  ~Event() { clear(); }
  void clear() {
    if (live) yaml_event_delete(&e);
    live = false;
  }
  yaml_event_t e{};
  bool live = false;
};

class EventReader {
 public:
  explicit EventReader(std::string_view text) {
    if (!yaml_parser_initialize(&parser_)) throw std::bad_alloc();
    static constexpr unsigned char kEmpty[] = "";
    yaml_parser_set_input_string(
        &parser_, text.empty() ? kEmpty : reinterpret_cast<const unsigned char*>(text.data()),
        text.size());
  }
  EventReader(const EventReader&) = delete;
  EventReader& operator=(const EventReader&) = delete;
  ~EventReader() { yaml_parser_delete(&parser_); }

  void next(Event& event) {
    event.clear();
    if (!yaml_parser_parse(&parser_, &event.e)) {
      if (parser_.error == YAML_MEMORY_ERROR) throw std::bad_alloc();
      throw SyntaxError{parser_.error,          parser_.problem,        parser_.context,
                        parser_.problem_mark,   parser_.context_mark,   parser_.problem_offset,
                        parser_.problem_value};
    }
    event.live = true;
  }

 private:
  yaml_parser_t parser_{};
};

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Builds the Json of one YAML document straight from libyaml's events: no node
// tree in between, every value moved into place. An anchored value is kept in
// `anchors_` and copied where an alias names it.
class Builder {
 public:
  // `masked`: line separators in `text` were swapped by mask_line_separators.
  Builder(std::string_view text, const std::string& filename, bool masked)
      : reader_(text), text_(text), filename_(filename), masked_(masked) {}

  // The stream's only document; null for an empty stream.
  Json document() {
    Event event;
    reader_.next(event);  // stream start
    reader_.next(event);
    if (event.e.type == YAML_STREAM_END_EVENT) return nullptr;
    reader_.next(event);  // after the document start: its root node
    Json root = node(event, 0);
    reader_.next(event);  // document end
    reader_.next(event);
    if (event.e.type == YAML_DOCUMENT_START_EVENT) {
      reader_.next(event);
      fail(event.e.start_mark, "expected a single document in the stream, but found more");
    }
    return root;
  }

 private:
  struct Anchor {
    Json value;
    long nodes = 0;   // nodes the value expands to
    int height = 0;   // nesting levels below the value
    bool collection = false;
  };
  // Entries of the mappings being built, innermost last; a mapping's entries
  // start where the stack ended when it began.
  struct Entry {
    std::string key;
    size_t hash;  // of key: most lookups compare only this
    Json value;
    bool merged;  // came from a `<<` merge: an explicit key may replace it
  };

  [[noreturn]] void fail(const yaml_mark_t& mark, const std::string& what) const {
    throw_parse_error(text_, filename_, position(mark), what);
  }

  void enter(const yaml_mark_t& mark, int depth) {
    if (depth > kMaxDepth) fail(mark, "document is nested too deeply");
    if (++nodes_ > kMaxNodes) fail(mark, "document expands to too many nodes (alias loop?)");
    deepest_ = std::max(deepest_, depth);
  }

  // The anchor an alias event names, accounted as if its value were written out here.
  const Anchor& alias(const yaml_event_t& e, int depth) {
    std::string_view name = view(e.data.alias.anchor);
    auto it = anchors_.find(name);
    if (it == anchors_.end()) fail(e.start_mark, "unidentified alias \"" + std::string(name) + "\"");
    const Anchor& anchor = it->second;
    if (depth + anchor.height > kMaxDepth) fail(e.start_mark, "document is nested too deeply");
    nodes_ += anchor.nodes;
    if (nodes_ > kMaxNodes) fail(e.start_mark, "document expands to too many nodes (alias loop?)");
    deepest_ = std::max(deepest_, depth + anchor.height);
    return anchor;
  }

  static const yaml_char_t* anchor_of(const yaml_event_t& e) {
    switch (e.type) {
      case YAML_SCALAR_EVENT: return e.data.scalar.anchor;
      case YAML_SEQUENCE_START_EVENT: return e.data.sequence_start.anchor;
      case YAML_MAPPING_START_EVENT: return e.data.mapping_start.anchor;
      default: return nullptr;
    }
  }

  // The value of the node `event` starts (its children are read from the stream).
  Json node(Event& event, int depth) {
    const yaml_event_t& e = event.e;
    if (e.type == YAML_ALIAS_EVENT) return alias(e, depth).value;
    enter(e.start_mark, depth);
    const yaml_char_t* anchor = anchor_of(e);
    if (!anchor) return unanchored(event, depth);

    const long nodes_before = nodes_;
    const int deepest_before = deepest_;
    deepest_ = depth;
    Json value = unanchored(event, depth);
    Anchor& entry = anchors_[std::string(view(anchor))];  // a redefinition replaces it
    entry.value = value;
    entry.nodes = nodes_ - nodes_before + 1;
    entry.height = deepest_ - depth;
    entry.collection = e.type != YAML_SCALAR_EVENT;
    deepest_ = std::max(deepest_, deepest_before);
    return value;
  }

  Json unanchored(Event& event, int depth) {
    const yaml_event_t& e = event.e;
    if (e.type == YAML_SCALAR_EVENT) return scalar(e);
    const bool is_sequence = e.type == YAML_SEQUENCE_START_EVENT;
    std::string_view tag = view(is_sequence ? e.data.sequence_start.tag : e.data.mapping_start.tag);
    if (!tag.empty()) {
      if (auto fn = cfn_function_key(tag)) {
        return cfn(std::move(*fn), is_sequence ? sequence(depth) : mapping(depth));
      }
      check_collection_tag(tag, e.start_mark, is_sequence);
    }
    return is_sequence ? sequence(depth) : mapping(depth);
  }

  static Json cfn(std::string key, Json data) {
    Json out(Json::value_t::object);
    out.get_ref<Json::object_t&>().emplace_back(std::move(key), std::move(data));
    return out;
  }

  // A scalar event's text; valid until the next call.
  std::string_view text_of(const yaml_event_t& e) {
    std::string_view text(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
    if (!masked_ || !may_hold_stand_in(text)) return text;
    unmasked_ = unmask_line_separators(text);
    return unmasked_;
  }

  Json scalar(const yaml_event_t& e) {
    std::string_view text = text_of(e);
    const yaml_scalar_style_t style = e.data.scalar.style;
    std::string_view tag = view(e.data.scalar.tag);
    if (tag.empty()) {  // quoted and block scalars are strings; plain ones are resolved
      return style == YAML_PLAIN_SCALAR_STYLE ? resolve_plain_scalar(text) : Json(std::string(text));
    }
    if (auto fn = cfn_function_key(tag)) {  // tagged scalars are never resolved
      const bool quoted =
          style == YAML_SINGLE_QUOTED_SCALAR_STYLE || style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
      if (text.empty() && !quoted) return cfn(std::move(*fn), nullptr);  // `!Ref` alone is null
      if (*fn == "Fn::GetAtt") {
        // "A.B.C" -> ["A", "B.C"]: the first dot separates resource and attribute.
        size_t dot = text.find('.');
        Json parts(Json::value_t::array);
        auto& items = parts.get_ref<Json::array_t&>();
        items.emplace_back(std::string(text.substr(0, dot)));
        items.emplace_back(dot == std::string_view::npos ? std::string()
                                                         : std::string(text.substr(dot + 1)));
        return cfn(std::move(*fn), std::move(parts));
      }
      return cfn(std::move(*fn), std::string(text));
    }
    if (tag == "!") return std::string(text);
    return construct_core(tag, text, e.start_mark);
  }

  Json construct_core(std::string_view tag, std::string_view text, const yaml_mark_t& mark) {
    if (tag.substr(0, kCoreTagPrefix.size()) != kCoreTagPrefix) {
      fail(mark, "unknown tag " + std::string(tag));
    }
    std::string_view kind = tag.substr(kCoreTagPrefix.size());
    if (kind == "str") return std::string(text);
    if (kind == "null" || kind == "bool" || kind == "int" || kind == "float") {
      Json v = resolve_plain_scalar(text);
      bool ok = kind == "null"   ? v.is_null()
                : kind == "bool" ? v.is_boolean()
                : kind == "int"  ? v.is_number_integer() &&
                                      text.find_first_of(".eE") == std::string_view::npos
                                 : v.is_number() || (v.is_null() && !text.empty() && text != "~" &&
                                                     text != "null" && text != "Null" && text != "NULL");
      if (!ok) {
        fail(mark, "cannot resolve a node with explicit tag " + display_tag(tag) + " from \"" +
                       std::string(text) + "\"");
      }
      return v;
    }
    if (kind == "timestamp") {
      if (auto iso = timestamp_to_iso(text)) return std::move(*iso);
      fail(mark, "unsupported !!timestamp value \"" + std::string(text) +
                     "\" (use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, or quote it as a string)");
    }
    fail(mark, "unknown tag " + display_tag(tag));
  }

  void check_collection_tag(std::string_view tag, const yaml_mark_t& mark, bool is_sequence) {
    if (tag == "!") return;
    std::string_view kind = is_sequence ? "seq" : "map";
    if (tag.substr(0, kCoreTagPrefix.size()) == kCoreTagPrefix &&
        tag.substr(kCoreTagPrefix.size()) == kind) {
      return;
    }
    fail(mark, "unknown tag " + display_tag(tag) + " on a " + (is_sequence ? "sequence" : "mapping"));
  }

  // The items up to the sequence's end.
  Json sequence(int depth) {
    Json out(Json::value_t::array);
    auto& items = out.get_ref<Json::array_t&>();
    Event item;
    for (;;) {
      reader_.next(item);
      if (item.e.type == YAML_SEQUENCE_END_EVENT) return out;
      items.push_back(node(item, depth + 1));
    }
  }

  static bool is_merge_key(const yaml_event_t& e) {
    return e.type == YAML_SCALAR_EVENT && !e.data.scalar.tag &&
           e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && e.data.scalar.length == 2 &&
           e.data.scalar.value[0] == '<' && e.data.scalar.value[1] == '<';
  }

  // The key's JavaScript property name (String(key)).
  std::string key(Event& event, int depth) {
    const yaml_event_t& e = event.e;
    if (e.type == YAML_ALIAS_EVENT) {
      const Anchor& anchor = alias(e, depth);
      if (anchor.collection) {
        fail(e.start_mark, "complex mapping keys are not supported; use a plain string key");
      }
      return js_key_string(anchor.value);
    }
    if (e.type != YAML_SCALAR_EVENT) {
      fail(e.start_mark, "complex mapping keys are not supported; use a plain string key");
    }
    Json value;
    if (!e.data.scalar.anchor && !e.data.scalar.tag) {
      std::string_view text = text_of(e);
      if (e.data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return std::string(text);
      value = resolve_plain_scalar(text);
    } else {
      value = node(event, depth);
    }
    if (value.is_string()) return std::move(value.get_ref<std::string&>());
    return js_key_string(value);
  }

  static size_t hash_of(std::string_view key) {  // FNV-1a
    uint64_t h = 14695981039346656037ull;
    for (char c : key) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    return static_cast<size_t>(h);
  }

  // The keys of one mapping being built (its entries start at `base`), indexed
  // by hash once the mapping outgrows a short scan: lookups stay constant-time
  // however many keys it has.
  struct MappingKeys {
    size_t base;
    std::unordered_multimap<size_t, size_t> by_hash{};  // hash -> index in entries_
    size_t indexed_to = base;                           // entries_[base, indexed_to) are in by_hash
  };
  static constexpr size_t kShortMapping = 16;

  // Index of `key` among the mapping's entries, or npos.
  size_t find(MappingKeys& keys, std::string_view key, size_t hash) {
    if (entries_.size() - keys.base <= kShortMapping) {
      for (size_t i = keys.base; i < entries_.size(); ++i) {
        if (entries_[i].hash == hash && entries_[i].key == key) return i;
      }
      return std::string_view::npos;
    }
    for (; keys.indexed_to < entries_.size(); ++keys.indexed_to) {
      keys.by_hash.emplace(entries_[keys.indexed_to].hash, keys.indexed_to);
    }
    auto [it, end] = keys.by_hash.equal_range(hash);
    for (; it != end; ++it) {
      if (entries_[it->second].key == key) return it->second;
    }
    return std::string_view::npos;
  }

  // Adds the entries of merge source `source` that the mapping does not have yet.
  void merge_from(MappingKeys& keys, const Json& source) {
    for (const auto& [k, v] : source.get_ref<const Json::object_t&>()) {
      size_t hash = hash_of(k);
      if (find(keys, k, hash) == std::string_view::npos) entries_.push_back(Entry{k, hash, v, true});
    }
  }
  void merge_from(MappingKeys& keys, Json&& source) {
    for (auto& [k, v] : source.get_ref<Json::object_t&>()) {
      size_t hash = hash_of(k);
      if (find(keys, k, hash) == std::string_view::npos) {
        entries_.push_back(Entry{k, hash, std::move(v), true});
      }
    }
  }

  // Merges the value of a `<<` key (a mapping or a list of mappings) into the
  // mapping whose keys are `keys`. Aliases are merged from the anchored
  // value itself, without copying it first.
  void merge(MappingKeys& keys, Event& event, int depth) {
    const yaml_event_t& e = event.e;
    const yaml_mark_t mark = e.start_mark;
    auto unacceptable = [&] {
      fail(mark, "cannot merge mappings; the provided source object is unacceptable "
                 "(`<<` needs a mapping or a list of mappings)");
    };
    if (e.type == YAML_ALIAS_EVENT) {
      const Json& source = alias(e, depth).value;
      if (source.is_object()) {
        merge_from(keys, source);
      } else if (source.is_array()) {
        for (const Json& item : source) {
          if (!item.is_object()) unacceptable();
          merge_from(keys, item);
        }
      } else {
        unacceptable();
      }
      return;
    }
    if (e.type == YAML_SEQUENCE_START_EVENT && !e.data.sequence_start.anchor &&
        !e.data.sequence_start.tag) {  // `<<: [*a, *b]`, read item by item
      enter(mark, depth);
      Event item;
      for (;;) {
        reader_.next(item);
        if (item.e.type == YAML_SEQUENCE_END_EVENT) return;
        if (item.e.type == YAML_ALIAS_EVENT) {
          const Json& source = alias(item.e, depth + 1).value;
          if (!source.is_object()) unacceptable();
          merge_from(keys, source);
        } else {
          Json source = node(item, depth + 1);
          if (!source.is_object()) unacceptable();
          merge_from(keys, std::move(source));
        }
      }
    }
    Json source = node(event, depth);
    if (source.is_object()) {
      merge_from(keys, std::move(source));
    } else if (source.is_array()) {
      for (Json& item : source) {
        if (!item.is_object()) unacceptable();
        merge_from(keys, std::move(item));
      }
    } else {
      unacceptable();
    }
  }

  // The mapping's entries up to its end, then the mapping.
  Json mapping(int depth) {
    MappingKeys keys{entries_.size()};
    const size_t base = keys.base;
    Event event;
    for (;;) {
      reader_.next(event);
      if (event.e.type == YAML_MAPPING_END_EVENT) break;
      if (is_merge_key(event.e)) {
        reader_.next(event);
        merge(keys, event, depth + 1);
        continue;
      }
      const yaml_mark_t key_mark = event.e.start_mark;
      std::string k = key(event, depth + 1);
      const size_t hash = hash_of(k);
      const size_t at = find(keys, k, hash);
      if (at != std::string_view::npos && !entries_[at].merged) {
        fail(key_mark, "duplicated mapping key \"" + k + "\"");
      }
      reader_.next(event);
      Json value = node(event, depth + 1);
      if (at == std::string_view::npos) {
        entries_.push_back(Entry{std::move(k), hash, std::move(value), false});
      } else {  // an explicit key replaces a merged one where that stands
        entries_[at].value = std::move(value);
        entries_[at].merged = false;
      }
    }
    Json out(Json::value_t::object);
    auto& object = out.get_ref<Json::object_t&>();
    object.reserve(entries_.size() - base);
    for (size_t i = base; i < entries_.size(); ++i) {
      object.emplace_back(std::move(entries_[i].key), std::move(entries_[i].value));
    }
    entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(base), entries_.end());
    js::order_keys(object);  // osls reads the file into JavaScript objects
    return out;
  }

  EventReader reader_;
  std::string_view text_;
  const std::string& filename_;
  const bool masked_;
  std::string unmasked_;  // text_of's buffer
  std::unordered_map<std::string, Anchor, StringHash, std::equal_to<>> anchors_;
  std::vector<Entry> entries_;
  long nodes_ = 0;
  int deepest_ = 0;  // deepest nesting level reached (for anchors' heights)
};

bool is_tab_indentation(std::string_view text, const SyntaxError& e) {
  if (!e.problem || e.type != YAML_SCANNER_ERROR) return false;
  std::string_view problem(e.problem);
  if (problem.find("tab character") != std::string_view::npos) return true;
  size_t at = offset_of(text, position(e.problem_mark));
  return problem == "found character that cannot start any token" &&
         at != std::string_view::npos && text[at] == '\t';
}

bool is_utf8_problem(std::string_view text, const SyntaxError& e) {
  if (e.type != YAML_READER_ERROR || !e.problem) return false;
  if (text.size() >= 2 && ((text[0] == '\xFF' && text[1] == '\xFE') ||
                           (text[0] == '\xFE' && text[1] == '\xFF'))) {
    return false;  // UTF-16
  }
  std::string_view problem(e.problem);
  return problem.find("UTF-8") != std::string_view::npos ||
         problem.find("Unicode character") != std::string_view::npos;
}

[[noreturn]] void report_syntax_error(std::string_view text, const std::string& filename,
                                      const SyntaxError& e) {
  std::string what = e.problem ? e.problem : "invalid YAML";
  if (e.type == YAML_READER_ERROR) {
    if (e.problem_value >= 0) {
      char code[16];
      std::snprintf(code, sizeof code, " (U+%04X)", static_cast<unsigned>(e.problem_value));
      what += code;
    }
    throw_parse_error(text, filename, position_of(text, e.problem_offset), what);
  }
  if (is_tab_indentation(text, e)) {
    throw_parse_error(text, filename, position(e.problem_mark),
                      "tab characters must not be used in indentation");
  }
  if (e.context && (e.context_mark.line != e.problem_mark.line ||
                    e.context_mark.column != e.problem_mark.column)) {
    what += " (" + std::string(e.context) + " at line " + std::to_string(e.context_mark.line + 1) +
            ", column " + std::to_string(e.context_mark.column + 1) + ")";
  }
  throw_parse_error(text, filename, position(e.problem_mark), what);
}

}  // namespace

Json parse_yaml(std::string_view text, const std::string& filename) {
  std::string patched;  // `text` with what libyaml reads differently from js-yaml fixed
  std::string_view source = text;
  bool masked = false;
  if (auto swapped = mask_line_separators(text)) {
    patched = std::move(*swapped);
    source = patched;
    masked = true;
  }
  bool sanitized = false;
  for (;;) {
    try {
      return Builder(source, filename, masked).document();
    } catch (const SyntaxError& e) {
      if (!sanitized && is_utf8_problem(source, e)) {
        patched = replace_invalid_utf8(source);
        source = patched;
        sanitized = true;
        continue;
      }
      std::optional<size_t> tab;
      if (e.type == YAML_SCANNER_ERROR && e.problem) {
        tab = harmless_tab(source, e.problem, position(e.problem_mark));
      }
      if (tab) {
        if (source.data() != patched.data()) {
          patched.assign(source);
          source = patched;
        }
        blank_out_tabs(patched, *tab);
        continue;
      }
      report_syntax_error(source, filename, e);
    }
  }
}

}  // namespace sls::config
