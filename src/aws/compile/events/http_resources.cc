// The AWS::ApiGateway::Resource tree of every event path (resources.js): one
// resource per path prefix, shared by every event below it.
#include <algorithm>
#include <memory>

#include "aws/compile/events/http_model.h"
#include "aws/naming.h"
#include "util/error.h"

namespace sls::compile::events::http {
namespace {

struct Node {
  std::string path;
  std::string part;
  Node* parent = nullptr;
  std::vector<std::unique_ptr<Node>> children;
};

std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    parts.push_back(path.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return parts;
}

// A JavaScript object lists keys that are array indices first, ascending.
bool is_array_index(const std::string& key) {
  if (key.empty() || key.size() > 10) return false;
  if (!std::all_of(key.begin(), key.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
    return false;
  if (key.size() > 1 && key[0] == '0') return false;
  return std::stoull(key) < 4294967295ULL;
}

void collect(const Node& node, std::vector<ApiResource>& out) {
  auto existing = std::find_if(out.begin(), out.end(), [&](auto& r) { return r.path == node.path; });
  ApiResource r{node.path, node.part, node.parent ? node.parent->path : "",
                naming::normalize_path(node.path), naming::resource_logical_id(node.path)};
  if (existing == out.end()) out.push_back(r);
  else *existing = r;
  for (const auto& child : node.children) collect(*child, out);
}

}  // namespace

void compile_resources(HttpCompilation& c) {
  const Json& ag = c.api_gateway();
  if (ag.contains("restApiResources") && truthy(ag["restApiResources"])) {
    throw UserError(
        "provider.apiGateway.restApiResources is not yet supported by this version of sls.",
        "UNSUPPORTED_FEATURE");
  }

  std::vector<std::unique_ptr<Node>> trees;
  for (const auto& event : c.validated.events) {
    if (event.path.empty()) continue;
    Node* parent = nullptr;
    std::string current;
    for (const auto& part : split(event.path)) {
      current = current.empty() ? part : current + "/" + part;
      auto& siblings = parent ? parent->children : trees;
      auto it = std::find_if(siblings.begin(), siblings.end(),
                             [&](const auto& n) { return n->path == current; });
      if (it == siblings.end()) {
        auto node = std::make_unique<Node>();
        node->path = current;
        node->part = part;
        node->parent = parent;
        siblings.push_back(std::move(node));
        it = siblings.end() - 1;
      }
      parent = it->get();
    }
  }

  std::vector<ApiResource> ordered;
  for (const auto& tree : trees) collect(*tree, ordered);
  std::stable_partition(ordered.begin(), ordered.end(),
                        [](const ApiResource& r) { return is_array_index(r.path); });
  auto index_end = std::find_if(ordered.begin(), ordered.end(),
                                [](const ApiResource& r) { return !is_array_index(r.path); });
  std::sort(ordered.begin(), index_end, [](const ApiResource& a, const ApiResource& b) {
    return std::stoull(a.path) < std::stoull(b.path);
  });
  c.resources = ordered;

  for (const auto& r : c.resources) {
    Json parent = r.parent_path.empty() ? c.root_resource_id()
                                        : Json{{"Ref", naming::resource_logical_id(r.parent_path)}};
    c.ctx.resources()[r.logical_id] = {
        {"Type", "AWS::ApiGateway::Resource"},
        {"Properties", {{"ParentId", parent}, {"PathPart", r.path_part}, {"RestApiId", c.rest_api_id()}}}};
  }
}

}  // namespace sls::compile::events::http
