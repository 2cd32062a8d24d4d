// SHA-256, SHA-1, MD5, HMAC-SHA256 and base64 over nettle: no library
// initialisation (OpenSSL 3 spends ~4M instructions setting up providers before
// its first digest) and SHA-NI where the CPU has it.
#pragma once
#include <nettle/md5.h>
#include <nettle/sha1.h>
#include <nettle/sha2.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sls::digest {

class Sha256 {
 public:
  Sha256() { sha256_init(&ctx_); }
  void update(const void* data, size_t n) { sha256_update(&ctx_, n, static_cast<const uint8_t*>(data)); }
  void update(std::string_view s) { update(s.data(), s.size()); }
  // The digest; the object starts over afterwards.
  std::array<uint8_t, 32> finish() {
    std::array<uint8_t, 32> out;
    sha256_digest(&ctx_, out.size(), out.data());
    return out;
  }

 private:
  sha256_ctx ctx_;
};

class Sha1 {
 public:
  Sha1() { sha1_init(&ctx_); }
  void update(const void* data, size_t n) { sha1_update(&ctx_, n, static_cast<const uint8_t*>(data)); }
  void update(std::string_view s) { update(s.data(), s.size()); }
  std::array<uint8_t, 20> finish() {
    std::array<uint8_t, 20> out;
    sha1_digest(&ctx_, out.size(), out.data());
    return out;
  }

 private:
  sha1_ctx ctx_;
};

// Raw digests of a whole string.
std::string sha256(std::string_view data);
std::string sha1(std::string_view data);
std::string md5(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);

// Lowercase hex and standard (padded) base64 of bytes.
std::string hex(std::string_view bytes);
std::string base64(std::string_view bytes);
template <size_t N>
std::string hex(const std::array<uint8_t, N>& d) {
  return hex(std::string_view(reinterpret_cast<const char*>(d.data()), N));
}
template <size_t N>
std::string base64(const std::array<uint8_t, N>& d) {
  return base64(std::string_view(reinterpret_cast<const char*>(d.data()), N));
}
// Standard padded base64; nullopt on bad input.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace sls::digest
