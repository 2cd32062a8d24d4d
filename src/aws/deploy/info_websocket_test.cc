// `sls info` of a service with websocket events: osls prints the
// ServiceEndpointWebsocket output (wss://...) as it is, beside the REST API's
// endpoints. moto has no ApiGatewayV2, so a WebSocket stack cannot be deployed
// into it end to end: these tests read the outputs from a DescribeStacks reply
// (a local server standing in for CloudFormation) instead.
#include <gtest/gtest.h>

#include "aws/api/test_server.h"
#include "aws/deploy/info.h"

namespace sls::aws::deploy {
namespace {

using api::testing::LocalServer;

// A DescribeStacks reply with these outputs.
std::string describe_stacks_reply(const std::vector<std::pair<std::string, std::string>>& outputs) {
  std::string members;
  for (const auto& [key, value] : outputs)
    members += "<member><OutputKey>" + key + "</OutputKey><OutputValue>" + value + "</OutputValue></member>";
  return "<DescribeStacksResponse><DescribeStacksResult><Stacks><member><StackName>chat-dev</StackName>"
         "<StackId>arn:stack/1</StackId><StackStatus>UPDATE_COMPLETE</StackStatus><Outputs>" +
         members + "</Outputs></member></Stacks></DescribeStacksResult></DescribeStacksResponse>";
}

std::string info_of(const std::vector<std::pair<std::string, std::string>>& outputs, const std::string& functions) {
  LocalServer s;
  const std::string reply = describe_stacks_reply(outputs);
  s.server.Post("/", [&](const httplib::Request&, httplib::Response& res) { res.set_content(reply, "text/xml"); });
  s.start();
  api::HttpClient http;
  InfoInput in;
  in.target = {"chat", "dev", "us-east-1", "chat-dev", Json::object()};
  in.functions = Json::parse(functions);
  in.outputs = stack_outputs(s.context(http), in.target);
  in.info_command = true;
  return render_sections(info_sections(in));
}

TEST(InfoWebsocket, PrintsTheWssEndpoint) {
  EXPECT_EQ(info_of({{"ServerlessDeploymentBucketName", "bkt"},
                     {"ServiceEndpointWebsocket", "wss://abc123.execute-api.us-east-1.amazonaws.com/dev"}},
                    R"({"main": {"name": "chat-dev-main", "events": [{"websocket": "$default"}]}})"),
            "service: chat\nstage: dev\nregion: us-east-1\nstack: chat-dev\n"
            "endpoint: wss://abc123.execute-api.us-east-1.amazonaws.com/dev\n"
            "functions:\n  main: chat-dev-main\n");
}

// Beside a REST API, in the order of the stack's outputs (as osls lists them).
TEST(InfoWebsocket, ListsTheWssEndpointAfterRestEndpoints) {
  EXPECT_EQ(info_of({{"ServiceEndpoint", "https://r1.execute-api.us-east-1.amazonaws.com/dev"},
                     {"ServiceEndpointWebsocket", "wss://w1.execute-api.us-east-1.amazonaws.com/dev"}},
                    R"({"api": {"name": "chat-dev-api", "events": [{"http": "GET /health"}]},
                        "ws": {"name": "chat-dev-ws", "events": [{"websocket": {"route": "$connect"}}]}})"),
            "service: chat\nstage: dev\nregion: us-east-1\nstack: chat-dev\n"
            "endpoints:\n  GET - https://r1.execute-api.us-east-1.amazonaws.com/dev/health\n"
            "  wss://w1.execute-api.us-east-1.amazonaws.com/dev\n"
            "functions:\n  api: chat-dev-api\n  ws: chat-dev-ws\n");
}

// provider.apiGateway.websocketApiId: osls still writes the output, over the existing API's id.
TEST(InfoWebsocket, ExistingApiEndpoint) {
  EXPECT_EQ(info_of({{"ServiceEndpointWebsocket", "wss://existing9.execute-api.us-east-1.amazonaws.com/dev"}},
                    R"({"main": {"name": "chat-dev-main", "events": [{"websocket": "$default"}]}})"),
            "service: chat\nstage: dev\nregion: us-east-1\nstack: chat-dev\n"
            "endpoint: wss://existing9.execute-api.us-east-1.amazonaws.com/dev\n"
            "functions:\n  main: chat-dev-main\n");
}

}  // namespace
}  // namespace sls::aws::deploy
