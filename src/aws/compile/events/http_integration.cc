// The Integration block of a method and its MethodResponses (method/integration.js,
// method/responses.js): lambda-proxy, lambda (with osls's default request
// templates), HTTP, HTTP proxy and MOCK.
#include "aws/compile/cfn.h"
#include "aws/compile/events/common.h"
#include "aws/compile/events/http_model.h"
#include "aws/compile/lambda_target.h"

namespace sls::compile::events::http {
namespace {

// osls's default request templates; "extraCognitoPoolClaims" is replaced by
// the authorizer's claims (or nothing).
const char* const kJsonRequestHead = R"tpl(
    #set( $body = $input.json("$") )

    )tpl";
const char* const kFormRequestHead = R"tpl(
    #define( $body )
      {
      #foreach( $token in $input.path('$').split('&') )
        #set( $keyVal = $token.split('=') )
        #set( $keyValSize = $keyVal.size() )
        #if( $keyValSize >= 1 )
          #set( $key = $util.escapeJavaScript($util.urlDecode($keyVal[0])) )
          #if( $keyValSize >= 2 )
            #set($val = $util.escapeJavaScript($util.urlDecode($keyVal[1])).replaceAll("\\'","'"))
          #else
            #set( $val = '' )
          #end
          "$key": "$val"#if($foreach.hasNext),#end
        #end
      #end
      }
    #end

    )tpl";
// What both templates share after their own $body definition.
const char* const kRequestTemplateTail = R"tpl(
  #define( $loop )
    {
    #foreach($key in $map.keySet())
        #set( $k = $util.escapeJavaScript($key) )
        #set( $v = $util.escapeJavaScript($map.get($key)).replaceAll("\\'", "'") )
        "$k":
          "$v"
          #if( $foreach.hasNext ) , #end
    #end
    }
  #end

  {
    "body": $body,
    "method": "$context.httpMethod",
    "principalId": "$context.authorizer.principalId",
    "stage": "$context.stage",

    "cognitoPoolClaims" : {
       extraCognitoPoolClaims
       "sub": "$context.authorizer.claims.sub"
    },

    #set( $map = $context.authorizer )
    "enhancedAuthContext": $loop,

    #set( $map = $input.params().header )
    "headers": $loop,

    #set( $map = $input.params().querystring )
    "query": $loop,

    #set( $map = $input.params().path )
    "path": $loop,

    #set( $map = $context.identity )
    "identity": $loop,

    #set( $map = $stageVariables )
    "stageVariables": $loop,

    "requestPath": "$context.resourcePath"
  }

  )tpl";


// The function's invocation URI; with a target alias, ":" and its name follow the ARN.
Json lambda_uri(const PackageContext& ctx, const std::string& function_name) {
  Json::array_t parts;
  parts.reserve(9);
  parts.emplace_back("arn:");
  parts.push_back(cfn::ref("AWS::Partition"));
  parts.emplace_back(":apigateway:");
  parts.push_back(cfn::ref("AWS::Region"));
  parts.emplace_back(":lambda:path/2015-03-31/functions/");
  parts.push_back(lambda_arn(function_name));
  if (auto alias = target_alias(function_name, function_config(ctx, function_name))) {
    parts.emplace_back(":");
    parts.emplace_back(alias->name);
  }
  parts.emplace_back("/invocations");
  return cfn::join("", std::move(parts));
}

// The Access-Control-Allow-* headers a non-proxy method answers with, then response.headers.
Json response_headers(const HttpEvent& e) {
  Json headers = Json::object();
  if (e.cors) {
    std::string origin = e.cors->origin.value_or("undefined");
    if (e.cors->origins && !e.cors->origins->empty()) {
      origin.clear();
      for (size_t i = 0; i < e.cors->origins->size(); ++i)
        origin += (i ? "," : "") + (*e.cors->origins)[i];
    }
    headers["Access-Control-Allow-Origin"] = "'" + origin + "'";
    if (e.cors->allow_credentials) headers["Access-Control-Allow-Credentials"] = "true";
  }
  if (e.response.contains("headers") && e.response["headers"].is_object())
    for (const auto& [k, v] : e.response["headers"].items()) headers[k] = v;
  return headers;
}

Json integration_responses(const HttpEvent& e) {
  Json out = Json::array();
  if (!e.response.is_object()) return out;
  const Json headers = response_headers(e);
  for (const auto& [code, config] : e.response["statusCodes"].items()) {
    Json params = Json::object();
    for (const auto& [k, v] : headers.items()) params["method.response.header." + k] = v;
    if (config.contains("headers") && config["headers"].is_object())
      for (const auto& [k, v] : config["headers"].items()) params["method.response.header." + k] = v;
    Json templates = Json::object();
    if (e.response.contains("template") && truthy(e.response["template"]))
      templates["application/json"] = e.response["template"];
    if (config.contains("template") && truthy(config["template"])) {
      if (config["template"].is_string()) templates["application/json"] = config["template"];
      else if (config["template"].is_object())
        for (const auto& [k, v] : config["template"].items()) templates[k] = v;
    }
    Json response = {{"StatusCode", code},
                     {"SelectionPattern", config.contains("pattern") && truthy(config["pattern"])
                                              ? config["pattern"] : Json("")},
                     {"ResponseParameters", params},
                     {"ResponseTemplates", templates}};
    if (code.rfind('2', 0) == 0 && e.response.contains("contentHandling") &&
        !e.response["contentHandling"].is_null())
      response["ContentHandling"] = e.response["contentHandling"];
    out.push_back(response);
  }
  return out;
}

std::string claims_text(const HttpEvent& e) {
  if (!e.authorizer || !e.authorizer->claims.is_array()) return "";
  std::string out;
  for (const auto& claim : e.authorizer->claims) {
    const std::string name = claim.is_string() ? claim.get<std::string>() : claim.dump();
    auto colon = claim.is_string() ? name.find(':') : std::string::npos;
    if (!out.empty()) out += ',';
    out += '"';
    if (colon != std::string::npos) {
      out.append(name, colon + 1);
      out += "\": \"$context.authorizer.claims['";
      out += name;
      out += "']\"";
    } else {
      out += name;
      out += "\": \"$context.authorizer.claims.";
      out += name;
      out += '"';
    }
  }
  return out.empty() ? out : out + ",";
}

Json request_templates(const HttpEvent& e) {
  Json templates = Json::object();
  if (e.integration == "AWS") {
    templates["application/json"] = std::string(kJsonRequestHead) + kRequestTemplateTail;
    templates["application/x-www-form-urlencoded"] = std::string(kFormRequestHead) + kRequestTemplateTail;
  }
  if (e.request.is_object() && e.request.contains("template") && e.request["template"].is_object()) {
    for (const auto& [type, text] : e.request["template"].items()) {
      if (text.is_null()) templates.erase(type);
      else templates[type] = text;
    }
  }
  const std::string claims = claims_text(e);
  for (auto& [type, text] : templates.items()) {
    if (!text.is_string()) continue;
    std::string s = text.get<std::string>();
    auto pos = s.find("extraCognitoPoolClaims");
    if (pos != std::string::npos) s.replace(pos, 22, claims);
    text = s;
  }
  return templates;
}

}  // namespace

Json method_integration(const HttpCompilation& c, const HttpEvent& e) {
  const Json& ag = c.api_gateway();
  const std::string& type = e.integration;
  Json integration = Json::object();
  integration["IntegrationHttpMethod"] = "POST";
  integration["Type"] = type;
  if (truthy(e.timeout_in_millis)) integration["TimeoutInMillis"] = e.timeout_in_millis;
  else if (ag.contains("timeoutInMillis") && truthy(ag["timeoutInMillis"]))
    integration["TimeoutInMillis"] = ag["timeoutInMillis"];

  if (type == "AWS" || type == "AWS_PROXY") {
    integration["Uri"] = lambda_uri(c.ctx, e.function_name);
  } else if (type == "HTTP" || type == "HTTP_PROXY") {
    integration["Uri"] = e.request["uri"];
    const Json method = e.request.contains("method") && truthy(e.request["method"])
                            ? e.request["method"] : Json(e.method);
    integration["IntegrationHttpMethod"] = ascii_upper(method.get<std::string>());
    if (e.connection_type) {
      integration["ConnectionType"] = *e.connection_type;
      if (!e.connection_id.is_null()) integration["ConnectionId"] = e.connection_id;
    }
  }

  if (type == "AWS" || type == "HTTP" || type == "MOCK") {
    const bool has_request = e.request.is_object();
    if (has_request && e.request.contains("passThrough") && !e.request["passThrough"].is_null())
      integration["PassthroughBehavior"] = e.request["passThrough"];
    if (has_request && e.request.contains("contentHandling") && !e.request["contentHandling"].is_null())
      integration["ContentHandling"] = e.request["contentHandling"];
    Json templates = request_templates(e);
    if (!templates.empty()) integration["RequestTemplates"] = templates;
    integration["IntegrationResponses"] = integration_responses(e);
  }

  const bool has_parameters = e.request.is_object() && e.request.contains("parameters") &&
                              e.request_parameters.is_object() && !e.request_parameters.empty();
  if (((type == "AWS" || type == "HTTP" || type == "HTTP_PROXY") && has_parameters) || e.async) {
    Json params = Json::object();
    if (has_parameters) {
      for (const auto& [key, value] : e.request_parameters.items()) {
        const Json mapped = value.is_object() && value.contains("mappedValue") && truthy(value["mappedValue"])
                                ? value["mappedValue"] : Json(key);
        params["integration." + key.substr(std::string("method.").size())] = mapped;
      }
    }
    if (e.async) params["integration.request.header.X-Amz-Invocation-Type"] = "'Event'";
    integration["RequestParameters"] = params;
  }
  return integration;
}

Json method_responses(const HttpEvent& e) {
  Json out = Json::array();
  if (e.integration != "AWS" && e.integration != "HTTP" && e.integration != "MOCK") return out;
  if (!e.response.is_object()) return out;
  const Json headers = response_headers(e);
  for (const auto& [code, config] : e.response["statusCodes"].items()) {
    Json params = Json::object();
    for (const auto& [k, v] : headers.items()) params["method.response.header." + k] = true;
    if (config.contains("headers") && config["headers"].is_object())
      for (const auto& [k, v] : config["headers"].items()) params["method.response.header." + k] = true;
    out.push_back({{"ResponseParameters", params}, {"ResponseModels", Json::object()}, {"StatusCode", code}});
  }
  return out;
}

}  // namespace sls::compile::events::http
