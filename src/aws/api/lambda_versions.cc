#include "aws/api/lambda_versions.h"

#include <functional>

#include "aws/api/rest.h"
#include "aws/api/uri.h"
#include "util/error.h"

namespace sls::aws::api::lambda {
namespace {

bool is_not_found(const UserError& e) { return e.code == "ResourceNotFoundException"; }

// Calls `operation` on `path` for every page, handing each reply body to `page`.
void for_each_page(const AwsContext& ctx, const std::string& operation, const std::string& path,
                   const std::function<void(const Json&)>& page) {
  std::string marker;
  do {
    QueryParams q;
    if (!marker.empty()) q.emplace_back("Marker", marker);
    Json body = rest_json_call(ctx, "lambda", operation, "GET", path, q).body;
    page(body);
    const Json* next = body.is_object() && body.contains("NextMarker") ? &body["NextMarker"] : nullptr;
    marker = next && next->is_string() ? next->get<std::string>() : "";
  } while (!marker.empty());
}

const Json& list_of(const Json& body, const char* key) {
  static const Json kEmpty = Json::array();
  return body.is_object() && body.contains(key) && body[key].is_array() ? body[key] : kEmpty;
}

std::string text_of(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return v.dump();
  return "";
}

std::string function_path(const std::string& name) { return "/2015-03-31/functions/" + uri_encode(name); }
std::string layer_path(const std::string& name) { return "/2018-10-31/layers/" + uri_encode(name) + "/versions"; }

}  // namespace

std::vector<std::string> list_versions_by_function(const AwsContext& ctx, const std::string& function_name) {
  std::vector<std::string> out;
  try {
    for_each_page(ctx, "ListVersionsByFunction", function_path(function_name) + "/versions", [&](const Json& body) {
      for (const Json& v : list_of(body, "Versions"))
        if (v.is_object() && v.contains("Version")) out.push_back(text_of(v["Version"]));
    });
  } catch (const UserError& e) {
    if (!is_not_found(e)) throw;
    return {};
  }
  return out;
}

std::vector<AliasInfo> list_aliases(const AwsContext& ctx, const std::string& function_name) {
  std::vector<AliasInfo> out;
  try {
    for_each_page(ctx, "ListAliases", function_path(function_name) + "/aliases", [&](const Json& body) {
      for (const Json& a : list_of(body, "Aliases")) {
        if (!a.is_object()) continue;
        AliasInfo info;
        info.name = text_of(a.value("Name", Json()));
        info.function_version = text_of(a.value("FunctionVersion", Json()));
        const Json routing = a.value("RoutingConfig", Json::object());
        if (routing.is_object() && routing.contains("AdditionalVersionWeights") &&
            routing["AdditionalVersionWeights"].is_object())
          for (const auto& [version, weight] : routing["AdditionalVersionWeights"].items())
            info.additional_versions.push_back(version);
        out.push_back(std::move(info));
      }
    });
  } catch (const UserError& e) {
    if (!is_not_found(e)) throw;
    return {};
  }
  return out;
}

std::vector<long long> list_layer_versions(const AwsContext& ctx, const std::string& layer_name) {
  std::vector<long long> out;
  try {
    for_each_page(ctx, "ListLayerVersions", layer_path(layer_name), [&](const Json& body) {
      for (const Json& v : list_of(body, "LayerVersions"))
        if (v.is_object() && v.contains("Version") && v["Version"].is_number_integer())
          out.push_back(v["Version"].get<long long>());
    });
  } catch (const UserError& e) {
    if (!is_not_found(e)) throw;
    return {};
  }
  return out;
}

void delete_function_version(const AwsContext& ctx, const std::string& function_name, const std::string& version) {
  rest_json_call(ctx, "lambda", "DeleteFunction", "DELETE", function_path(function_name), {{"Qualifier", version}});
}

void delete_layer_version(const AwsContext& ctx, const std::string& layer_name, long long version) {
  rest_json_call(ctx, "lambda", "DeleteLayerVersion", "DELETE", layer_path(layer_name) + "/" + std::to_string(version));
}

}  // namespace sls::aws::api::lambda
