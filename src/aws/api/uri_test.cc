#include "aws/api/uri.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace sls::aws::api {

TEST(AwsUri, EncodesAllButUnreserved) {
  EXPECT_EQ(uri_encode("a b/c~d+e*"), "a%20b%2Fc~d%2Be%2A");
  EXPECT_EQ(uri_encode("dir/file name.zip", true), "dir/file%20name.zip");
  EXPECT_EQ(uri_encode("\xE1\x88\xB4"), "%E1%88%B4");
  EXPECT_EQ(uri_decode("a%20b%2fc%"), "a b/c%");
}

TEST(AwsUri, EncodesQueryInOrder) {
  EXPECT_EQ(encode_query({{"list-type", "2"}, {"prefix", "a b"}}), "list-type=2&prefix=a%20b");
}

TEST(AwsUri, ParsesEndpointUrls) {
  Url u = parse_url("http://127.0.0.1:5000");
  EXPECT_EQ(u.scheme, "http");
  EXPECT_EQ(u.host, "127.0.0.1");
  EXPECT_EQ(u.port, 5000);
  EXPECT_EQ(u.path, "/");
  EXPECT_EQ(u.authority(), "127.0.0.1:5000");
  Url v = parse_url("HTTPS://s3.amazonaws.com:443/base?x");
  EXPECT_EQ(v.authority(), "s3.amazonaws.com");
  EXPECT_EQ(v.path, "/base");
  EXPECT_EQ(parse_url("http://[::1]:8080").host, "[::1]");
  EXPECT_THROW(parse_url("localhost:4566"), UserError);
  EXPECT_THROW(parse_url("ftp://x"), UserError);
  EXPECT_THROW(parse_url("http://x:port"), UserError);
}

}  // namespace sls::aws::api
