// The AWS::ApiGateway::Resource tree of every event path (resources.js): one
// resource per path prefix, shared by every event below it, except where
// provider.apiGateway.restApiResources names an existing resource.
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
  int level = 0;
  std::vector<Node*> children;
  Json resource_id;  // set for a predefined resource
  bool has_method = false;
  bool is_cut = false;
};

struct Predefined {
  std::string path;
  Json resource_id;
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

std::string trim_slashes(std::string p) {
  if (!p.empty() && p.front() == '/') p.erase(0, 1);
  if (!p.empty() && p.back() == '/') p.pop_back();
  return p;
}

bool contains_path(const std::vector<Node*>& nodes, const std::string& path) {
  return std::any_of(nodes.begin(), nodes.end(), [&](const Node* n) { return n->path == path; });
}

[[noreturn]] void resource_id_required(const std::string& path) {
  throw UserError("Resource ID for path " + path +
                      " is required (add it to provider.apiGateway.restApiResources)",
                  "API_GATEWAY_RESOURCE_ID_REQUIRED");
}

// The N-ary tree of all paths, with the bookkeeping osls's getResourcePaths does.
class Forest {
 public:
  std::vector<Node*> trees, predefined_nodes, method_nodes;

  void apply(const std::string& raw_path, const Json& resource_id, bool is_method) {
    const auto parts = split(trim_slashes(raw_path));
    Node* root = nullptr;
    Node* parent = nullptr;
    std::string current;
    for (size_t i = 0; i < parts.size(); ++i) {
      current = current.empty() ? parts[i] : current + "/" + parts[i];
      if (!root) {
        auto it = std::find_if(trees.begin(), trees.end(), [&](Node* n) { return n->path == current; });
        if (it != trees.end()) root = *it;
      }
      if (!parent) parent = root;
      Node* node = nullptr;
      if (parent && parent->path == current) {
        node = parent;
      } else if (parent) {
        auto it = std::find_if(parent->children.begin(), parent->children.end(),
                               [&](Node* n) { return n->path == current; });
        if (it != parent->children.end()) node = *it;
      }
      if (!node) {
        storage_.push_back(std::make_unique<Node>());
        node = storage_.back().get();
        node->path = current;
        node->part = parts[i];
        node->parent = parent;
        node->level = static_cast<int>(i);
        if (parent) parent->children.push_back(node);
        if (!root) {
          root = node;
          trees.push_back(root);
        }
      }
      if (i + 1 == parts.size()) {
        if (truthy(resource_id)) {
          node->resource_id = resource_id;
          if (!contains_path(predefined_nodes, node->path)) predefined_nodes.push_back(node);
        }
        if (is_method && !node->has_method) {
          node->has_method = true;
          if (!contains_path(method_nodes, node->path)) method_nodes.push_back(node);
        }
      }
      parent = node;
    }
  }

 private:
  std::vector<std::unique_ptr<Node>> storage_;
};

void cut_branch(Node* node) {
  if (!node->parent) return;
  Node* parent = node->parent;
  if (parent->children.size() <= 1) {
    parent->children.clear();
  } else {
    std::erase_if(parent->children, [&](Node* c) { return c->path == node->path; });
    parent->is_cut = true;
  }
  node->parent = nullptr;
}

// osls keeps the branches that hang from a predefined resource or from the root.
std::vector<Node*> validated_trees(Forest& forest) {
  std::vector<Node*> sorted = forest.predefined_nodes;
  std::stable_sort(sorted.begin(), sorted.end(), [](Node* a, Node* b) { return a->level < b->level; });
  for (auto it = sorted.rbegin(); it != sorted.rend(); ++it) {
    Node* node = *it;
    while (node && node->parent) {
      if (node->parent->has_method && !truthy(node->parent->resource_id))
        resource_id_required(node->parent->path);
      if (truthy(node->parent->resource_id) || node->parent->children.size() > 1) {
        cut_branch(node);
        break;
      }
      node = node->parent;
    }
  }
  std::vector<Node*> out;
  for (Node* method_node : forest.method_nodes) {
    for (Node* iter = method_node; iter;) {
      if (truthy(iter->resource_id)) {
        cut_branch(iter);
        if (!contains_path(out, method_node->path)) out.push_back(iter);
        break;
      }
      if (iter->is_cut || (!iter->parent && iter->level > 0)) resource_id_required(iter->path);
      if (!iter->parent) {
        out.push_back(iter);
        break;
      }
      iter = iter->parent;
    }
  }
  return out;
}

Json id_of(const Node& node) {
  if (truthy(node.resource_id)) return node.resource_id;
  return {{"Ref", naming::resource_logical_id(node.path)}};
}

void collect(const Node& node, std::vector<ApiResource>& out) {
  ApiResource r{node.path, node.part, naming::normalize_path(node.path),
                truthy(node.resource_id) ? "" : naming::resource_logical_id(node.path), id_of(node),
                node.parent ? id_of(*node.parent) : Json()};
  auto existing = std::find_if(out.begin(), out.end(), [&](auto& x) { return x.path == node.path; });
  if (existing == out.end()) out.push_back(r);
  else *existing = r;
  for (const Node* child : node.children) collect(*child, out);
}

std::vector<Predefined> predefined_resources(const Json& api_gateway) {
  std::vector<Predefined> out;
  if (!api_gateway.contains("restApiResources")) return out;
  const Json& config = api_gateway["restApiResources"];
  if (config.is_array()) {
    for (const auto& item : config)
      if (item.is_object())
        out.push_back({item.value("path", std::string()), item.value("resourceId", Json(nullptr))});
  } else if (config.is_object()) {
    for (const auto& [path, id] : config.items()) out.push_back({path, id});
  }
  return out;
}

// Paths in the order a JavaScript object lists them (array-index keys first).
std::vector<ApiResource> in_js_key_order(const std::vector<ApiResource>& resources) {
  Json keys = Json::object();
  for (const auto& r : resources) keys[r.path] = true;
  std::vector<ApiResource> out;
  for (const auto& key : js_key_order(keys))
    out.push_back(*std::find_if(resources.begin(), resources.end(), [&](auto& r) { return r.path == key; }));
  return out;
}

}  // namespace

void compile_resources(HttpCompilation& c) {
  const auto predefined = predefined_resources(c.api_gateway());
  Forest forest;
  // osls passes forEach's index as the "is a method" flag: every predefined
  // resource but the first counts as having a method.
  for (size_t i = 0; i < predefined.size(); ++i)
    forest.apply(predefined[i].path, predefined[i].resource_id, i != 0);
  for (const auto& event : c.validated.events)
    if (!event.path.empty()) forest.apply(event.path, Json(), true);

  std::vector<ApiResource> resources;
  if (forest.predefined_nodes.empty()) {
    for (const Node* tree : forest.trees) collect(*tree, resources);
  } else if (std::all_of(c.validated.events.begin(), c.validated.events.end(), [&](const HttpEvent& e) {
               return contains_path(forest.predefined_nodes, e.path);
             })) {
    // Every method sits on a predefined resource: only those, keyed as written.
    for (const auto& p : predefined) {
      ApiResource r{p.path, "", naming::normalize_path(p.path), "", p.resource_id, Json()};
      auto existing = std::find_if(resources.begin(), resources.end(), [&](auto& x) { return x.path == p.path; });
      if (existing == resources.end()) resources.push_back(r);
      else *existing = r;
    }
  } else {
    for (const Node* tree : validated_trees(forest)) collect(*tree, resources);
  }
  c.resources = in_js_key_order(resources);

  for (const auto& r : c.resources) {
    if (r.logical_id.empty()) continue;
    c.ctx.resources()[r.logical_id] = {
        {"Type", "AWS::ApiGateway::Resource"},
        {"Properties",
         {{"ParentId", r.parent_id.is_null() ? c.root_resource_id() : r.parent_id},
          {"PathPart", r.path_part},
          {"RestApiId", c.rest_api_id()}}}};
  }
}

}  // namespace sls::compile::events::http
