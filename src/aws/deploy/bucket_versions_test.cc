#include "aws/deploy/bucket_versions.h"

#include <gtest/gtest.h>

#include "aws/api/test_server.h"

namespace sls::aws::deploy {

TEST(BucketVersions, DeleteBodyCarriesVersionIds) {
  std::vector<ObjectVersion> v = {{"a&b", "v1"}, {"c", ""}};
  EXPECT_EQ(delete_versions_body(v, 0, 1000),
            "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Quiet>true</Quiet>"
            "<Object><Key>a&amp;b</Key><VersionId>v1</VersionId></Object><Object><Key>c</Key></Object></Delete>");
}

TEST(BucketVersions, ListsVersionsAndDeleteMarkersAcrossPages) {
  api::testing::LocalServer s;
  int calls = 0;
  s.server.Get(R"(/bkt/?)", [&](const httplib::Request& req, httplib::Response& res) {
    EXPECT_TRUE(req.has_param("versions"));
    EXPECT_EQ(req.get_param_value("prefix"), "serverless/s/dev/");
    if (++calls == 1) {
      res.set_content("<ListVersionsResult><IsTruncated>true</IsTruncated><NextKeyMarker>k1</NextKeyMarker>"
                      "<NextVersionIdMarker>v1</NextVersionIdMarker><Version><Key>k1</Key><VersionId>v1</VersionId>"
                      "</Version></ListVersionsResult>", "application/xml");
    } else {
      EXPECT_EQ(req.get_param_value("key-marker"), "k1");
      res.set_content("<ListVersionsResult><IsTruncated>false</IsTruncated><DeleteMarker><Key>k1</Key>"
                      "<VersionId>v0</VersionId></DeleteMarker></ListVersionsResult>", "application/xml");
    }
  });
  s.start();
  api::HttpClient http;
  auto v = list_object_versions(s.context(http), "bkt", "serverless/s/dev/");
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[1].version_id, "v0");
}

}  // namespace sls::aws::deploy
