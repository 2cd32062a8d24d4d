#include "aws/api/http.h"

#include "aws/api/curl_api.h"
#include "util/text.h"
#include <fmt/format.h>

#include <cctype>
#include <mutex>

namespace sls::aws::api {
namespace {

size_t on_body(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* headers = static_cast<Headers*>(user);
  std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    headers->clear();  // a new response (after 100 Continue or a redirect)
  } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
      value.remove_suffix(1);
    }
    headers->emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
  return size * count;
}

}  // namespace

std::string HttpResponse::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (iequals(k, name)) return v;
  }
  return "";
}

HttpOptions http_options_from_env(const EnvLookup& env) {
  HttpOptions o;
  o.ca_bundle = env("AWS_CA_BUNDLE").value_or("");
  return o;
}

std::string transport_hint(int curl_code) {
  switch (curl_code) {
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
      return "Check the host name, your DNS and any proxy settings (HTTPS_PROXY, NO_PROXY).";
    case CURLE_COULDNT_CONNECT:
      return "Check that the endpoint is up and reachable from this machine (firewall, VPN, proxy).";
    case CURLE_OPERATION_TIMEDOUT:
      return "The endpoint did not answer in time; check your network connection and any proxy.";
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
      return "The TLS handshake failed; check the system clock, AWS_CA_BUNDLE and any TLS-inspecting proxy.";
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
      return "The connection dropped in the middle of a reply; an unstable network or a proxy may be cutting it.";
    default:
      return "Check your network connection and any proxy between this machine and AWS.";
  }
}

std::string loggable_url(std::string_view url) {
  return std::string(url.substr(0, url.find_first_of("?#")));
}

HttpClient::HttpClient(HttpOptions options) : options_(std::move(options)) {
  handle_ = curl_api().easy_init();
  if (!handle_) throw std::runtime_error("curl_easy_init failed");
}

HttpClient::~HttpClient() { curl_api().easy_cleanup(static_cast<CURL*>(handle_)); }

HttpResponse HttpClient::send(const HttpRequest& request) {
  const CurlApi& c = curl_api();
  CURL* curl = static_cast<CURL*>(handle_);
  c.easy_reset(curl);  // keeps the connection cache
  HttpResponse response;
  c.easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  c.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  c.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
  c.easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.request_timeout.count()));
  if (options_.idle_timeout.count() > 0) {
    c.easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    c.easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options_.idle_timeout.count()));
  }
  if (!options_.ca_bundle.empty()) c.easy_setopt(curl, CURLOPT_CAINFO, options_.ca_bundle.c_str());
  if (!options_.user_agent.empty()) c.easy_setopt(curl, CURLOPT_USERAGENT, options_.user_agent.c_str());
  c.easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  c.easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  c.easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  c.easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);

  if (request.method == "HEAD") {
    c.easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (request.method == "GET" && request.body.empty()) {
    c.easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else {
    c.easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
      c.easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
      c.easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    }
  }

  curl_slist* list = nullptr;
  bool has_content_type = false;
  for (const auto& [k, v] : request.headers) {
    list = c.slist_append(list, (k + ": " + v).c_str());
    has_content_type = has_content_type || iequals(k, "content-type");
  }
  list = c.slist_append(list, "Expect:");  // no 100-continue round trip
  // libcurl defaults POST bodies to form encoding; send none unless asked.
  if (!has_content_type) list = c.slist_append(list, "Content-Type:");
  c.easy_setopt(curl, CURLOPT_HTTPHEADER, list);

  auto started = std::chrono::steady_clock::now();
  CURLcode rc = c.easy_perform(curl);
  c.slist_free_all(list);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  if (rc != CURLE_OK) {
    if (options_.debug) {
      options_.debug(fmt::format("{} {} failed: {} ({} ms)", request.method, loggable_url(request.url),
                                 c.easy_strerror(rc), ms.count()));
    }
    throw TransportError(fmt::format("{} {}: {}", request.method, loggable_url(request.url), c.easy_strerror(rc)),
                         static_cast<int>(rc));
  }
  c.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  if (options_.debug) {
    options_.debug(fmt::format("{} {} -> {} ({} ms)", request.method, loggable_url(request.url), response.status,
                               ms.count()));
  }
  return response;
}

}  // namespace sls::aws::api
