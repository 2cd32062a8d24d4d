#include "cli/print_command.h"

#include "config/yaml_emit.h"
#include "util/error.h"

namespace sls::cli {

std::string print_config(const Json& config, const Json& options) {
  Json value = config;
  if (options.contains("path")) {
    std::string path = options["path"].get<std::string>();
    size_t start = 0;
    while (true) {
      size_t dot = path.find('.', start);
      std::string step = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      const Json* next = nullptr;
      if (value.is_object() && value.contains(step)) {
        next = &value[step];
      } else if (value.is_array() && !step.empty() &&
                 step.find_first_not_of("0123456789") == std::string::npos) {
        size_t idx = std::stoul(step);
        if (idx < value.size()) next = &value[idx];
      }
      if (!next) throw UserError("Path \"" + path + "\" not found", "INVALID_PATH_ARGUMENT");
      Json copy = *next;
      value = std::move(copy);
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
  }
  if (options.contains("transform")) {
    if (options["transform"] != "keys") throw UserError("Transform can only be \"keys\"", "INVALID_TRANSFORM");
    Json keys = Json::array();
    if (value.is_object())
      for (auto it = value.begin(); it != value.end(); ++it) keys.push_back(it.key());
    else if (value.is_array())
      for (size_t i = 0; i < value.size(); ++i) keys.push_back(std::to_string(i));
    value = keys;
  }
  std::string format = options.value("format", "yaml");
  if (format == "text") {
    if (value.is_array()) {
      std::string out;
      for (size_t i = 0; i < value.size(); ++i) {
        if (i) out += "\n";
        out += value[i].is_string() ? value[i].get<std::string>() : value[i].dump();
      }
      return out;
    }
    if (value.is_object()) throw UserError("Cannot print an object as \"text\"", "PRINT_INVALID_OBJECT_AS_TEXT");
    return value.is_string() ? value.get<std::string>() : value.dump();
  }
  if (format == "json") return value.dump(2);
  if (format == "yaml") return config::dump_yaml(value);
  throw UserError("Format must be \"yaml\", \"json\" or \"text\"", "PRINT_INVALID_FORMAT");
}

}  // namespace sls::cli
