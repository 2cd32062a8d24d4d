// Our own runtime bootstraps for warm worker processes: small scripts,
// embedded here and written to a cache folder at run time, that load a
// handler once (its init code runs once per worker) and then answer
// invocations read from fd 3 on fd 4, each a frame (framing.h) of JSON:
//   request  {"event": ..., "context": {awsRequestId, functionName, functionVersion,
//             invokedFunctionArn, memoryLimitInMB, logGroupName, logStreamName,
//             timeoutMs (0: none)}, "customContext": {...}?, "pretty": bool}
//   The server may send a request before the previous one is answered: a
//   bootstrap runs one invocation at a time, in order, each counting its
//   timeout (context.getRemainingTimeInMillis) from its own start.
//   answer   {"type": "result", "result": ...?, "pretty": "..."?}
//          | {"type": "error", "error": {errorMessage, errorType, stackTrace}, "init": true?}
// "pretty" asks for the result as `sls invoke local` prints it, formatted by the
// runtime itself (JSON.stringify(r, null, 4) / json.dumps(r, indent=4)).
#pragma once
#include <filesystem>
#include <string>

namespace sls::local {

extern const char* const kNodeBootstrap;
extern const char* const kPythonBootstrap;

enum class RuntimeFamily { node, python, provided, unsupported };  // provided: runtime_api.h

RuntimeFamily runtime_family(const std::string& runtime);  // "nodejs24.x" -> node, "provided.al2023" -> provided

// The bootstrap script of the family, written once into a cache folder
// ($XDG_CACHE_HOME/sls, ~/.cache/sls, else the temp folder) under a name that
// carries a digest of its text, so an old version is never used.
std::filesystem::path bootstrap_path(RuntimeFamily family);

// `text` written once into that cache folder as "<digest>-<name>" (also used
// for the plugin bridge's script, bridge/shim.h).
std::filesystem::path cached_script(const std::string& name, const std::string& text);

}  // namespace sls::local
