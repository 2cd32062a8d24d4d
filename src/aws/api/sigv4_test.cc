// Vectors from the AWS Signature Version 4 test suite
// (https://docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html,
// also carried by awslabs/aws-c-auth under tests/aws-signing-test-suite/v4),
// plus the S3 "GET Object" example of the S3 SigV4 documentation.
#include "aws/api/sigv4.h"

#include <gtest/gtest.h>

namespace sls::aws::api {
namespace {

const Credentials kSuite{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", {}, ""};
const std::string kEmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const std::string kPrefix = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ";

struct Vector {
  const char* name;
  const char* method;
  const char* path;
  QueryParams query;
  Headers headers;
  const char* payload;
  bool raw_path;  // suite "-unnormalized" variants: path signed as sent
  const char* token;
  const char* expected;  // "SignedHeaders=..., Signature=..."
};

SigningOptions suite_options() {
  SigningOptions o;
  o.service = "service";
  o.region = "us-east-1";
  o.amz_date = "20150830T123600Z";
  return o;
}

std::vector<Vector> vectors() {
  return {
      {"get-vanilla", "GET", "/", {}, {}, "", false, "",
       "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
      {"get-vanilla-query-order-key-case", "GET", "/", {{"Param2", "value2"}, {"Param1", "value1"}}, {}, "",
       false, "",
       "SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"},
      {"get-vanilla-query-unreserved", "GET", "/",
       {{"-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
         "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"}},
       {}, "", false, "",
       "SignedHeaders=host;x-amz-date, Signature=9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"},
      {"get-vanilla-utf8-query", "GET", "/", {{"\xE1\x88\xB4", "bar"}}, {}, "", false, "",
       "SignedHeaders=host;x-amz-date, Signature=2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"},
      {"get-utf8", "GET", "/\xE1\x88\xB4", {}, {}, "", false, "",
       "SignedHeaders=host;x-amz-date, Signature=8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"},
      {"normalize-path/get-space", "GET", "/example space/", {}, {}, "", false, "",
       "SignedHeaders=host;x-amz-date, Signature=652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"},
      {"get-unreserved", "GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", {}, {},
       "", false, "",
       "SignedHeaders=host;x-amz-date, Signature=07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"},
      // normalize-path/get-relative, get-slash, get-slash-dot-slash: canonical path "/".
      {"normalize-path/get-relative", "GET", "/example/..", {}, {}, "", false, "",
       "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
      {"normalize-path/get-slash", "GET", "//", {}, {}, "", false, "",
       "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
      {"normalize-path/get-slash-dot-slash", "GET", "/./", {}, {}, "", false, "",
       "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
      {"normalize-path/get-special-character (double-encoded)", "GET", "/example/$delete", {}, {}, "", false, "",
       "SignedHeaders=host;x-amz-date, Signature=a853c9b21b528b19643d00910d35b83a10c366a10833ceefb45edd6c80e40f27"},
      {"get-slashes-unnormalized", "GET", "//example//", {}, {}, "", true, "",
       "SignedHeaders=host;x-amz-date, Signature=87cca117541a147f6df867677d98a7d80dff226d2bfca9e4ffa899665623c7e5"},
      {"get-relative-unnormalized", "GET", "/example/..", {}, {}, "", true, "",
       "SignedHeaders=host;x-amz-date, Signature=eca7ead57bb5aa5c8e28007acd4ff04e1ff9a0ff3b237ec1554a184887ff9282"},
      {"get-space-unnormalized", "GET", "/example%20space/", {}, {}, "", true, "",
       "SignedHeaders=host;x-amz-date, Signature=652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"},
      {"get-header-key-duplicate", "GET", "/", {},
       {{"My-Header1", "value2"}, {"My-Header1", "value2"}, {"My-Header1", "value1"}}, "", false, "",
       "SignedHeaders=host;my-header1;x-amz-date, "
       "Signature=c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"},
      {"get-header-value-trim", "GET", "/", {}, {{"My-Header1", " value1"}, {"My-Header2", " \"a   b   c\""}},
       "", false, "",
       "SignedHeaders=host;my-header1;my-header2;x-amz-date, "
       "Signature=acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"},
      {"post-vanilla", "POST", "/", {}, {}, "", false, "",
       "SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"},
      {"post-vanilla-query", "POST", "/", {{"Param1", "value1"}}, {}, "", false, "",
       "SignedHeaders=host;x-amz-date, Signature=28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"},
      {"post-header-value-case", "POST", "/", {}, {{"My-Header1", "VALUE1"}}, "", false, "",
       "SignedHeaders=host;my-header1;x-amz-date, "
       "Signature=cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"},
      {"post-x-www-form-urlencoded", "POST", "/", {}, {{"Content-Type", "application/x-www-form-urlencoded"}},
       "Param1=value1", false, "",
       "SignedHeaders=content-type;host;x-amz-date, "
       "Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"},
      {"post-x-www-form-urlencoded-parameters", "POST", "/", {},
       {{"Content-Type", "application/x-www-form-urlencoded; charset=utf8"}}, "Param1=value1", false, "",
       "SignedHeaders=content-type;host;x-amz-date, "
       "Signature=1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe"},
      {"post-sts-token/post-sts-header-before", "POST", "/", {}, {}, "", false,
       "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRq"
       "TflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU"
       "9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KS"
       "YvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==",
       "SignedHeaders=host;x-amz-date;x-amz-security-token, "
       "Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"},
  };
}

TEST(SigV4, MatchesAwsTestSuite) {
  for (const Vector& v : vectors()) {
    SignableRequest req{v.method, "example.amazonaws.com", v.path, v.query, v.headers, v.payload};
    Credentials creds = kSuite;
    creds.session_token = v.token;
    SigningOptions opts;
    opts.service = "service";
    opts.region = "us-east-1";
    opts.amz_date = "20150830T123600Z";
    opts.raw_path = v.raw_path;  // the "-unnormalized" halves sign the path as sent
    Signature sig = sign_v4(req, creds, opts);
    EXPECT_EQ(sig.authorization, kPrefix + v.expected) << v.name << "\n" << sig.canonical_request;
  }
}

TEST(SigV4, AddsDateAndTokenHeaders) {
  SignableRequest req{"GET", "example.amazonaws.com", "/", {}, {}, ""};
  Credentials creds = kSuite;
  creds.session_token = "tok";
  sign_v4(req, creds, suite_options());
  ASSERT_EQ(req.headers.size(), 3u);
  EXPECT_EQ(req.headers[0], (std::pair<std::string, std::string>{"X-Amz-Date", "20150830T123600Z"}));
  EXPECT_EQ(req.headers[1].first, "X-Amz-Security-Token");
  EXPECT_EQ(req.headers[2].first, "Authorization");
}

TEST(SigV4, CanonicalRequestOfVanillaGet) {
  SignableRequest req{"GET", "example.amazonaws.com", "/", {}, {}, ""};
  Signature sig = sign_v4(req, kSuite, suite_options());
  EXPECT_EQ(sig.canonical_request,
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + kEmptyHash);
  EXPECT_EQ(sig.string_to_sign,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
}

// S3 documentation, "Example: GET Object" (header-based auth, examplebucket/test.txt).
TEST(SigV4, MatchesS3GetObjectExample) {
  SignableRequest req{"GET", "examplebucket.s3.amazonaws.com", "/test.txt", {}, {{"Range", "bytes=0-9"}}, ""};
  Credentials creds{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "", {}, ""};
  SigningOptions opts = s3_signing("us-east-1");
  opts.amz_date = "20130524T000000Z";
  Signature sig = sign_v4(req, creds, opts);
  EXPECT_EQ(sig.signature, "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  EXPECT_EQ(req.headers[1], (std::pair<std::string, std::string>{"x-amz-content-sha256", kEmptyHash}));
}

TEST(SigV4, UnsignedPayloadAndS3SingleEncoding) {
  SignableRequest req{"PUT", "127.0.0.1:5000", "/bucket/a%20b/../c", {}, {}, "body"};
  SigningOptions opts = s3_signing("us-east-1", /*unsigned_payload=*/true);
  opts.amz_date = "20150830T123600Z";
  Signature sig = sign_v4(req, kSuite, opts);
  EXPECT_NE(sig.canonical_request.find("\n/bucket/a%20b/../c\n"), std::string::npos);
  EXPECT_TRUE(sig.canonical_request.ends_with("\nUNSIGNED-PAYLOAD"));
  EXPECT_NE(sig.canonical_request.find("host:127.0.0.1:5000\n"), std::string::npos);
  EXPECT_NE(sig.canonical_request.find("x-amz-content-sha256:UNSIGNED-PAYLOAD\n"), std::string::npos);
}

TEST(SigV4, NormalizesPaths) {
  EXPECT_EQ(normalize_path(""), "/");
  EXPECT_EQ(normalize_path("//example//"), "/example/");
  EXPECT_EQ(normalize_path("/a/./b/../c"), "/a/c");
  EXPECT_EQ(normalize_path("/2015-03-31/functions/f"), "/2015-03-31/functions/f");
}

}  // namespace
}  // namespace sls::aws::api
