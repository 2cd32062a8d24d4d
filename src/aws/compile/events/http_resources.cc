// The AWS::ApiGateway::Resource tree of every event path (resources.js): one
// resource per path prefix, shared by every event below it, except where
// provider.apiGateway.restApiResources names an existing resource.
#include <algorithm>
#include <memory>
#include <unordered_map>

#include "aws/compile/cfn.h"
#include "aws/compile/events/http_model.h"
#include "aws/naming.h"
#include "util/error.h"
#include "util/js_order.h"

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
    Node* parent = nullptr;
    std::string current;
    for (size_t i = 0; i < parts.size(); ++i) {
      // As osls joins them: an empty prefix adds no '/', so "/a" (from "//a") continues as "a".
      if (!current.empty()) current += '/';
      current += parts[i];
      Node* node = nullptr;
      if (parent && parent->path == current) {
        node = parent;
      } else if (auto it = children_.find(ChildKey{parent, current}); it != children_.end()) {
        node = it->second;
      } else {
        storage_.push_back(std::make_unique<Node>());
        node = storage_.back().get();
        node->path = current;
        node->part = parts[i];
        node->parent = parent;
        node->level = static_cast<int>(i);
        children_.emplace(ChildKey{parent, current}, node);
        if (parent) parent->children.push_back(node);
        else trees.push_back(node);
      }
      if (i + 1 == parts.size()) {
        if (truthy(resource_id)) {
          // Listed once: a node is in predefined_nodes exactly when it has a resource id.
          if (!truthy(node->resource_id)) predefined_nodes.push_back(node);
          node->resource_id = resource_id;
        }
        if (is_method && !node->has_method) {  // has_method: already in method_nodes
          node->has_method = true;
          method_nodes.push_back(node);
        }
      }
      parent = node;
    }
  }

 private:
  // A node by its parent (null for a tree root) and its path.
  struct ChildKey {
    const Node* parent;
    std::string path;
    bool operator==(const ChildKey&) const = default;
  };
  struct ChildKeyHash {
    size_t operator()(const ChildKey& k) const {
      return std::hash<std::string>{}(k.path) ^ (std::hash<const Node*>{}(k.parent) * 31);
    }
  };
  std::vector<std::unique_ptr<Node>> storage_;
  std::unordered_map<ChildKey, Node*, ChildKeyHash> children_;
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

// The resources of node's subtree, depth first; a path met again (a tree
// listed twice) keeps its first position and takes the new values.
class Collector {
 public:
  explicit Collector(std::vector<ApiResource>& out) : out_(out) {}

  void collect(const Node& tree) {
    Json parent_id;
    if (tree.parent) parent_id = resource_of(*tree.parent).resource_id;
    add(tree, std::move(parent_id));
  }

 private:
  static ApiResource resource_of(const Node& node) {
    ApiResource r;
    r.path = node.path;
    r.path_part = node.part;
    r.name = naming::normalize_path(node.path);
    if (truthy(node.resource_id)) {
      r.resource_id = node.resource_id;
    } else {
      r.logical_id = "ApiGatewayResource" + r.name;  // naming::resource_logical_id
      r.resource_id = cfn::ref(r.logical_id);
    }
    return r;
  }

  void add(const Node& node, Json parent_id) {
    ApiResource r = resource_of(node);
    r.parent_id = std::move(parent_id);
    auto [it, inserted] = position_.try_emplace(node.path, out_.size());
    ApiResource* slot;
    if (inserted) {
      out_.push_back(std::move(r));
      slot = &out_.back();
    } else {
      slot = &out_[it->second];
      *slot = std::move(r);
    }
    const Json id = slot->resource_id;  // out_ may grow below
    for (const Node* child : node.children) add(*child, id);
  }

  std::vector<ApiResource>& out_;
  std::unordered_map<std::string, size_t> position_;
};

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

// Paths in the order a JavaScript object lists them (array-index keys first,
// ascending, then the rest in insertion order); paths are unique.
std::vector<ApiResource> in_js_key_order(std::vector<ApiResource> resources) {
  auto others = std::stable_partition(resources.begin(), resources.end(),
                                      [](const ApiResource& r) { return sls::js::is_array_index(r.path); });
  std::sort(resources.begin(), others, [](const ApiResource& a, const ApiResource& b) {
    return std::stoull(a.path) < std::stoull(b.path);
  });
  return resources;
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
    Collector collector(resources);
    for (const Node* tree : forest.trees) collector.collect(*tree);
  } else if (std::all_of(c.validated.events.begin(), c.validated.events.end(), [&](const HttpEvent& e) {
               return contains_path(forest.predefined_nodes, e.path);
             })) {
    // Every method sits on a predefined resource: only those, keyed as written.
    std::unordered_map<std::string, size_t> position;
    for (const auto& p : predefined) {
      ApiResource r{p.path, "", naming::normalize_path(p.path), "", p.resource_id, Json()};
      auto [it, inserted] = position.try_emplace(p.path, resources.size());
      if (inserted) resources.push_back(std::move(r));
      else resources[it->second] = std::move(r);
    }
  } else {
    Collector collector(resources);
    for (const Node* tree : validated_trees(forest)) collector.collect(*tree);
  }
  c.set_resources(in_js_key_order(std::move(resources)));

  for (const auto& r : c.resources) {
    if (r.logical_id.empty()) continue;
    Json props(Json::value_t::object);
    props["ParentId"] = r.parent_id.is_null() ? c.root_resource_id() : r.parent_id;
    props["PathPart"] = r.path_part;
    props["RestApiId"] = c.rest_api_id();
    c.ctx.resources()[r.logical_id] = cfn::resource("AWS::ApiGateway::Resource", std::move(props));
  }
}

}  // namespace sls::compile::events::http
