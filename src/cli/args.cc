#include "cli/args.h"

#include <algorithm>

#include "util/error.h"

namespace sls::cli {

namespace {

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

bool is_option_word(const std::string& s) { return s.size() > 1 && s[0] == '-' && s != "--"; }

const OptionSpec* find_option(const std::vector<OptionSpec>& opts, const std::string& name) {
  for (const auto& o : opts)
    if (o.name == name) return &o;
  return nullptr;
}

const OptionSpec* find_shortcut(const std::vector<OptionSpec>& opts, char c) {
  for (const auto& o : opts)
    if (o.shortcut == c) return &o;
  return nullptr;
}

// Resolves the longest run of leading words that names a known command.
const CommandSpec* match_command(const std::vector<std::string>& words, size_t& used) {
  const CommandSpec* best = nullptr;
  std::string name;
  for (size_t i = 0; i < words.size(); ++i) {
    name += (i ? " " : "") + words[i];
    if (const CommandSpec* c = find_command(name)) {
      best = c;
      used = i + 1;
    }
  }
  return best;
}

}  // namespace

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_d = std::max<size_t>(3, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    size_t d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

void unknown_command(const std::string& word, const std::vector<std::string>& extra) {
  std::vector<std::string> names = extra;
  for (const auto& c : all_commands()) names.push_back(c.name);
  std::string hint = did_you_mean(word, names);
  throw UserError("Serverless command \"" + word + "\" not found." +
                      (hint.empty() ? "" : " Did you mean \"" + hint + "\"?") +
                      " Run \"sls help\" for a list of all available commands.",
                  "UNRECOGNIZED_CLI_COMMAND");
}

namespace {

std::vector<std::string> leading_words(const std::vector<std::string>& argv, size_t& i) {
  std::vector<std::string> words;
  i = 0;
  while (i < argv.size() && !is_option_word(argv[i]) && argv[i] != "--") words.push_back(argv[i++]);
  return words;
}

void parse_options(const std::vector<std::string>& argv, size_t i, ParsedArgs& out, bool lenient);

}  // namespace

bool names_unknown_command(const std::vector<std::string>& argv) {
  size_t i = 0, used = 0;
  std::vector<std::string> words = leading_words(argv, i);
  return !words.empty() && !match_command(words, used);
}

bool may_name_plugin_command(const std::vector<std::string>& argv) {
  size_t i = 0, used = 0;
  std::vector<std::string> words = leading_words(argv, i);
  return !words.empty() && (!match_command(words, used) || used < words.size());
}

ParsedArgs parse_unknown_command_args(const std::vector<std::string>& argv) {
  ParsedArgs out;
  size_t i = 0;
  std::vector<std::string> words = leading_words(argv, i);
  for (const auto& w : words) out.command += (out.command.empty() ? "" : " ") + w;
  parse_options(argv, i, out, true);
  return out;
}

ParsedArgs parse_args_for(const std::vector<std::string>& argv, std::shared_ptr<const CommandSpec> spec) {
  ParsedArgs out;
  size_t i = 0;
  std::vector<std::string> words = leading_words(argv, i);
  size_t used = 1 + std::count(spec->name.begin(), spec->name.end(), ' ');
  for (size_t k = used; k < words.size(); ++k) out.positional.push_back(words[k]);
  out.command = spec->name;
  out.owned_spec = std::move(spec);
  out.spec = out.owned_spec.get();
  parse_options(argv, i, out, false);
  return out;
}

ParsedArgs parse_args(const std::vector<std::string>& argv) {
  ParsedArgs out;
  // Split words and options: leading non-option words form the command.
  size_t i = 0;
  std::vector<std::string> words = leading_words(argv, i);

  size_t used = 0;
  if (!words.empty()) {
    out.spec = match_command(words, used);
    if (!out.spec) unknown_command(words[0]);
    out.command = out.spec->name;
    for (size_t k = used; k < words.size(); ++k) out.positional.push_back(words[k]);
  }
  parse_options(argv, i, out, false);
  return out;
}

namespace {

// The options from argv[i] on. `lenient`: unknown ones are kept, not refused.
void parse_options(const std::vector<std::string>& argv, size_t i, ParsedArgs& out, bool lenient) {
  CommandSpec common{"", "", {}, {}, true, true, true, false};
  std::vector<OptionSpec> opts = out.spec ? options_for(*out.spec) : lenient ? options_for(common) : global_options();
  auto set_value = [&](const OptionSpec& o, Json value) {
    if (o.type == OptionType::Multiple) {
      out.options[o.name].push_back(std::move(value));
      return;
    }
    if (out.options.contains(o.name))
      throw UserError("Unexpected multiple \"--" + o.name + "\"", "UNEXPECTED_CLI_PARAM_MULTIPLE_VALUE");
    out.options[o.name] = std::move(value);
  };
  auto unknown = [&](const std::string& shown, const std::string& name) {
    if (lenient) return;
    std::vector<std::string> names;
    for (const auto& o : opts) names.push_back(o.name);
    std::string hint = did_you_mean(name, names);
    throw UserError("Detected unrecognized CLI options: \"" + shown + "\"." +
                        (hint.empty() ? "" : " Did you mean \"--" + hint + "\"?") +
                        (out.spec ? " Run \"sls " + out.spec->name + " --help\" for its options." : ""),
                    "UNSUPPORTED_CLI_OPTIONS");
  };

  for (; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg == "--") {
      for (++i; i < argv.size(); ++i) out.positional.push_back(argv[i]);
      break;
    }
    if (!is_option_word(arg)) {
      out.positional.push_back(arg);
      continue;
    }
    std::string name, value;
    bool has_value = false;
    const OptionSpec* spec = nullptr;
    if (arg.rfind("--", 0) == 0) {
      name = arg.substr(2);
      auto eq = name.find('=');
      if (eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
        has_value = true;
      }
      spec = find_option(opts, name);
      if (!spec && name.rfind("no-", 0) == 0) {
        const OptionSpec* neg = find_option(opts, name.substr(3));
        if (neg && neg->type == OptionType::Boolean && !has_value) {
          set_value(*neg, false);
          continue;
        }
      }
      if (!spec) {
        unknown(arg, name);
        if (!has_value && i + 1 < argv.size() && !is_option_word(argv[i + 1]) && argv[i + 1] != "--") {
          value = argv[++i];
          has_value = true;
        }
        if (!name.empty() && !out.options.contains(name)) out.options[name] = has_value ? Json(value) : Json(true);
        continue;
      }
    } else {
      // -s value, or a group of boolean shortcuts (-hv)
      std::string letters = arg.substr(1);
      auto eq = letters.find('=');
      if (eq != std::string::npos) {
        value = letters.substr(eq + 1);
        letters = letters.substr(0, eq);
        has_value = true;
      }
      if (letters.size() > 1) {
        if (has_value) throw UserError("Unexpected value for \"-" + letters + "\"", "UNEXPECTED_CLI_PARAM_VALUE");
        for (char c : letters) {
          const OptionSpec* s = find_shortcut(opts, c);
          if (!s) {
            unknown(std::string("-") + c, std::string(1, c));
            continue;
          }
          set_value(*s, true);
        }
        continue;
      }
      spec = letters.empty() ? nullptr : find_shortcut(opts, letters[0]);
      if (!spec) {
        unknown(arg, letters);
        if (!has_value && i + 1 < argv.size() && !is_option_word(argv[i + 1]) && argv[i + 1] != "--") ++i;
        continue;
      }
      name = spec->name;
    }

    if (spec->type == OptionType::Boolean) {
      if (has_value) {
        if (spec->name == "debug") {  // --debug=* (osls namespaces) is accepted
          set_value(*spec, true);
          continue;
        }
        throw UserError("Unexpected value for \"--" + spec->name + "\"", "UNEXPECTED_CLI_PARAM_VALUE");
      }
      set_value(*spec, true);
      continue;
    }
    if (!has_value) {
      if (i + 1 >= argv.size() || is_option_word(argv[i + 1]) || argv[i + 1] == "--")
        throw UserError("Missing value for CLI parameter \"--" + spec->name + "\"", "MISSING_CLI_PARAM_VALUE");
      value = argv[++i];
    }
    set_value(*spec, value);
  }
}

}  // namespace

}  // namespace sls::cli
