#include "aws/api/s3.h"

#include <gtest/gtest.h>

#include "aws/api/hash.h"
#include "aws/api/test_server.h"

namespace sls::aws::api::s3 {

using api::testing::LocalServer;

TEST(AwsS3, AddressingStyle) {
  AwsContext ctx;
  ctx.region = "eu-west-1";
  ctx.env = map_env({});
  Address a = address(ctx, "my-bucket", "serverless/svc/dev/a b.zip");
  EXPECT_EQ(a.endpoint.url.origin(), "https://my-bucket.s3.eu-west-1.amazonaws.com");
  EXPECT_EQ(a.path, "/serverless/svc/dev/a%20b.zip");
  EXPECT_EQ(address(ctx, "my-bucket").path, "/");
  Address dotted = address(ctx, "my.bucket", "k");
  EXPECT_EQ(dotted.endpoint.url.origin(), "https://s3.eu-west-1.amazonaws.com");
  EXPECT_EQ(dotted.path, "/my.bucket/k");
  ctx.env = map_env({{"AWS_ENDPOINT_URL_S3", "http://127.0.0.1:4566"}});
  Address custom = address(ctx, "my-bucket", "k");
  EXPECT_EQ(custom.endpoint.url.origin(), "http://127.0.0.1:4566");
  EXPECT_EQ(custom.path, "/my-bucket/k");
  EXPECT_EQ(address(ctx, "my-bucket").path, "/my-bucket");
}

TEST(AwsS3, PutSendsChecksumAndMetadata) {
  LocalServer s;
  httplib::Headers seen;
  std::string body;
  s.server.Put("/bucket/dir/file.zip", [&](const httplib::Request& req, httplib::Response&) {
    seen = req.headers;
    body = req.body;
  });
  s.start();
  HttpClient http;
  PutObjectOptions o;
  o.content_type = "application/zip";
  o.metadata["filesha256"] = "abc=";
  put_object(s.context(http), "bucket", "dir/file.zip", "PK\x03\x04", o);
  EXPECT_EQ(body, "PK\x03\x04");
  EXPECT_EQ(seen.find("Content-MD5")->second, md5_base64("PK\x03\x04"));
  EXPECT_EQ(seen.find("x-amz-meta-filesha256")->second, "abc=");
  EXPECT_EQ(seen.find("x-amz-content-sha256")->second, sha256_hex("PK\x03\x04"));
  EXPECT_NE(seen.find("Authorization")->second.find("/us-east-1/s3/aws4_request"), std::string::npos);
}

TEST(AwsS3, ListFollowsContinuationAndHeadMissing) {
  LocalServer s;
  std::vector<std::string> tokens;
  s.server.Get("/bucket", [&](const httplib::Request& req, httplib::Response& res) {
    tokens.push_back(req.get_param_value("continuation-token"));
    if (tokens.size() == 1) {
      res.set_content("<ListBucketResult><IsTruncated>true</IsTruncated><NextContinuationToken>t/2"
                      "</NextContinuationToken><Contents><Key>a</Key><Size>1</Size></Contents></ListBucketResult>",
                      "application/xml");
    } else {
      res.set_content("<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>b</Key><Size>2</Size>"
                      "</Contents></ListBucketResult>",
                      "application/xml");
    }
  });
  s.server.Get("/bucket/missing", [&](const httplib::Request&, httplib::Response& res) { res.status = 404; });
  s.start();
  HttpClient http;
  auto objects = list_objects_v2(s.context(http), "bucket", "p/");
  ASSERT_EQ(objects.size(), 2u);
  EXPECT_EQ(objects[1].key, "b");
  EXPECT_EQ(objects[1].size, 2);
  EXPECT_EQ(tokens, (std::vector<std::string>{"", "t/2"}));
  EXPECT_FALSE(head_object(s.context(http), "bucket", "missing").has_value());
}

}  // namespace sls::aws::api::s3
