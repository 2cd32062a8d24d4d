// serverless-dotenv-plugin (6.x), built in: loads .env files into
// provider.environment as the plugin does when sls loads the service.
// Files: custom.dotenv.path (one or a list), else those of
// <basePath>.env.<env>.local, .env.<env>, .env.local (not for env "test") and
// .env that exist, where env is $NODE_ENV, --env, --stage or "development".
// With variableExpansion (default) each file is expanded as dotenv-expand 10
// does against process.env, so the first file (and the real environment) wins;
// without it later files override earlier ones. include / exclude filter the
// keys, required.file / required.env stop with the plugin's errors, logging: false
// silences its lines.
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "config/var_dotenv.h"
#include "util/json.h"

namespace sls::config {

inline constexpr const char* kDotenvPlugin = "serverless-dotenv-plugin";

struct DotenvPluginInput {
  std::filesystem::path dir;       // relative file names are looked up here
  Json options = Json::object();   // CLI options (env, stage)
  vars::EnvLookup getenv;          // the process environment (empty: std::getenv); useDotenv's files join it
  std::string stage;               // the service's stage (which file useDotenv loads)
};

struct DotenvPluginLog {
  std::vector<std::string> notices;   // "DOTENV: Loading environment variables from .env:", "\t - KEY"
  std::vector<std::string> warnings;  // "DOTENV (WARNING): ..."
};

// Sets the variables in config.provider.environment (created when missing).
// Throws UserError (DOTENV_PLUGIN) where the plugin halts.
DotenvPluginLog apply_dotenv_plugin(Json& config, const DotenvPluginInput& input);

}  // namespace sls::config
