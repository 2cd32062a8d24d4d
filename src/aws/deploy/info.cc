#include "aws/deploy/info.h"

#include <cstdio>
#include <regex>

#include "aws/deploy/filesize.h"
#include "aws/compile/events/http_api_model.h"
#include "aws/naming.h"
#include "util/js_like.h"
#include "util/error.h"
#include "util/text.h"

namespace sls::aws::deploy {

namespace {


std::string http_path(std::string path) {
  if (path == "/") return "";
  std::string out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    std::string part = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (!part.empty()) out += "/" + part;
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return out;
}

const Json* find_output(const InfoInput& in, const std::string& key, std::string* value) {
  for (const auto& [k, v] : in.outputs)
    if (k == key) {
      *value = v;
      return &in.functions;
    }
  return nullptr;
}

}  // namespace

void append_http_api_endpoints(const Json& functions, const std::string& url, std::vector<std::string>& out) {
  for (const auto& [name, fn] : functions.items()) {
    const Json* events = js::get(fn, "events");
    if (!events || !events->is_array()) continue;
    for (const Json& event : *events) {
      const Json* body = js::get(event, "httpApi");
      compile::events::http_api::MethodPath route;
      if (!js::truthy(body) || !compile::events::http_api::method_path(*body, route)) continue;
      out.push_back(route.resolved_method() + " - " + url + (route.catch_all() ? "" : route.path));
    }
  }
}

std::vector<Section> info_sections(const InfoInput& in) {
  std::vector<Section> out;
  const Target& t = in.target;
  if (in.info_command) {
    out.push_back({"service", {t.service}});
    out.push_back({"stage", {t.stage}});
    out.push_back({"region", {t.region}});
    out.push_back({"stack", {t.stack_name}});
  }
  // Endpoints
  static const std::regex endpoint_key("^(ServiceEndpoint|HttpApiUrl)");
  std::vector<std::string> endpoints;
  for (const auto& [key, value] : in.outputs) {
    if (!std::regex_search(key, endpoint_key)) continue;
    if (key == "HttpApiUrl") {
      append_http_api_endpoints(in.functions, value, endpoints);
    } else if (value.rfind("https://", 0) == 0) {
      for (const auto& [name, fn] : in.functions.items()) {
        for (const auto& ev : fn.value("events", Json::array())) {
          if (!ev.contains("http")) continue;
          const Json& h = ev["http"];
          std::string method, path;
          if (h.is_object()) {
            method = ascii_upper(h.value("method", ""));
            path = h.value("path", "");
          } else if (h.is_string()) {
            std::string s = h.get<std::string>();
            auto sp = s.find(' ');
            method = ascii_upper(s.substr(0, sp));
            path = sp == std::string::npos ? "" : s.substr(sp + 1);
          }
          endpoints.push_back(method + " - " + value + http_path(path));
        }
      }
    } else {
      endpoints.push_back(value);
    }
  }
  if (!in.external_http_api_endpoint.empty())
    append_http_api_endpoints(in.functions, in.external_http_api_endpoint, endpoints);
  std::string cloudfront;
  if (find_output(in, "CloudFrontDistributionDomainName", &cloudfront)) endpoints.push_back("CloudFront - " + cloudfront);
  std::vector<std::pair<std::string, std::string>> urls;
  for (const auto& [name, fn] : in.functions.items()) {
    std::string url;
    if (find_output(in, naming::normalized_function_name(name) + "LambdaFunctionUrl", &url)) urls.emplace_back(name, url);
  }
  for (const auto& [name, url] : urls) {
    if (endpoints.empty() && urls.size() == 1) {
      endpoints.push_back(url);
    } else {
      endpoints.push_back(name + ": " + url);
    }
  }
  if (endpoints.size() > 1) {
    out.push_back({"endpoints", endpoints, true});
  } else if (endpoints.size() == 1) {
    out.push_back({"endpoint", endpoints});
  }
  std::vector<std::string> fns;
  for (const auto& [name, fn] : in.functions.items()) {
    std::string line = name + ": " + fn.value("name", "");
    auto size = in.artifact_sizes.find(name);
    if (size != in.artifact_sizes.end() && size->second) line += " (" + file_size_text(size->second) + ")";
    fns.push_back(line);
  }
  if (in.outputs.empty()) {
    // osls lists nothing more for a stack without outputs (an emulator after a change set,
    // a stack an older tool deployed); `sls info` shows the configured functions instead.
    if (in.info_command && !fns.empty()) {
      if (endpoints.empty())
        out.push_back({"endpoints", {"unknown (the stack reports no outputs, as an emulator or a stack deployed "
                                     "by an older tool may)"}});
      out.push_back({"functions", fns, true});
    }
    return out;
  }
  if (!fns.empty()) out.push_back({"functions", fns, true});
  std::vector<std::string> layers;
  for (const auto& [name, layer] : in.layers.items()) {
    std::string arn;
    find_output(in, naming::lambda_layer_output_logical_id(name), &arn);
    layers.push_back(name + ": " + (arn.empty() ? "undefined" : arn));
  }
  if (!layers.empty()) out.push_back({"layers", layers, true});
  if (in.verbose && !in.outputs.empty()) {
    std::vector<std::string> items;
    for (const auto& [k, v] : in.outputs) items.push_back(k + ": " + v);
    out.push_back({"\nStack Outputs", items, true});
  }
  return out;
}

std::string render_sections(const std::vector<Section>& sections) {
  std::string out;
  for (const auto& s : sections) {
    if (!s.list) {
      out += s.title + ": " + (s.items.empty() ? "" : s.items[0]) + "\n";
    } else {
      out += s.title + ":\n";
      for (const auto& i : s.items) out += "  " + i + "\n";
    }
  }
  return out;
}

std::string resource_count_warning(size_t resource_count) {
  if (resource_count < 450) return "";
  return "You have " + std::to_string(resource_count) +
         " resources in your service. CloudFormation has a hard limit of 500 resources in a service. For advice on "
         "avoiding this limit, check out this link: "
         "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html.";
}

std::vector<std::pair<std::string, std::string>> stack_outputs(const api::AwsContext& ctx, const Target& target) {
  auto stack = api::cfn::describe_stack(ctx, target.stack_name);
  if (!stack)
    throw UserError("Stack with id " + target.stack_name + " does not exist", "AWS_CLOUDFORMATION_STACK_NOT_FOUND");
  return stack->outputs;
}

}  // namespace sls::aws::deploy
