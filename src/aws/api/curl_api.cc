#include "aws/api/curl_api.h"

#include <dlfcn.h>

#include <mutex>
#include <string>

#include "util/error.h"

namespace sls::aws::api {

namespace {

template <typename Fn>
void bind(void* lib, const char* name, Fn& out) {
  void* sym = dlsym(lib, name);
  if (!sym) throw UserError(std::string("libcurl lacks ") + name + ": install a libcurl 7.x (Debian: libcurl4).");
  out = reinterpret_cast<Fn>(sym);
}

CurlApi load() {
  void* lib = nullptr;
  for (const char* name : {"libcurl.so.4", "libcurl.so", "libcurl-gnutls.so.4"}) {
    lib = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (lib) break;
  }
  if (!lib)
    throw UserError("sls needs libcurl to reach AWS, and it could not be loaded (" + std::string(dlerror()) +
                    "). Install it (Debian: apt-get install libcurl4) and run the command again.");
  CurlApi api{};
  bind(lib, "curl_global_init", api.global_init);
  bind(lib, "curl_easy_init", api.easy_init);
  bind(lib, "curl_easy_cleanup", api.easy_cleanup);
  bind(lib, "curl_easy_reset", api.easy_reset);
  bind(lib, "curl_easy_setopt", api.easy_setopt);
  bind(lib, "curl_easy_perform", api.easy_perform);
  bind(lib, "curl_easy_getinfo", api.easy_getinfo);
  bind(lib, "curl_easy_strerror", api.easy_strerror);
  bind(lib, "curl_slist_append", api.slist_append);
  bind(lib, "curl_slist_free_all", api.slist_free_all);
  api.global_init(CURL_GLOBAL_DEFAULT);
  return api;
}

}  // namespace

const CurlApi& curl_api() {
  // Loaded once per process and never changed afterwards.
  static const CurlApi api = load();
  return api;
}

}  // namespace sls::aws::api
