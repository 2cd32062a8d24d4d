// libcurl, loaded with dlopen the first time sls talks to AWS. Linking it
// would make every start pay for its ~25 shared libraries (Kerberos, LDAP,
// GnuTLS, ...): about 7 ms of dynamic linking on each `sls package`, which
// never makes a network call.
#pragma once
#include <curl/curl.h>

namespace sls::aws::api {

struct CurlApi {
  CURLcode (*global_init)(long flags);
  CURL* (*easy_init)();
  void (*easy_cleanup)(CURL* handle);
  void (*easy_reset)(CURL* handle);
  CURLcode (*easy_setopt)(CURL* handle, CURLoption option, ...);
  CURLcode (*easy_perform)(CURL* handle);
  CURLcode (*easy_getinfo)(CURL* handle, CURLINFO info, ...);
  const char* (*easy_strerror)(CURLcode code);
  curl_slist* (*slist_append)(curl_slist* list, const char* text);
  void (*slist_free_all)(curl_slist* list);
};

// The loaded library (curl_global_init done). Throws a UserError naming the
// Debian package to install when libcurl cannot be loaded.
const CurlApi& curl_api();

}  // namespace sls::aws::api
