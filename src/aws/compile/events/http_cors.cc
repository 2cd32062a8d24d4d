// The OPTIONS (MOCK) method of every path with `cors` (cors.js).
#include <regex>

#include "aws/compile/events/http_model.h"
#include "aws/naming.h"

namespace sls::compile::events::http {
namespace {

std::string join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? sep : "") + items[i];
  return out;
}

std::string trim(const std::string& s) {
  const char* ws = " \t\n\r\f\v";
  auto b = s.find_first_not_of(ws);
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

std::string js_string(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return v.dump();
}

// '*.example.com' -> '.+[.]example[.]com' (dots escaped, the first '*' a wildcard).
std::string regexify(const std::string& origin) {
  std::string out;
  for (char ch : origin) out += ch == '.' ? std::string("[.]") : std::string(1, ch);
  auto star = out.find('*');
  if (star != std::string::npos) out.replace(star, 1, ".+");
  return out;
}

std::string response_template(const std::vector<std::string>& origins) {
  std::string conditions;
  for (size_t i = 0; i < origins.size(); ++i) {
    conditions += "$origin.matches(\"" + regexify(origins[i]) + "\")";
    if (i + 1 < origins.size()) conditions += " || ";
  }
  return "#set($origin = $input.params(\"Origin\"))\n"
         "#if($origin == \"\") #set($origin = $input.params(\"origin\")) #end\n"
         "#if(" + conditions +
         ") #set($context.responseOverride.header.Access-Control-Allow-Origin = $origin) #end";
}

}  // namespace

void compile_cors(HttpCompilation& c) {
  for (const auto& config : c.validated.cors_preflight) {
    const std::string logical_id =
        naming::method_logical_id(c.resource_name(config.path), "options");

    std::optional<std::string> origin = config.origin;
    std::vector<std::string> origins = config.origins;
    if (origin && origin->find(',') != std::string::npos) {
      origins.clear();
      size_t start = 0;
      while (true) {
        size_t comma = origin->find(',', start);
        origins.push_back(trim(origin->substr(start, comma == std::string::npos ? std::string::npos
                                                                                 : comma - start)));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    }
    if (!origins.empty()) origin = origins[0];

    Json headers = Json::object();  // header -> value, in osls's order
    headers["Access-Control-Allow-Origin"] = "'" + origin.value_or("undefined") + "'";
    headers["Access-Control-Allow-Headers"] = "'" + join(config.headers, ",") + "'";
    std::string methods = "'" + join(config.methods, ",") + "'";
    if (std::find(config.methods.begin(), config.methods.end(), "ANY") != config.methods.end()) {
      methods.replace(methods.find("ANY"), 3, "DELETE,GET,HEAD,PATCH,POST,PUT");
    }
    headers["Access-Control-Allow-Methods"] = methods;
    if (config.allow_credentials) headers["Access-Control-Allow-Credentials"] = "'true'";
    if (truthy(config.max_age)) headers["Access-Control-Max-Age"] = "'" + js_string(config.max_age) + "'";
    if (config.cache_control) headers["Cache-Control"] = "'" + *config.cache_control + "'";

    Json method_params = Json::object();
    Json integration_params = Json::object();
    for (const auto& [header, value] : headers.items()) {
      method_params["method.response.header." + header] = true;
      integration_params["method.response.header." + header] = value;
    }

    c.method_logical_ids.push_back(logical_id);
    c.ctx.resources()[logical_id] = {
        {"Type", "AWS::ApiGateway::Method"},
        {"Properties",
         {{"AuthorizationType", "NONE"},
          {"HttpMethod", "OPTIONS"},
          {"MethodResponses",
           Json::array({{{"StatusCode", "200"},
                         {"ResponseParameters", method_params},
                         {"ResponseModels", Json::object()}}})},
          {"RequestParameters", Json::object()},
          {"Integration",
           {{"Type", "MOCK"},
            {"RequestTemplates", {{"application/json", "{statusCode:200}"}}},
            {"ContentHandling", "CONVERT_TO_TEXT"},
            {"IntegrationResponses",
             Json::array({{{"StatusCode", "200"},
                           {"ResponseParameters", integration_params},
                           {"ResponseTemplates",
                            {{"application/json",
                              origins.empty() ? std::string() : response_template(origins)}}}}})}}},
          {"ResourceId", c.resource_id(config.path)},
          {"RestApiId", c.rest_api_id()}}}};
  }
}

}  // namespace sls::compile::events::http
