#include "config/var_parse.h"

#include <cctype>
#include <string>

#include "config/var_js.h"

namespace sls::config::vars {
namespace {

using VarListRef = std::shared_ptr<VariableList>;

enum class State {
  kOut,
  kEscapeVar,
  kEscapeVarDollar,
  kMaybeVariableOpen,
  kMaybeTypeStart,
  kMaybeType,
  kMaybeNextSourceStart,
  kTypeOrSourceLiteral,
  kParamStart,
  kParam,
  kAfterParamString,
  kMaybeAddressOpen,
  kMaybeAddressStart,
  kAddress,
  kAfterAddressString,
  kAfterSourceLiteralString,
  kForeign,
  kDoubleQuotedString,
  kEscapeString,
  kSingleQuotedString,
};

bool is_lower_alpha(char c) { return c >= 'a' && c <= 'z'; }
bool is_alnum_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '.' || c == '-';
}
// A source type: /^[a-z][a-zA-Z0-9]*$/
bool is_type_name(std::string_view s) {
  if (s.empty() || !is_lower_alpha(s[0])) return false;
  for (char c : s.substr(1))
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
      return false;
  return true;
}

// What JSON.parse reports for a double-quoted literal (followed by blanks),
// or nullopt when it is valid.
std::optional<std::string> json_string_problem(std::string_view raw) {
  auto where = [&](std::size_t i) { return " in JSON at position " + std::to_string(js_index(raw, i)); };
  for (std::size_t i = 1; i < raw.size(); ++i) {
    unsigned char c = raw[i];
    if (c == '"') return std::nullopt;
    if (c < 0x20) return "Bad control character in string literal" + where(i);
    if (c != '\\') continue;
    char e = i + 1 < raw.size() ? raw[i + 1] : '\0';
    if (e == 'u') {
      for (std::size_t k = i + 2; k < i + 6; ++k)
        if (k >= raw.size() || !std::isxdigit(static_cast<unsigned char>(raw[k])))
          return "Bad Unicode escape" + where(k);
      i += 5;
    } else if (std::string_view("\"\\/bfnrt").find(e) != std::string_view::npos && e) {
      ++i;
    } else {
      return "Bad escaped character" + where(i + 1);
    }
  }
  return std::nullopt;
}

// The parser's state for one open variable, saved while a nested one is read.
struct Frame {
  State state;
  std::size_t variable_start;
  std::size_t context_start;
  VarListRef variables;
  VarListRef context_variables;
  std::optional<VarSource> current_source;
  std::optional<std::vector<VarSource>> sources;
};

// Drops start/end of a lone variable spanning all of `value`.
void normalize(std::string_view value, VariableList& list) {
  if (list.size() != 1) return;
  auto& v = *list.front();
  if (v.start && *v.start == 0 && v.end && *v.end == value.size()) {
    v.start.reset();
    v.end.reset();
  }
}

class Parser {
 public:
  explicit Parser(std::string_view value) : value_(value) {}

  std::optional<VariableList> run() {
    for (index_ = 0; index_ < value_.size(); ++index_) step(value_[index_]);
    if (current_source_ || sources_)
      fail("Missing variable closing bracket in " + std::string(value_), "UNTERMINATED_VARIABLE");
    if (!variables_ || variables_->empty()) return std::nullopt;
    VariableList result = *variables_;
    normalize(value_, result);
    return result;
  }

 private:
  std::string at(std::size_t i) const { return std::to_string(js_index(value_, i)); }
  std::string in_value() const { return " in \"" + std::string(value_) + "\""; }
  [[noreturn]] void error(const std::string& what, std::size_t i, const char* code) const {
    fail("Invalid variable " + what + " at index " + at(i) + in_value(), code);
  }
  bool in_variable_context() const {
    for (const auto& f : frames_)
      if (f.state != State::kForeign) return true;
    return false;
  }
  std::string slice(std::size_t from) const {
    return std::string(value_.substr(from, index_ - from));
  }

  void ensure_variables() {
    if (!variables_) variables_ = std::make_shared<VariableList>();
  }

  void finalize_source() {
    if (!sources_) sources_.emplace();
    sources_->push_back(std::move(*current_source_));
    current_source_.reset();
    state_ = State::kMaybeNextSourceStart;
  }

  void finalize_variable() {
    finalize_source();
    ensure_variables();
    auto v = std::make_shared<Variable>();
    v->start = variable_start_ - context_start_;
    v->end = index_ + 1 - context_start_;
    v->sources = std::move(sources_);
    variables_->push_back(v);
    sources_.reset();
    release_context();
  }

  void register_escape(std::size_t end, std::string text) {
    ensure_variables();
    auto v = std::make_shared<Variable>();
    v->start = *escape_start_ - context_start_;
    v->end = end - context_start_;
    v->value = std::move(text);
    variables_->push_back(v);
    escape_start_.reset();
  }
  // `\${` (odd number of backslashes): the `${` is literal text.
  void register_var_escape() {
    std::size_t slashes = (index_ - 1 - *escape_start_ - 1 + 1) / 2;
    register_escape(index_, std::string(slashes, '\\') + value_[index_ - 1]);
  }
  // `\\${` (even number): backslashes halve and the variable stays.
  void register_slash_escape() {
    std::size_t slashes = (index_ - 1 - *escape_start_ - 1 + 1) / 2;
    register_escape(index_ - 1, std::string(slashes, '\\'));
  }

  void register_context(std::optional<std::size_t> new_context_start = std::nullopt) {
    std::size_t ctx = new_context_start.value_or(context_start_);
    ensure_variables();
    if (ctx && !context_variables_) context_variables_ = std::make_shared<VariableList>();
    frames_.push_back(Frame{state_, variable_start_, context_start_, variables_,
                            context_variables_, current_source_, std::move(sources_)});
    state_ = State::kMaybeVariableOpen;
    variable_start_ = index_;
    sources_.reset();
    if (ctx) {
      context_start_ = ctx;
      variables_ = context_variables_;
    }
  }

  void release_context() {
    if (frames_.empty()) {
      state_ = State::kOut;
      return;
    }
    Frame f = std::move(frames_.back());
    frames_.pop_back();
    state_ = f.state;
    variable_start_ = f.variable_start;
    variables_ = f.variables;
    context_variables_ = f.context_variables;
    current_source_ = std::move(f.current_source);
    sources_ = std::move(f.sources);
    if (state_ == State::kParam) param_start_ = context_start_;
    if (state_ == State::kAddress) address_start_ = context_start_;
    context_start_ = f.context_start;
  }

  ValueMetaPtr make_meta(Json value, const VarListRef& variables) const {
    auto meta = std::make_shared<ValueMeta>();
    bool falsy = value.is_null() || (value.is_string() && value.get_ref<const std::string&>().empty()) ||
                 (value.is_boolean() && !value.get<bool>()) ||
                 (value.is_number() && value.get<double>() == 0);
    meta->value = falsy ? Json() : std::move(value);
    if (variables && !variables->empty()) {
      meta->variables = *variables;
      if (meta->value.is_string()) normalize(meta->value.get_ref<const std::string&>(), *meta->variables);
      else normalize("", *meta->variables);
    }
    return meta;
  }

  Json parse_string(std::size_t start) const {
    std::string raw = slice(start);
    if (value_[start] == '\'') {
      std::string trimmed = js_trim(raw);
      return trimmed.substr(1, trimmed.size() - 2);
    }
    if (auto problem = json_string_problem(raw))
      fail("Invalid string literal at index " + at(start) + in_value() + ": " + *problem,
           "INVALID_VARIABLE_STRING_LITERAL");
    try {
      return Json::parse(raw);
    } catch (const std::exception& e) {
      fail("Invalid string literal at index " + at(start) + in_value() + ": " + e.what(),
           "INVALID_VARIABLE_STRING_LITERAL");
    }
  }

  Json parse_literal(const std::string& literal, bool fallback_to_input) const {
    if (literal == "true") return true;
    if (literal == "false") return false;
    if (literal == "null") return nullptr;
    if (auto number = js_string_to_number(literal)) return js_number_json(*number);
    if (fallback_to_input) return literal;
    fail("Invalid literal source \"" + literal + "\" at index " + at(source_start_) + in_value(),
         "INVALID_VARIABLE_LITERAL_SOURCE");
  }

  void start_string(char c, State after) {
    string_context_ = after;
    state_ = c == '"' ? State::kDoubleQuotedString : State::kSingleQuotedString;
  }

  // Ends a source literal/type token, or fails for a non-type in a variable.
  void end_bad_type(char c, std::size_t error_index) {
    if (in_variable_context()) error("type", error_index, "INVALID_VARIABLE_TYPE");
    if (c == '}') {
      release_context();
    } else {
      state_ = State::kForeign;
      if (c == '$') register_context();
    }
  }

  void push_param(const VarListRef& context_vars, bool keep_empty) {
    std::string text = js_trim(slice(param_start_));
    if (text.empty() && !keep_empty) return;
    Json param = context_vars ? Json(text) : parse_literal(text, true);
    current_source_->params->push_back(make_meta(std::move(param), context_vars));
  }

  void set_address(const std::string& text) {
    current_source_->address = make_meta(Json(js_trim(text)), context_variables_);
  }

  void step(char c) {
    switch (state_) {
      case State::kOut:
        if (c == '\\') {
          if (!escape_start_) escape_start_ = index_;
          state_ = State::kEscapeVar;
        } else if (c == '$') {
          variable_start_ = index_;
          state_ = State::kMaybeVariableOpen;
        } else {
          escape_start_.reset();
        }
        break;
      case State::kEscapeVar:
        if (c == '$') {
          state_ = State::kEscapeVarDollar;
        } else {
          if (c != '\\') escape_start_.reset();
          state_ = State::kOut;
        }
        break;
      case State::kEscapeVarDollar:
        if (c == '{') {
          register_var_escape();
          state_ = State::kOut;
        } else {
          escape_start_.reset();
          if (c == '\\') {
            escape_start_ = index_;
            state_ = State::kEscapeVar;
          } else if (c == '$') {
            variable_start_ = index_;
            state_ = State::kMaybeVariableOpen;
          } else {
            state_ = State::kOut;
          }
        }
        break;
      case State::kMaybeVariableOpen:
        if (c == '{') {
          if (escape_start_) register_slash_escape();
          state_ = State::kMaybeTypeStart;
        } else {
          escape_start_.reset();
          if (c != '$') release_context();
        }
        break;
      case State::kMaybeTypeStart:
        if (is_lower_alpha(c)) {
          source_start_ = index_;
          state_ = State::kMaybeType;
        } else {
          end_bad_type(c, index_);
        }
        break;
      case State::kMaybeType:
        if (c == ':') {
          current_source_ = VarSource{slice(source_start_), {}, {}, {}};
          state_ = State::kMaybeAddressStart;
        } else if (c == '(') {
          current_source_ = VarSource{slice(source_start_), {}, std::vector<ValueMetaPtr>{}, {}};
          state_ = State::kParamStart;
        } else if (!is_alnum_char(c)) {
          end_bad_type(c, source_start_);
        }
        break;
      case State::kMaybeNextSourceStart:
        if (c == ' ') return;
        source_start_ = index_;
        if (is_alnum_char(c)) {
          state_ = State::kTypeOrSourceLiteral;
        } else if (c == '"' || c == '\'') {
          start_string(c, State::kAfterSourceLiteralString);
        } else {
          error("source", index_, "INVALID_VARIABLE_SOURCE");
        }
        break;
      case State::kTypeOrSourceLiteral:
        if (c == ' ') return;
        if (c == ':' || c == '(') {
          std::string type = slice(source_start_);
          if (!is_type_name(type)) error("source", source_start_, "INVALID_VARIABLE_SOURCE");
          current_source_ = VarSource{type, {}, {}, {}};
          if (c == '(') current_source_->params.emplace();
          state_ = c == ':' ? State::kMaybeAddressStart : State::kParamStart;
        } else if (c == '}') {
          current_source_ = VarSource{std::nullopt, parse_literal(js_trim(slice(source_start_)), false), {}, {}};
          finalize_variable();
        } else if (!is_alnum_char(c)) {
          error("source", source_start_, "INVALID_VARIABLE_SOURCE");
        }
        break;
      case State::kParamStart:
        if (c == ' ') return;
        if (c == ')') {
          state_ = State::kMaybeAddressOpen;
        } else if (c == ',') {
          current_source_->params->push_back(std::make_shared<ValueMeta>());
        } else if (c == '}') {
          error("param", index_, "INVALID_VARIABLE_PARAM");
        } else {
          param_start_ = index_;
          if (c == '"' || c == '\'') {
            start_string(c, State::kAfterParamString);
          } else {
            state_ = State::kParam;
            context_variables_.reset();
            if (c == '$') register_context(param_start_);
          }
        }
        break;
      case State::kParam:
        if (c == ')') {
          push_param(context_variables_, false);
          state_ = State::kMaybeAddressOpen;
        } else if (c == ',') {
          push_param(context_variables_, true);
          state_ = State::kParamStart;
        } else if (c == '}') {
          error("param", param_start_, "INVALID_VARIABLE_PARAM");
        } else if (c == '$') {
          register_context(param_start_);
        }
        break;
      case State::kAfterParamString:
        if (c == ' ') return;
        if (c == ')' || c == ',') {
          auto meta = std::make_shared<ValueMeta>();
          meta->value = parse_string(param_start_);
          current_source_->params->push_back(meta);
          state_ = c == ')' ? State::kMaybeAddressOpen : State::kParamStart;
        } else {
          error("param", param_start_, "INVALID_VARIABLE_PARAM");
        }
        break;
      case State::kMaybeAddressOpen:
        if (c == ' ') return;
        if (c == ':') {
          state_ = State::kMaybeAddressStart;
        } else if (c == '}') {
          finalize_variable();
        } else if (c == ',') {
          finalize_source();
        } else {
          error("address", index_, "INVALID_VARIABLE_ADDRESS");
        }
        break;
      case State::kMaybeAddressStart:
        if (c == ' ') return;
        if (c == '}') {
          finalize_variable();
        } else if (c == ',') {
          finalize_source();
        } else {
          address_start_ = index_;
          if (c == ':') {
            if (!current_source_->params && !in_variable_context()) {
              current_source_.reset();
              state_ = State::kForeign;
            } else {
              error("address", address_start_, "INVALID_VARIABLE_ADDRESS");
            }
          } else if (c == '"' || c == '\'') {
            start_string(c, State::kAfterAddressString);
          } else {
            state_ = State::kAddress;
            context_variables_.reset();
            if (c == '$') register_context(address_start_);
          }
        }
        break;
      case State::kAddress:
        if (c == '}') {
          set_address(slice(address_start_));
          finalize_variable();
        } else if (c == '$') {
          register_context(address_start_);
        } else if (c == ',') {
          set_address(slice(address_start_));
          finalize_source();
        }
        break;
      case State::kAfterAddressString:
        if (c == ' ') return;
        if (c == '}' || c == ',') {
          auto meta = std::make_shared<ValueMeta>();
          meta->value = parse_string(address_start_);
          current_source_->address = meta;
          if (c == '}') finalize_variable();
          else finalize_source();
        } else {
          error("address", address_start_, "INVALID_VARIABLE_ADDRESS");
        }
        break;
      case State::kAfterSourceLiteralString:
        if (c == ' ') return;
        if (c == '}') {
          current_source_ = VarSource{std::nullopt, parse_string(source_start_), {}, {}};
          finalize_variable();
        } else {
          error("source", source_start_, "INVALID_VARIABLE_SOURCE");
        }
        break;
      case State::kForeign:
        if (c == '}') release_context();
        else if (c == '$') register_context();
        break;
      case State::kEscapeString:
        state_ = State::kDoubleQuotedString;
        break;
      case State::kDoubleQuotedString:
        if (c == '"') state_ = string_context_;
        else if (c == '\\') state_ = State::kEscapeString;
        break;
      case State::kSingleQuotedString:
        if (c == '\'') state_ = string_context_;
        break;
    }
  }

  std::string_view value_;
  std::size_t index_ = 0;
  State state_ = State::kOut;
  State string_context_ = State::kOut;
  VarListRef variables_;
  VarListRef context_variables_;
  std::optional<std::vector<VarSource>> sources_;
  std::optional<VarSource> current_source_;
  std::vector<Frame> frames_;
  std::size_t context_start_ = 0;
  std::optional<std::size_t> escape_start_;
  std::size_t variable_start_ = 0;
  std::size_t source_start_ = 0;
  std::size_t param_start_ = 0;
  std::size_t address_start_ = 0;
};

}  // namespace

std::optional<VariableList> parse_variables(std::string_view value) {
  return Parser(value).run();
}

}  // namespace sls::config::vars
