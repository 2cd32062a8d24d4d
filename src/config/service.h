// The service a command works on: where it lives, its fully resolved
// configuration and the stage/region it targets.
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "util/json.h"

namespace sls {

// Options given on the command line. `values` holds every --flag as it was
// given (what ${opt:...} sees); the named fields are the common ones.
struct CliOptions {
  Json values = Json::object();                 // {"stage": "prod", "verbose": true, ...}
  std::vector<std::pair<std::string, std::string>> params;  // --param k=v, in order
  std::string config;                           // --config / -c, empty if not given
  bool verbose = false;
  bool debug = false;
};

struct Service {
  std::filesystem::path dir;          // the service folder (absolute)
  std::filesystem::path config_file;  // absolute path of serverless.yml / .yaml / .json
  std::string config_file_name;       // as osls records it: "serverless.yml"
  Json initial_config;                // the document before variable resolution
  Json config;                        // fully resolved configuration
  std::string name;                   // config["service"]
  std::string stage;                  // options > provider.stage > "dev"
  std::string region;                 // options > provider.region > "us-east-1"
  CliOptions options;
  std::vector<std::string> warnings;  // e.g. schema issues with configValidationMode: warn
};

}  // namespace sls
