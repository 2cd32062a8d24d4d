// `sls info` and the summary after `sls deploy` (osls's aws/info): read the
// stack's outputs and render the sections osls prints (service, stage, region,
// stack for `info`; endpoints, functions, layers; all stack outputs with --verbose).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "aws/api/client.h"
#include "aws/api/cloudformation.h"
#include "aws/deploy/target.h"
#include "util/json.h"

namespace sls::aws::deploy {

struct Section {
  std::string title;               // "endpoint", "functions", ...
  std::vector<std::string> items;  // one item renders as "title: item"
  bool list = false;               // render as a list even with one item
};

struct InfoInput {
  Target target;
  Json functions = Json::object();  // resolved functions (events included)
  Json layers = Json::object();
  std::vector<std::pair<std::string, std::string>> outputs;  // stack outputs in reply order
  std::map<std::string, std::uintmax_t> artifact_sizes;      // function name -> zip size (deploy only)
  // provider.httpApi.id's ApiEndpoint (GetApi), "" when the service creates its HTTP API.
  std::string external_http_api_endpoint;
  bool info_command = false;        // `sls info` also shows service, stage, region, stack
  bool verbose = false;
};

std::vector<Section> info_sections(const InfoInput& input);
// osls's lines for an HTTP API at `url`: "<METHOD> - <url><path>" per httpApi
// event of `functions` (the catch-all "*" as "ANY - <url>").
void append_http_api_endpoints(const Json& functions, const std::string& url, std::vector<std::string>& out);
// The ApiEndpoint of provider.httpApi.id (GetApi; an Fn::ImportValue id through
// ListExports), "" when the service has none; UNABLE_TO_RESOLVE_HTTP_API_ID on failure.
std::string external_http_api_endpoint(const api::AwsContext& ctx, const Json& provider);
// "section: value" / "section:\n  a\n  b" lines, as osls's writeServiceOutputs.
std::string render_sections(const std::vector<Section>& sections);

// osls's warning at 450 or more stack resources ("" below that).
std::string resource_count_warning(size_t resource_count);

// DescribeStacks; UserError "Stack with id <name> does not exist" when missing.
std::vector<std::pair<std::string, std::string>> stack_outputs(const api::AwsContext& ctx, const Target& target);

}  // namespace sls::aws::deploy
