#include "aws/plugin_rest.h"

#include <gtest/gtest.h>

#include <mutex>
#include <string>
#include <vector>

#include "aws/api/test_server.h"
#include "aws/plugin_request.h"
#include "util/error.h"

namespace sls::aws {
namespace {

using api::testing::LocalServer;

struct Seen {
  std::string method, path, query, body, content_type, header;
};

// A loopback server that records each request and answers with `reply`.
struct Scripted {
  LocalServer s;
  std::mutex m;
  std::vector<Seen> seen;
  std::string reply = "{}";
  std::string reply_type = "application/json";
  std::string header_name;  // recorded from the request
  std::vector<std::pair<std::string, std::string>> reply_headers;
  Scripted() {
    auto handle = [this](const httplib::Request& req, httplib::Response& res) {
      std::string query;
      for (const auto& [k, v] : req.params) query += (query.empty() ? "" : "&") + k + "=" + v;
      {
        std::lock_guard<std::mutex> lock(m);
        seen.push_back({req.method, req.path, query, req.body, req.get_header_value("Content-Type"),
                        header_name.empty() ? "" : req.get_header_value(header_name)});
      }
      for (const auto& [k, v] : reply_headers) res.set_header(k, v);
      res.set_content(reply, reply_type);
    };
    s.server.Get(".*", handle);
    s.server.Post(".*", handle);
    s.server.Put(".*", handle);
    s.server.Patch(".*", handle);
    s.server.Delete(".*", handle);
    s.start();
  }
};

TEST(PluginRest, ApiGatewayLabelsQueryAndItems) {
  Scripted srv;
  srv.reply = R"({"item":[{"basePath":"v1","restApiId":"abc","stage":"dev"}],"position":"p2"})";
  api::HttpClient http;
  Json got = plugin_request(srv.s.context(http), "APIGateway", "getBasePathMappings",
                            Json{{"domainName", "api.example.com"}, {"limit", 50}});
  ASSERT_EQ(srv.seen.size(), 1u);
  EXPECT_EQ(srv.seen[0].method, "GET");
  EXPECT_EQ(srv.seen[0].path, "/domainnames/api.example.com/basepathmappings");
  EXPECT_EQ(srv.seen[0].query, "limit=50");
  EXPECT_EQ(got["items"][0]["restApiId"], "abc");  // the SDK's name for the wire's "item"
  EXPECT_EQ(got["position"], "p2");

  srv.reply = R"({"basePath":"v1"})";
  plugin_request(srv.s.context(http), "APIGateway", "createBasePathMapping",
                 Json{{"domainName", "api.example.com"}, {"basePath", "v1"}, {"restApiId", "abc"}, {"stage", "dev"}});
  EXPECT_EQ(srv.seen[1].method, "POST");
  EXPECT_EQ(Json::parse(srv.seen[1].body), (Json{{"basePath", "v1"}, {"restApiId", "abc"}, {"stage", "dev"}}));
}

TEST(PluginRest, ApiGatewayV2RecasesMembers) {
  Scripted srv;
  srv.reply = R"({"apiId":"a1","apiMappingId":"m1","apiMappingKey":"v1","stage":"dev"})";
  api::HttpClient http;
  Json got = plugin_request(srv.s.context(http), "ApiGatewayV2", "createApiMapping",
                            Json{{"DomainName", "api.example.com"}, {"ApiId", "a1"}, {"ApiMappingKey", "v1"},
                                 {"Stage", "dev"}});
  EXPECT_EQ(srv.seen[0].path, "/v2/domainnames/api.example.com/apimappings");
  EXPECT_EQ(Json::parse(srv.seen[0].body), (Json{{"apiId", "a1"}, {"apiMappingKey", "v1"}, {"stage", "dev"}}));
  EXPECT_EQ(got, (Json{{"ApiId", "a1"}, {"ApiMappingId", "m1"}, {"ApiMappingKey", "v1"}, {"Stage", "dev"}}));
}

TEST(PluginRest, LambdaInvokeSendsThePayloadAndReadsHeaders) {
  Scripted srv;
  srv.reply = R"({"ok":true})";
  srv.header_name = "X-Amz-Invocation-Type";
  srv.reply_headers = {{"X-Amz-Function-Error", "Unhandled"}, {"X-Amz-Executed-Version", "$LATEST"}};
  api::HttpClient http;
  Json got = plugin_request(srv.s.context(http), "Lambda", "invoke",
                            Json{{"FunctionName", "svc-dev-hello"}, {"InvocationType", "RequestResponse"},
                                 {"Payload", R"({"a":1})"}});
  EXPECT_EQ(srv.seen[0].path, "/2015-03-31/functions/svc-dev-hello/invocations");
  EXPECT_EQ(srv.seen[0].body, R"({"a":1})");
  EXPECT_EQ(srv.seen[0].header, "RequestResponse");
  EXPECT_EQ(got["StatusCode"], 200);
  EXPECT_EQ(got["Payload"], R"({"ok":true})");
  EXPECT_EQ(got["FunctionError"], "Unhandled");
  EXPECT_EQ(got["ExecutedVersion"], "$LATEST");
}

TEST(PluginRest, MissingLabelIsAClearError) {
  api::AwsContext ctx;
  try {
    plugin_request(ctx, "Lambda", "getFunction", Json::object());
    FAIL();
  } catch (const UserError& e) {
    EXPECT_EQ(e.code, "SLS_BRIDGE_MISSING_PARAMETER");
    EXPECT_NE(std::string(e.what()).find("FunctionName"), std::string::npos);
  }
}

TEST(PluginRest, UnknownOperationNamesServiceAndMethod) {
  api::AwsContext ctx;
  try {
    plugin_request(ctx, "Route53", "createTrafficPolicy", Json::object());
    FAIL();
  } catch (const UserError& e) {
    EXPECT_EQ(e.code, "SLS_BRIDGE_OPERATION_UNSUPPORTED");
    EXPECT_NE(std::string(e.what()).find("provider.request(\"Route53\", \"createTrafficPolicy\")"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("changeResourceRecordSets"), std::string::npos);
  }
}

TEST(PluginRest, Route53ChangeBatchAsXml) {
  Scripted srv;
  srv.reply_type = "text/xml";
  srv.reply = R"(<ChangeResourceRecordSetsResponse><ChangeInfo><Id>/change/C1</Id><Status>PENDING</Status></ChangeInfo></ChangeResourceRecordSetsResponse>)";
  api::HttpClient http;
  Json change = {{"Action", "UPSERT"},
                 {"ResourceRecordSet",
                  {{"Name", "api.example.com"},
                   {"Type", "A"},
                   {"AliasTarget", {{"DNSName", "d.example.net"}, {"HostedZoneId", "Z2"}, {"EvaluateTargetHealth", false}}}}}};
  Json got = plugin_request(srv.s.context(http), "Route53", "changeResourceRecordSets",
                            Json{{"HostedZoneId", "/hostedzone/Z1"}, {"ChangeBatch", {{"Changes", Json::array({change})}}}});
  EXPECT_EQ(srv.seen[0].path, "/2013-04-01/hostedzone/Z1/rrset/");
  const std::string& body = srv.seen[0].body;
  EXPECT_NE(body.find("<ChangeResourceRecordSetsRequest xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
                      "<ChangeBatch><Changes><Change><Action>UPSERT</Action>"),
            std::string::npos)
      << body;
  EXPECT_NE(body.find("<EvaluateTargetHealth>false</EvaluateTargetHealth>"), std::string::npos) << body;
  EXPECT_EQ(got["ChangeInfo"]["Status"], "PENDING");
}

TEST(PluginRest, XmlListsAsTheSdkShapesThem) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(R"(<ListHostedZonesResponse><HostedZones><HostedZone><Id>/hostedzone/Z1</Id>
      <Name>example.com.</Name></HostedZone></HostedZones><IsTruncated>false</IsTruncated></ListHostedZonesResponse>)"));
  Json zones = rest_xml_json(doc.document_element());
  EXPECT_EQ(zones["HostedZones"][0]["Name"], "example.com.");
  EXPECT_EQ(zones["IsTruncated"], false);  // typed as the SDK types it: paging loops test it

  ASSERT_TRUE(doc.load_string(R"(<ListBucketResult><Name>b</Name><KeyCount>1</KeyCount>
      <Contents><Key>a.txt</Key><Size>3</Size></Contents></ListBucketResult>)"));
  Json listed = rest_xml_json(doc.document_element());
  ASSERT_TRUE(listed["Contents"].is_array());  // flattened: a list even with one entry
  EXPECT_EQ(listed["Contents"][0]["Key"], "a.txt");
  EXPECT_EQ(listed["Contents"][0]["Size"], 3);
  EXPECT_EQ(listed["KeyCount"], 1);
}

TEST(PluginRest, S3DeleteObjectsBodyAndPutHeaders) {
  EXPECT_EQ(rest_xml_body(Json{{"Objects", Json::array({{{"Key", "a"}}, {{"Key", "b&c"}}})}, {"Quiet", true}}, "Objects"),
            "<Object><Key>a</Key></Object><Object><Key>b&amp;c</Key></Object><Quiet>true</Quiet>");
  Scripted srv;
  srv.reply = "";
  srv.header_name = "x-amz-meta-owner";
  api::HttpClient http;
  plugin_request(srv.s.context(http), "S3", "putObject",
                 Json{{"Bucket", "bkt"}, {"Key", "dir/file.txt"}, {"Body", "hello"}, {"ContentType", "text/plain"},
                      {"Metadata", {{"owner", "me"}}}});
  EXPECT_EQ(srv.seen[0].method, "PUT");
  EXPECT_EQ(srv.seen[0].path, "/bkt/dir/file.txt");
  EXPECT_EQ(srv.seen[0].body, "hello");
  EXPECT_EQ(srv.seen[0].content_type, "text/plain");
  EXPECT_EQ(srv.seen[0].header, "me");
}

TEST(PluginRest, BytesTravelAsBase64BothWays) {
  Scripted srv;
  srv.reply = std::string("PK\x03\x04\xff\xfe", 6);  // not UTF-8: a zip
  srv.reply_type = "application/zip";
  api::HttpClient http;
  Json got = plugin_request(srv.s.context(http), "S3", "getObject", Json{{"Bucket", "bkt"}, {"Key", "a.zip"}});
  EXPECT_EQ(got["Body"], (Json{{"__slsBase64", "UEsDBP/+"}}));  // the shim makes it a Buffer
  EXPECT_EQ(got["ContentType"], "application/zip");
  srv.reply = "";
  plugin_request(srv.s.context(http), "S3", "putObject",
                 Json{{"Bucket", "bkt"}, {"Key", "b.zip"}, {"Body", {{"__slsBase64", "UEsDBP/+"}}}});
  EXPECT_EQ(srv.seen[1].body, std::string("PK\x03\x04\xff\xfe", 6));
  srv.reply = "{}";
  plugin_request(srv.s.context(http), "Lambda", "updateFunctionCode",
                 Json{{"FunctionName", "f"}, {"ZipFile", {{"__slsBase64", "UEsDBP/+"}}}});
  EXPECT_EQ(Json::parse(srv.seen[2].body), (Json{{"ZipFile", "UEsDBP/+"}}));
}

TEST(PluginRest, HeadNotFoundIsTheSdksNotFound) {
  LocalServer s;
  s.server.set_pre_routing_handler([](const httplib::Request&, httplib::Response& res) {
    res.status = 404;
    return httplib::Server::HandlerResponse::Handled;
  });
  s.start();
  api::HttpClient http;
  try {
    plugin_request(s.context(http), "S3", "headBucket", Json{{"Bucket", "missing"}});
    FAIL();
  } catch (const UserError& e) {
    EXPECT_EQ(e.code, "NotFound");  // what plugins test (err.code === 'NotFound')
  }
}

TEST(PluginRequest, Json10ServicesSayTheirVersion) {
  LocalServer s;
  std::string content_type, target;
  s.server.Post("/", [&](const httplib::Request& req, httplib::Response& res) {
    content_type = req.get_header_value("Content-Type");
    target = req.get_header_value("X-Amz-Target");
    res.set_content(R"({"TableNames":["t1"]})", "application/x-amz-json-1.0");
  });
  s.start();
  api::HttpClient http;
  Json got = plugin_request(s.context(http), "DynamoDB", "listTables", Json::object());
  EXPECT_EQ(content_type, "application/x-amz-json-1.0");
  EXPECT_EQ(target, "DynamoDB_20120810.ListTables");
  EXPECT_EQ(got["TableNames"][0], "t1");
}

}  // namespace
}  // namespace sls::aws
