#include "util/digest.h"

#include <nettle/base64.h>
#include <nettle/hmac.h>

namespace sls::digest {
namespace {

const uint8_t* bytes(std::string_view s) { return reinterpret_cast<const uint8_t*>(s.data()); }

template <size_t N>
std::string raw(const std::array<uint8_t, N>& d) {
  return std::string(reinterpret_cast<const char*>(d.data()), N);
}

}  // namespace

std::string sha256(std::string_view data) {
  Sha256 h;
  h.update(data);
  return raw(h.finish());
}

std::string sha1(std::string_view data) {
  Sha1 h;
  h.update(data);
  return raw(h.finish());
}

std::string md5(std::string_view data) {
  md5_ctx ctx;
  md5_init(&ctx);
  md5_update(&ctx, data.size(), bytes(data));
  std::array<uint8_t, MD5_DIGEST_SIZE> out;
  md5_digest(&ctx, out.size(), out.data());
  return raw(out);
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  hmac_sha256_ctx ctx;
  hmac_sha256_set_key(&ctx, key.size(), bytes(key));
  hmac_sha256_update(&ctx, data.size(), bytes(data));
  std::array<uint8_t, SHA256_DIGEST_SIZE> out;
  hmac_sha256_digest(&ctx, out.size(), out.data());
  return raw(out);
}

std::string hex(std::string_view data) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(data.size() * 2, '\0');
  for (size_t i = 0; i < data.size(); ++i) {
    auto c = static_cast<unsigned char>(data[i]);
    out[2 * i] = kDigits[c >> 4];
    out[2 * i + 1] = kDigits[c & 0xF];
  }
  return out;
}

std::string base64(std::string_view data) {
  std::string out(BASE64_ENCODE_RAW_LENGTH(data.size()), '\0');
  base64_encode_raw(reinterpret_cast<char*>(out.data()), data.size(), bytes(data));
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  base64_decode_ctx ctx;
  base64_decode_init(&ctx);
  std::string out(BASE64_DECODE_LENGTH(text.size()), '\0');
  size_t n = out.size();
  if (!base64_decode_update(&ctx, &n, reinterpret_cast<uint8_t*>(out.data()), text.size(), text.data()) ||
      !base64_decode_final(&ctx))
    return std::nullopt;
  out.resize(n);
  return out;
}

}  // namespace sls::digest
