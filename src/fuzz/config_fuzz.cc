// libFuzzer target: a configuration file's bytes through what `sls` does
// before compiling: YAML loading, variable resolution and schema validation
// (with coercion). Any UserError is a correct answer; anything else that
// escapes (another exception, a sanitizer report, a crash, a hang) is a bug.
// Built with -DSLS_FUZZ=ON by a clang build (scripts/fuzz.sh), seeded from
// the golden cases.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "config/validate.h"
#include "config/variables.h"
#include "config/yaml_parse.h"
#include "util/error.h"

namespace {

// Every event type name, no body checks: the provider's schemas are not linked here.
class AnyEventTypes final : public sls::config::EventTypes {
 public:
  bool find(std::string_view, sls::config::EventCheck& check) const override {
    check = nullptr;
    return true;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    sls::Json doc = sls::config::parse_yaml(text, "serverless.yml");
    sls::config::ResolveInput input;
    input.service_dir = "/nonexistent/sls-fuzz";  // ${file()} finds nothing
    input.config_file_name = "serverless.yml";
    input.getenv = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
    input.instance_id = "fuzz";
    sls::Json config = sls::config::resolve_variables(doc, input);
    static const AnyEventTypes kEvents;
    sls::config::validate_and_coerce(config, kEvents);
  } catch (const sls::UserError&) {
  }
  return 0;
}
