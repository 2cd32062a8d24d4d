#include "config/yaml_load.h"

#include <yaml-cpp/yaml.h>

#include <array>
#include <cctype>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "config/yaml_scalar.h"
#include "util/error.h"

namespace sls::config {
namespace {

namespace fs = std::filesystem;

// CloudFormation short-form tags osls accepts (its cloudformation-schema); each
// may tag a scalar, a sequence or a mapping.
constexpr std::array<std::string_view, 19> kCfnFunctions = {
    "And",  "Base64", "Cidr",   "Condition",   "Equals", "FindInMap", "GetAtt",
    "GetAZs", "GetStackOutput", "If", "ImportValue", "Join", "Not", "Or",
    "Ref",  "Select", "Split",  "Sub",         "Transform"};

constexpr std::string_view kCoreTagPrefix = "tag:yaml.org,2002:";
constexpr int kMaxDepth = 512;
constexpr long kMaxNodes = 5'000'000;  // guards against alias bombs

std::string line_of(std::string_view text, int line) {
  size_t start = 0;
  for (int i = 0; i < line; ++i) {
    start = text.find('\n', start);
    if (start == std::string_view::npos) return "";
    ++start;
  }
  size_t end = text.find('\n', start);
  std::string result(text.substr(start, end == std::string_view::npos ? end : end - start));
  if (!result.empty() && result.back() == '\r') result.pop_back();
  return result;
}

// "<file>:<line>:<col>: <what>" followed by the offending line and a caret.
[[noreturn]] void fail_at(std::string_view text, const std::string& filename, int line, int column,
                          const std::string& what) {
  if (line < 0) line = 0;
  if (column < 0) column = 0;
  std::ostringstream out;
  out << filename << ':' << line + 1 << ':' << column + 1 << ": " << what;
  std::string source = line_of(text, line);
  if (!source.empty()) {
    out << "\n\n  " << line + 1 << " | " << source << "\n  "
        << std::string(std::to_string(line + 1).size(), ' ') << " | "
        << std::string(static_cast<size_t>(column), ' ') << '^';
  }
  throw UserError(out.str(), "CONFIGURATION_PARSE_ERROR");
}

std::optional<std::string> cfn_function_key(const std::string& tag) {
  if (tag.size() < 2 || tag[0] != '!') return std::nullopt;
  std::string_view name(tag);
  name.remove_prefix(1);
  for (auto fn : kCfnFunctions) {
    if (fn == name) {
      return (fn == "Ref" || fn == "Condition") ? std::string(fn) : "Fn::" + std::string(fn);
    }
  }
  return std::nullopt;
}

std::string display_tag(const std::string& tag) {
  if (tag.rfind(kCoreTagPrefix, 0) == 0) return "!!" + tag.substr(kCoreTagPrefix.size());
  return tag;
}

// "2020-01-01" -> "2020-01-01T00:00:00.000Z" (what an explicit !!timestamp becomes
// after osls's JSON round trip). Only date-only and UTC "Z" forms are supported.
std::optional<std::string> timestamp_to_iso(const std::string& s) {
  auto all_digits = [&](size_t from, size_t n) {
    if (from + n > s.size()) return false;
    for (size_t i = from; i < from + n; ++i)
      if (s[i] < '0' || s[i] > '9') return false;
    return true;
  };
  if (s.size() == 10 && all_digits(0, 4) && s[4] == '-' && all_digits(5, 2) && s[7] == '-' &&
      all_digits(8, 2)) {
    return s + "T00:00:00.000Z";
  }
  if (s.size() == 20 && all_digits(0, 4) && s[10] == 'T' && s[19] == 'Z' && all_digits(11, 2) &&
      s[13] == ':' && all_digits(14, 2) && s[16] == ':' && all_digits(17, 2)) {
    return s.substr(0, 19) + ".000Z";
  }
  return std::nullopt;
}

// yaml-cpp 0.7 rejects " ? " inside a plain scalar in a flow collection
// ("[cron(0 12 * * ? *)]"), which js-yaml accepts. When a parse fails, we retry
// with such question marks replaced by a private-use character that the
// converter turns back into "?" in every string.
constexpr std::string_view kQuestionMark = "\xEE\x80\x80";  // U+E000

std::optional<std::string> mask_flow_question_marks(std::string_view text) {
  if (text.find(kQuestionMark) != std::string_view::npos) return std::nullopt;
  std::string out;
  out.reserve(text.size());
  int depth = 0;
  char quote = 0;
  bool comment = false;
  bool changed = false;
  size_t line_start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      comment = false;
      line_start = i + 1;
      out += c;
      continue;
    }
    if (comment) {
      out += c;
      continue;
    }
    if (quote) {
      if (quote == '"' && c == '\\' && i + 1 < text.size()) {
        out += c;
        out += text[++i];
        continue;
      }
      if (c == quote) quote = 0;
      out += c;
      continue;
    }
    bool after_space = i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t');
    if (c == '#' && (i == 0 || after_space || text[i - 1] == '\n')) {
      comment = true;
    } else if ((c == '"' || c == '\'') && (i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1])))) {
      quote = c;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    } else if (c == '?' && depth > 0 && after_space) {
      // Only mid-scalar: the previous non-blank on this line is not a flow indicator.
      size_t j = i;
      while (j > line_start && (text[j - 1] == ' ' || text[j - 1] == '\t')) --j;
      if (j > line_start && std::string_view("[{,:").find(text[j - 1]) == std::string_view::npos) {
        out += kQuestionMark;
        changed = true;
        continue;
      }
    }
    out += c;
  }
  if (!changed) return std::nullopt;
  return out;
}

std::string unmask(std::string s) {
  for (size_t at = s.find(kQuestionMark); at != std::string::npos; at = s.find(kQuestionMark, at)) {
    s.replace(at, kQuestionMark.size(), "?");
    ++at;
  }
  return s;
}

class Converter {
 public:
  // `parsed` is the text yaml-cpp read (differs from `text` when masked).
  Converter(std::string_view text, std::string_view parsed, const std::string& filename,
            bool masked = false)
      : text_(text), parsed_(parsed), filename_(filename), masked_(masked) {}

  Json convert(const YAML::Node& node, int depth = 0) {
    if (depth > kMaxDepth) fail(node.Mark(), "document is nested too deeply");
    if (++nodes_ > kMaxNodes) fail(node.Mark(), "document expands to too many nodes (alias loop?)");
    const std::string& tag = node.Tag();

    if (auto fn = cfn_function_key(tag)) return Json{{*fn, construct_cfn(*fn, node, depth)}};

    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        if (tag.empty() || tag == "?" || tag == "!") return nullptr;
        return construct_core(tag, node, "");
      case YAML::NodeType::Scalar:
        if (tag == "?") return resolve_plain_scalar(scalar(node));
        if (tag == "!") return scalar(node);
        return construct_core(tag, node, scalar(node));
      case YAML::NodeType::Sequence:
        check_collection_tag(tag, node, "seq");
        return convert_sequence(node, depth);
      case YAML::NodeType::Map:
        check_collection_tag(tag, node, "map");
        return convert_map(node, depth);
    }
    return nullptr;
  }

  [[noreturn]] void fail(const YAML::Mark& mark, const std::string& what) const {
    fail_at(text_, filename_, mark.line, mark.column, what);
  }

 private:
  // Whether the (tagged) scalar at `node` is written in quotes in the parsed text.
  bool quoted_in_source(const YAML::Node& node) const {
    size_t pos = static_cast<size_t>(node.Mark().pos);
    const std::string_view src = parsed_;
    while (pos < src.size() && src[pos] == '!') {  // skip the tag
      while (pos < src.size() && src[pos] != ' ' && src[pos] != '\t' && src[pos] != '\n') ++pos;
      while (pos < src.size() && (src[pos] == ' ' || src[pos] == '\t')) ++pos;
    }
    return pos < src.size() && (src[pos] == '\'' || src[pos] == '"');
  }

  std::string scalar(const YAML::Node& node) const {
    return masked_ ? unmask(node.Scalar()) : node.Scalar();
  }

  Json construct_cfn(const std::string& fn, const YAML::Node& node, int depth) {
    Json data;
    switch (node.Type()) {
      case YAML::NodeType::Scalar:  // tagged scalars are never resolved
        data = scalar(node);
        if (data == "" && !quoted_in_source(node)) data = nullptr;  // `!Ref` alone is null
        break;
      case YAML::NodeType::Sequence: data = convert_sequence(node, depth); break;
      case YAML::NodeType::Map: data = convert_map(node, depth); break;
      default: data = nullptr;
    }
    if (fn == "Fn::GetAtt" && data.is_string()) {
      // "A.B.C" -> ["A", "B.C"]: the first dot separates resource and attribute.
      std::string s = data.get<std::string>();
      size_t dot = s.find('.');
      if (dot == std::string::npos) return Json::array({s, ""});
      return Json::array({s.substr(0, dot), s.substr(dot + 1)});
    }
    return data;
  }

  Json construct_core(const std::string& tag, const YAML::Node& node, const std::string& text) {
    if (tag.rfind(kCoreTagPrefix, 0) != 0) fail(node.Mark(), "unknown tag " + tag);
    std::string kind = tag.substr(kCoreTagPrefix.size());
    if (kind == "str") return text;
    if (kind == "null" || kind == "bool" || kind == "int" || kind == "float") {
      Json v = resolve_plain_scalar(text);
      bool ok = kind == "null"   ? v.is_null()
                : kind == "bool" ? v.is_boolean()
                : kind == "int"  ? v.is_number_integer() && text.find_first_of(".eE") == std::string::npos
                                 : v.is_number() || (v.is_null() && !text.empty() && text != "~" &&
                                                     text != "null" && text != "Null" && text != "NULL");
      if (!ok) fail(node.Mark(), "cannot resolve a node with explicit tag " + display_tag(tag) +
                                     " from \"" + text + "\"");
      return v;
    }
    if (kind == "timestamp") {
      if (auto iso = timestamp_to_iso(text)) return *iso;
      fail(node.Mark(), "unsupported !!timestamp value \"" + text +
                            "\" (use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, or quote it as a string)");
    }
    fail(node.Mark(), "unknown tag " + display_tag(tag));
  }

  void check_collection_tag(const std::string& tag, const YAML::Node& node, const char* kind) {
    if (tag.empty() || tag == "?" || tag == "!") return;
    if (tag == std::string(kCoreTagPrefix) + kind) return;
    fail(node.Mark(), "unknown tag " + display_tag(tag) + " on a " +
                          (std::string(kind) == "seq" ? "sequence" : "mapping"));
  }

  Json convert_sequence(const YAML::Node& node, int depth) {
    Json out = Json::array();
    for (const auto& item : node) out.push_back(convert(item, depth + 1));
    return out;
  }

  std::string key_string(const YAML::Node& key, int depth) {
    if (key.IsMap() || key.IsSequence()) {
      fail(key.Mark(), "complex mapping keys are not supported; use a plain string key");
    }
    return js_key_string(convert(key, depth + 1));
  }

  // Adds the entries of merge source `source` that `out` does not have yet.
  void merge_into(Json& out, std::set<std::string>& overridable, const Json& source) {
    for (const auto& [k, v] : source.items()) {
      if (out.contains(k)) continue;
      out[k] = v;
      overridable.insert(k);
    }
  }

  Json convert_map(const YAML::Node& node, int depth) {
    Json out = Json::object();
    std::set<std::string> overridable;  // keys that came from a `<<` merge
    for (auto it = node.begin(); it != node.end(); ++it) {
      const YAML::Node key = it->first;  // copies: it-> yields a temporary
      const YAML::Node value = it->second;
      if (key.IsScalar() && key.Tag() == "?" && key.Scalar() == "<<") {
        const YAML::Mark mark = value.Mark();
        Json source = convert(value, depth + 1);
        if (source.is_object()) {
          merge_into(out, overridable, source);
        } else if (source.is_array()) {
          for (const auto& item : source) {
            if (!item.is_object()) {
              fail(mark, "cannot merge mappings; the provided source object is unacceptable "
                         "(`<<` needs a mapping or a list of mappings)");
            }
            merge_into(out, overridable, item);
          }
        } else {
          fail(mark, "cannot merge mappings; the provided source object is unacceptable "
                     "(`<<` needs a mapping or a list of mappings)");
        }
        continue;
      }
      std::string k = key_string(key, depth);
      if (out.contains(k) && !overridable.count(k)) {
        fail(key.Mark(), "duplicated mapping key \"" + k + "\"");
      }
      overridable.erase(k);
      out[k] = convert(value, depth + 1);
    }
    return out;
  }

  std::string_view text_;
  std::string_view parsed_;
  const std::string& filename_;
  bool masked_ = false;
  long nodes_ = 0;
};

std::string read_file(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) {
    throw UserError("Cannot parse \"" + file.filename().string() + "\": File not found",
                    "CONFIGURATION_NOT_FOUND");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw UserError("Cannot parse \"" + file.filename().string() + "\": file is not readable",
                    "CONFIGURATION_NOT_ACCESSIBLE");
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// How a file is named in error messages: relative to the working directory
// when it lies below it, else as given.
std::string display_name(const fs::path& file) {
  if (!file.is_absolute()) return file.string();
  std::error_code ec;
  fs::path rel = file.lexically_relative(fs::current_path(ec));
  if (ec || rel.empty() || *rel.begin() == "..") return file.string();
  return rel.string();
}

Json parse_json(std::string_view text, const std::string& filename) {
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    // Position of the offending byte -> 1-based line and column.
    size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    if (offset > text.size()) offset = text.size();
    int line = 0;
    size_t line_start = 0;
    for (size_t i = 0; i < offset; ++i) {
      if (text[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    std::string what = e.what();
    size_t at = what.find("parse error");
    if (at != std::string::npos) {
      size_t colon = what.find(": ", at);
      what = colon != std::string::npos ? what.substr(colon + 2) : what.substr(at);
    }
    fail_at(text, filename, line, static_cast<int>(offset - line_start),
            "JSON parse error: " + what);
  }
}

[[noreturn]] void report_parse_error(std::string_view text, const std::string& filename,
                                    const YAML::Exception& e) {
  // yaml-cpp reports tab indentation as a generic error; name the real cause.
  for (int line = 0; line <= e.mark.line; ++line) {
    std::string source = line_of(text, line);
    size_t indent = source.find_first_not_of(" \t");
    if (indent != std::string::npos && source.substr(0, indent).find('\t') != std::string::npos) {
      fail_at(text, filename, line, static_cast<int>(source.find('\t')),
              "tab characters must not be used in indentation");
    }
  }
  fail_at(text, filename, e.mark.line, e.mark.column, e.msg);
}

bool is_json_file(const fs::path& file) { return file.extension() == ".json"; }

}  // namespace

Json parse_yaml(std::string_view text, const std::string& filename) {
  std::vector<YAML::Node> docs;
  bool masked = false;
  std::string parsed(text);
  try {
    docs = YAML::LoadAll(parsed);
  } catch (const YAML::Exception& e) {
    std::optional<std::string> retry = mask_flow_question_marks(text);
    if (retry) {
      try {
        docs = YAML::LoadAll(*retry);
        masked = true;
        parsed = std::move(*retry);
      } catch (const YAML::Exception&) {
      }
    }
    if (!masked) report_parse_error(text, filename, e);
  }
  if (docs.empty()) return nullptr;
  Converter converter(text, parsed, filename, masked);
  if (docs.size() > 1) {
    converter.fail(docs[1].Mark(), "expected a single document in the stream, but found more");
  }
  return converter.convert(docs[0]);
}

Json load_document(const fs::path& file) {
  std::string text = read_file(file);
  std::string name = display_name(file);
  if (is_json_file(file)) return parse_json(text, name);
  return parse_yaml(text, name);
}

Json load_service_config(const fs::path& file) {
  Json doc = load_document(file);
  if (!doc.is_object()) {
    std::string name = file.filename().string();
    std::string got = doc.is_null()    ? "the file is empty"
                      : doc.is_array() ? "its top level is a list"
                                       : "its top level is a single value";
    throw UserError("Invalid configuration at \"" + name + "\": Plain object expected, but " + got +
                        ". The service configuration must be a mapping with keys such as "
                        "\"service\", \"provider\" and \"functions\".",
                    "INVALID_CONFIGURATION_EXPORT");
  }
  return doc;
}

fs::path find_config_file(const fs::path& dir, const std::string& explicit_path) {
  static constexpr std::array<std::string_view, 7> kSupported = {"yml", "yaml", "json", "js",
                                                                 "mjs", "cjs",  "ts"};
  auto unsupported_script = [](const fs::path& file) {
    auto ext = file.extension().string();
    return ext == ".js" || ext == ".mjs" || ext == ".cjs" || ext == ".ts";
  };
  auto script_error = [](const fs::path& file) {
    return UserError("Cannot load \"" + file.filename().string() +
                         "\": JavaScript/TypeScript service configurations are not supported by "
                         "sls. Convert it to serverless.yml (or serverless.json), or export it "
                         "with osls print --format yaml.",
                     "UNSUPPORTED_CONFIGURATION_TYPE");
  };
  fs::path base = fs::absolute(dir).lexically_normal();
  std::error_code ec;

  if (!explicit_path.empty()) {
    fs::path file = (base / explicit_path).lexically_normal();
    std::string ext = file.extension().string();
    bool supported = false;
    for (auto s : kSupported) supported = supported || ext == "." + std::string(s);
    if (!supported) {
      throw UserError(
          "Invalid \"--config\" value: Unsupported file extension (expected one of: yml, yaml, "
          "json, js, mjs, cjs, ts)",
          "INVALID_SERVICE_CONFIG_PATH");
    }
    if (!fs::exists(file, ec)) {
      throw UserError("Invalid \"--config\" value: Cannot find \"" + explicit_path +
                          "\" in service folder",
                      "INVALID_SERVICE_CONFIG_PATH");
    }
    if (!fs::is_regular_file(file, ec)) {
      throw UserError("Invalid \"--config\" value: \"" + explicit_path + "\" is not a file",
                      "INVALID_SERVICE_CONFIG_PATH");
    }
    if (file.parent_path() != base) {
      throw UserError(
          "Service configuration is expected to be placed in a root of a service (working "
          "directory). All paths, function handlers in a configuration are resolved against "
          "service directory.",
          "NESTED_CUSTOM_CONFIGURATION_PATH");
    }
    if (unsupported_script(file)) throw script_error(file);
    return file;
  }

  for (auto ext : kSupported) {
    fs::path file = base / ("serverless." + std::string(ext));
    if (fs::is_regular_file(file, ec)) {
      if (unsupported_script(file)) throw script_error(file);
      return file;
    }
  }
  throw UserError(
      "This command can only be run in a service directory. Make sure to reference a valid "
      "config file in the current working directory if you're using a custom config file "
      "(looked for serverless.yml, serverless.yaml and serverless.json in " +
          base.string() + ")",
      "MISSING_SERVICE_CONTEXT");
}

}  // namespace sls::config
