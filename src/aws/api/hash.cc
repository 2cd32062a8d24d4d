#include "aws/api/hash.h"

#include "util/digest.h"

namespace sls::aws::api {

std::string hex_encode(std::string_view bytes) { return digest::hex(bytes); }
std::string base64_encode(std::string_view bytes) { return digest::base64(bytes); }
std::string sha256_raw(std::string_view data) { return digest::sha256(data); }
std::string sha256_hex(std::string_view data) { return digest::hex(digest::sha256(data)); }
std::string sha1_hex(std::string_view data) { return digest::hex(digest::sha1(data)); }
std::string md5_base64(std::string_view data) { return digest::base64(digest::md5(data)); }
std::string hmac_sha256_raw(std::string_view key, std::string_view data) { return digest::hmac_sha256(key, data); }

}  // namespace sls::aws::api
