// The JavaScript half of the plugin bridge (shim_js.cc), and where it is
// written for `node` to run: a cache folder, under a name carrying a digest of
// its text (local/bootstrap.h's cache), so an old version is never run.
#pragma once
#include <filesystem>

namespace sls::bridge {

extern const char* const kShimScript;

std::filesystem::path shim_path();

}  // namespace sls::bridge
