// `sls info` with provider.httpApi.id: the requests osls makes (ListExports
// pages for an Fn::ImportValue id, then GetApi) against a loopback server, since
// moto has no ApiGatewayV2.
#include <gtest/gtest.h>

#include "aws/api/test_server.h"
#include "aws/deploy/info.h"
#include "util/error.h"

namespace sls::aws::deploy {
namespace {

using api::testing::LocalServer;

void serve_get_api(LocalServer& s, std::vector<std::string>& calls) {
  s.server.Get(R"(/v2/apis/([^/]+))", [&](const httplib::Request& req, httplib::Response& res) {
    calls.push_back("GetApi " + req.matches[1].str());
    if (req.matches[1] != "abc123") {
      res.status = 404;
      res.set_header("x-amzn-ErrorType", "NotFoundException");
      res.set_content(R"({"message":"Invalid API identifier specified"})", "application/json");
      return;
    }
    res.set_content(R"({"apiEndpoint":"https://abc123.execute-api.us-east-1.amazonaws.com","apiId":"abc123"})",
                    "application/json");
  });
}

TEST(InfoHttpApi, PlainIdAsksGetApi) {
  LocalServer s;
  std::vector<std::string> calls;
  serve_get_api(s, calls);
  s.start();
  api::HttpClient http;
  EXPECT_EQ(external_http_api_endpoint(s.context(http), Json::parse(R"({"httpApi":{"id":"abc123"}})")),
            "https://abc123.execute-api.us-east-1.amazonaws.com");
  EXPECT_EQ(calls, std::vector<std::string>{"GetApi abc123"});
  EXPECT_EQ(external_http_api_endpoint(s.context(http), Json::parse(R"({"httpApi":{"name":"x"}})")), "");
}

TEST(InfoHttpApi, ImportValueIdReadsExportPagesFirst) {
  LocalServer s;
  std::vector<std::string> calls;
  serve_get_api(s, calls);
  s.server.Post("/", [&](const httplib::Request& req, httplib::Response& res) {
    const bool second = req.body.find("NextToken=t2") != std::string::npos;
    calls.push_back(second ? "ListExports t2" : "ListExports");
    res.set_content(second ? "<ListExportsResponse><ListExportsResult><Exports><member><Name>shared-api-id</Name>"
                             "<Value>abc123</Value></member></Exports></ListExportsResult></ListExportsResponse>"
                           : "<ListExportsResponse><ListExportsResult><Exports><member><Name>other</Name>"
                             "<Value>zzz</Value></member></Exports><NextToken>t2</NextToken></ListExportsResult>"
                             "</ListExportsResponse>",
                    "text/xml");
  });
  s.start();
  api::HttpClient http;
  const Json provider = Json::parse(R"({"httpApi":{"id":{"Fn::ImportValue":"shared-api-id"}}})");
  EXPECT_EQ(external_http_api_endpoint(s.context(http), provider), "https://abc123.execute-api.us-east-1.amazonaws.com");
  EXPECT_EQ(calls, (std::vector<std::string>{"ListExports", "ListExports t2", "GetApi abc123"}));
  try {
    external_http_api_endpoint(s.context(http), Json::parse(R"({"httpApi":{"id":{"Fn::ImportValue":"nope"}}})"));
    FAIL() << "expected a UserError";
  } catch (const UserError& e) {
    EXPECT_STREQ(e.what(), "Could not resolve provider.httpApi.id parameter. Could not resolve Fn::ImportValue with "
                           "name nope. Are you sure this value is exported?");
  }
}

TEST(InfoHttpApi, UnknownApiIsReportedWithTheProperty) {
  LocalServer s;
  std::vector<std::string> calls;
  serve_get_api(s, calls);
  s.start();
  api::HttpClient http;
  try {
    external_http_api_endpoint(s.context(http), Json::parse(R"({"httpApi":{"id":"missing"}})"));
    FAIL() << "expected a UserError";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("Could not resolve provider.httpApi.id parameter. "), std::string::npos);
    EXPECT_STREQ(e.code.c_str(), "UNABLE_TO_RESOLVE_HTTP_API_ID");
  }
}

}  // namespace
}  // namespace sls::aws::deploy
