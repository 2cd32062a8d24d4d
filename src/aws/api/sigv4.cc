#include "aws/api/sigv4.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>
#include <set>

#include "aws/api/hash.h"
#include "util/text.h"

namespace sls::aws::api {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

// Trims and collapses runs of spaces, as the canonical header value requires.
std::string canonical_value(std::string_view v) {
  std::string out;
  bool space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// Headers that proxies may rewrite and AWS SDKs never sign.
bool unsignable(const std::string& name) {
  static const std::set<std::string> kSkip = {
      "authorization", "connection", "expect", "keep-alive", "proxy-authorization", "te",
      "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id"};
  return kSkip.count(name) > 0;
}

const std::string* find_header(const Headers& headers, std::string_view lower_name) {
  for (const auto& [k, v] : headers) {
    if (iequals(k, lower_name)) return &v;
  }
  return nullptr;
}

std::string canonical_query(const QueryParams& query) {
  std::vector<std::pair<std::string, std::string>> encoded;
  for (const auto& [k, v] : query) encoded.emplace_back(uri_encode(k), uri_encode(v));
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [k, v] : encoded) {
    if (!out.empty()) out += '&';
    out += k + "=" + v;
  }
  return out;
}

}  // namespace

std::string amz_date(std::chrono::system_clock::time_point t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

std::string normalize_path(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view seg = path.substr(i, j - i);
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(seg);
    }
    i = j + 1;
  }
  std::string out;
  for (auto seg : segments) {
    out += '/';
    out += seg;
  }
  bool trailing = !path.empty() && (path.back() == '/' || path.ends_with("/.") || path.ends_with("/.."));
  if (out.empty() || trailing) out += '/';
  return out;
}

SigningOptions s3_signing(std::string region, bool unsigned_payload) {
  SigningOptions o;
  o.service = "s3";
  o.region = std::move(region);
  o.raw_path = true;
  o.content_sha256_header = true;
  o.unsigned_payload = unsigned_payload;
  return o;
}

Signature sign_v4(SignableRequest& request, const Credentials& credentials, const SigningOptions& options) {
  const std::string date_time =
      options.amz_date.empty() ? amz_date(std::chrono::system_clock::now()) : options.amz_date;
  const std::string date = date_time.substr(0, 8);

  std::string payload_hash;
  if (const std::string* given = find_header(request.headers, "x-amz-content-sha256")) {
    payload_hash = *given;
  } else {
    payload_hash = options.unsigned_payload ? "UNSIGNED-PAYLOAD" : sha256_hex(request.payload);
    if (options.content_sha256_header) request.headers.emplace_back("x-amz-content-sha256", payload_hash);
  }
  request.headers.emplace_back("X-Amz-Date", date_time);
  if (!credentials.session_token.empty()) {
    request.headers.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }

  // Canonical headers: lower-case names, sorted; repeated names joined by ','.
  std::map<std::string, std::string> canonical;
  canonical["host"] = request.host;
  for (const auto& [name, value] : request.headers) {
    std::string key = ascii_lower(name);
    if (unsignable(key) || key == "host") continue;
    auto [it, inserted] = canonical.emplace(key, canonical_value(value));
    if (!inserted) it->second += "," + canonical_value(value);
  }
  std::string header_block, signed_headers;
  for (const auto& [k, v] : canonical) {
    header_block += k + ":" + v + "\n";
    if (!signed_headers.empty()) signed_headers += ';';
    signed_headers += k;
  }

  std::string path = request.path.empty() ? "/" : request.path;
  if (!options.raw_path) path = uri_encode(normalize_path(path), /*keep_slash=*/true);

  Signature out;
  out.canonical_request = fmt::format("{}\n{}\n{}\n{}\n{}\n{}", request.method, path,
                                      canonical_query(request.query), header_block, signed_headers,
                                      payload_hash);
  const std::string scope = fmt::format("{}/{}/{}/aws4_request", date, options.region, options.service);
  out.string_to_sign =
      fmt::format("{}\n{}\n{}\n{}", kAlgorithm, date_time, scope, sha256_hex(out.canonical_request));

  std::string key = hmac_sha256_raw("AWS4" + credentials.secret_access_key, date);
  key = hmac_sha256_raw(key, options.region);
  key = hmac_sha256_raw(key, options.service);
  key = hmac_sha256_raw(key, "aws4_request");
  out.signature = hex_encode(hmac_sha256_raw(key, out.string_to_sign));
  out.authorization = fmt::format("{} Credential={}/{}, SignedHeaders={}, Signature={}", kAlgorithm,
                                  credentials.access_key_id, scope, signed_headers, out.signature);
  request.headers.emplace_back("Authorization", out.authorization);
  return out;
}

}  // namespace sls::aws::api
