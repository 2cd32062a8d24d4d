// Hash and MAC helpers used by request signing and uploads (util/digest underneath).
#pragma once
#include <string>
#include <string_view>

namespace sls::aws::api {

std::string sha256_raw(std::string_view data);
std::string sha256_hex(std::string_view data);
std::string hmac_sha256_raw(std::string_view key, std::string_view data);
std::string sha1_hex(std::string_view data);
std::string md5_base64(std::string_view data);
std::string hex_encode(std::string_view bytes);
std::string base64_encode(std::string_view bytes);

}  // namespace sls::aws::api
