// Providers other than AWS come from plugins, as in the Serverless Framework:
// a service with `provider.name: google` needs serverless-google-cloudfunctions
// listed in `plugins:` and installed; its hooks then run the whole command
// (cli/provider_lifecycle.h). These helpers tell such services apart and name
// the plugin a provider needs.
#pragma once
#include <string>

#include "util/json.h"

namespace sls::config {

// provider.name (or a string `provider:`) when it is a name other than "aws";
// "" for AWS services and for a provider that is not a string.
std::string plugin_provider_name(const Json& config);

// How PluginDefinitions (config/event_types.h) carries a provider a plugin
// defines (configSchemaHandler.defineProvider): as osls does, as the provider
// property `name` fixed to that value, an entry "name=<provider>" of its
// `provider` list (no property is called so).
std::string provider_definition(const std::string& provider);
// The provider of such an entry; "" for any other entry.
std::string defined_provider(const std::string& entry);

// The npm package of a known provider plugin ("google" ->
// "serverless-google-cloudfunctions"); "" for a provider sls does not know.
std::string known_provider_plugin(const std::string& provider);

}  // namespace sls::config
