#include "config/yaml_load.h"

#include <array>
#include <fstream>
#include <sstream>

#include "config/parse_error.h"
#include "util/error.h"
#include "util/js_order.h"

namespace sls::config {
namespace {

namespace fs = std::filesystem;

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
    Json value = Json::parse(text.begin(), text.end());
    js::order_keys_deep(value);  // osls reads the file into JavaScript objects
    return value;
  } catch (const Json::parse_error& e) {
    std::string what = e.what();
    size_t at = what.find("parse error");
    if (at != std::string::npos) {
      size_t colon = what.find(": ", at);
      what = colon != std::string::npos ? what.substr(colon + 2) : what.substr(at);
    }
    // e.byte is the 1-based offset of the offending byte.
    throw_parse_error(text, filename, position_of(text, e.byte > 0 ? e.byte - 1 : 0),
                      "JSON parse error: " + what);
  }
}

bool is_json_file(const fs::path& file) { return file.extension() == ".json"; }

}  // namespace

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
