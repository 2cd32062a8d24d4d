#include "aws/plugin_rest.h"

#include <cctype>
#include <map>
#include <set>
#include <string_view>

#include "aws/api/aws_error.h"
#include "aws/api/hash.h"
#include "aws/api/s3.h"
#include "aws/api/uri.h"
#include "aws/naming.h"
#include "config/yaml_input.h"
#include "util/digest.h"
#include "util/error.h"

namespace sls::aws {

namespace {

enum class Protocol { RestJson, RestJsonLowerWire, RestXml, S3 };

// One operation. `uri`: path with {Label} / {Label+} and a query part of
// `name={Param}` (sent when given) or fixed `name` / `name=value` pieces.
// `headers`: `Param=Header-Name` pairs sent as headers (`Metadata=x-amz-meta-`
// spreads a map). `payload`: the parameter sent raw as the body, or
// `xml:Root` (the other parameters as that XML element) / `xml:Root:Member`.
// `reply`: `Member=Header` pairs read from the reply's headers, `Member=@status`
// for the status code and `Member=@body` for the raw body.
struct Op {
  const char* method;
  const char* uri;
  const char* headers = "";
  const char* payload = "";
  const char* reply = "";
  const char* flattened = "";  // XML input lists sent without a wrapper
};

struct RestService {
  const char* id;  // endpoints.h id
  Protocol protocol;
  const char* xmlns = "";
  std::map<std::string, Op> ops;
};

const char* const kObjectHeaders =
    "ContentType=Content-Type,ContentLength=Content-Length,ETag=ETag,LastModified=Last-Modified,"
    "VersionId=x-amz-version-id,CacheControl=Cache-Control,ContentEncoding=Content-Encoding,"
    "ServerSideEncryption=x-amz-server-side-encryption,Metadata=x-amz-meta-";
const char* const kPutHeaders =
    "ContentType=Content-Type,ACL=x-amz-acl,CacheControl=Cache-Control,ContentEncoding=Content-Encoding,"
    "ContentDisposition=Content-Disposition,ServerSideEncryption=x-amz-server-side-encryption,"
    "SSEKMSKeyId=x-amz-server-side-encryption-aws-kms-key-id,StorageClass=x-amz-storage-class,"
    "Metadata=x-amz-meta-";

const std::map<std::string, RestService>& services() {
  static const std::map<std::string, RestService> k = {
      {"S3",
       {"s3",
        Protocol::S3,
        "http://s3.amazonaws.com/doc/2006-03-01/",
        {
            {"listBuckets", {"GET", "/"}},
            {"listObjectsV2",
             {"GET", "/{Bucket}?list-type=2&prefix={Prefix}&continuation-token={ContinuationToken}&max-keys={MaxKeys}"
                     "&delimiter={Delimiter}&start-after={StartAfter}"}},
            {"listObjects", {"GET", "/{Bucket}?prefix={Prefix}&marker={Marker}&max-keys={MaxKeys}&delimiter={Delimiter}"}},
            {"listObjectVersions",
             {"GET", "/{Bucket}?versions&prefix={Prefix}&key-marker={KeyMarker}&version-id-marker={VersionIdMarker}"
                     "&max-keys={MaxKeys}"}},
            {"getObject", {"GET", "/{Bucket}/{Key+}?versionId={VersionId}", "", "", "Body=@body"}},
            {"headObject", {"HEAD", "/{Bucket}/{Key+}?versionId={VersionId}"}},
            {"putObject", {"PUT", "/{Bucket}/{Key+}", kPutHeaders, "Body", "ETag=ETag,VersionId=x-amz-version-id"}},
            {"copyObject", {"PUT", "/{Bucket}/{Key+}", "CopySource=x-amz-copy-source,ACL=x-amz-acl,MetadataDirective=x-amz-metadata-directive"}},
            {"deleteObject", {"DELETE", "/{Bucket}/{Key+}?versionId={VersionId}"}},
            {"deleteObjects", {"POST", "/{Bucket}?delete", "", "xml:Delete:Delete", "", "Objects"}},
            {"headBucket", {"HEAD", "/{Bucket}"}},
            {"createBucket", {"PUT", "/{Bucket}", "ACL=x-amz-acl"}},
            {"deleteBucket", {"DELETE", "/{Bucket}"}},
            {"getBucketLocation", {"GET", "/{Bucket}?location"}},
            {"getBucketPolicy", {"GET", "/{Bucket}?policy", "", "", "Policy=@body"}},
            {"putBucketPolicy", {"PUT", "/{Bucket}?policy", "", "Policy"}},
            {"getBucketTagging", {"GET", "/{Bucket}?tagging"}},
            {"getBucketWebsite", {"GET", "/{Bucket}?website"}},
        }}},
      {"Lambda",
       {"lambda",
        Protocol::RestJson,
        "",
        {
            {"getFunction", {"GET", "/2015-03-31/functions/{FunctionName}?Qualifier={Qualifier}"}},
            {"getFunctionConfiguration", {"GET", "/2015-03-31/functions/{FunctionName}/configuration?Qualifier={Qualifier}"}},
            {"listFunctions", {"GET", "/2015-03-31/functions/?Marker={Marker}&MaxItems={MaxItems}"}},
            {"invoke",
             {"POST", "/2015-03-31/functions/{FunctionName}/invocations?Qualifier={Qualifier}",
              "InvocationType=X-Amz-Invocation-Type,LogType=X-Amz-Log-Type,ClientContext=X-Amz-Client-Context", "Payload",
              "StatusCode=@status,Payload=@body,FunctionError=X-Amz-Function-Error,LogResult=X-Amz-Log-Result,"
              "ExecutedVersion=X-Amz-Executed-Version"}},
            {"listVersionsByFunction", {"GET", "/2015-03-31/functions/{FunctionName}/versions?Marker={Marker}&MaxItems={MaxItems}"}},
            {"updateFunctionConfiguration", {"PUT", "/2015-03-31/functions/{FunctionName}/configuration"}},
            {"updateFunctionCode", {"PUT", "/2015-03-31/functions/{FunctionName}/code"}},
            {"publishVersion", {"POST", "/2015-03-31/functions/{FunctionName}/versions"}},
            {"deleteFunction", {"DELETE", "/2015-03-31/functions/{FunctionName}?Qualifier={Qualifier}"}},
            {"listAliases", {"GET", "/2015-03-31/functions/{FunctionName}/aliases?FunctionVersion={FunctionVersion}&Marker={Marker}&MaxItems={MaxItems}"}},
            {"getAlias", {"GET", "/2015-03-31/functions/{FunctionName}/aliases/{Name}"}},
            {"createAlias", {"POST", "/2015-03-31/functions/{FunctionName}/aliases"}},
            {"updateAlias", {"PUT", "/2015-03-31/functions/{FunctionName}/aliases/{Name}"}},
            {"deleteAlias", {"DELETE", "/2015-03-31/functions/{FunctionName}/aliases/{Name}"}},
            {"addPermission", {"POST", "/2015-03-31/functions/{FunctionName}/policy?Qualifier={Qualifier}"}},
            {"removePermission", {"DELETE", "/2015-03-31/functions/{FunctionName}/policy/{StatementId}?Qualifier={Qualifier}"}},
            {"getPolicy", {"GET", "/2015-03-31/functions/{FunctionName}/policy?Qualifier={Qualifier}"}},
            {"putFunctionConcurrency", {"PUT", "/2017-10-31/functions/{FunctionName}/concurrency"}},
            {"listLayerVersions", {"GET", "/2018-10-31/layers/{LayerName}/versions?Marker={Marker}&MaxItems={MaxItems}"}},
            {"listEventSourceMappings",
             {"GET", "/2015-03-31/event-source-mappings/?FunctionName={FunctionName}&EventSourceArn={EventSourceArn}"
                     "&Marker={Marker}&MaxItems={MaxItems}"}},
            {"listTags", {"GET", "/2017-03-31/tags/{Resource}"}},
            {"tagResource", {"POST", "/2017-03-31/tags/{Resource}"}},
        }}},
      {"APIGateway",
       {"apigateway",
        Protocol::RestJson,
        "",
        {
            {"getRestApis", {"GET", "/restapis?position={position}&limit={limit}"}},
            {"getRestApi", {"GET", "/restapis/{restApiId}"}},
            {"getResources", {"GET", "/restapis/{restApiId}/resources?position={position}&limit={limit}&embed={embed}"}},
            {"getStages", {"GET", "/restapis/{restApiId}/stages?deploymentId={deploymentId}"}},
            {"getStage", {"GET", "/restapis/{restApiId}/stages/{stageName}"}},
            {"updateStage", {"PATCH", "/restapis/{restApiId}/stages/{stageName}"}},
            {"getDeployments", {"GET", "/restapis/{restApiId}/deployments?position={position}&limit={limit}"}},
            {"createDeployment", {"POST", "/restapis/{restApiId}/deployments"}},
            {"getAuthorizers", {"GET", "/restapis/{restApiId}/authorizers?position={position}&limit={limit}"}},
            {"getDomainNames", {"GET", "/domainnames?position={position}&limit={limit}"}},
            {"getDomainName", {"GET", "/domainnames/{domainName}"}},
            {"createDomainName", {"POST", "/domainnames"}},
            {"updateDomainName", {"PATCH", "/domainnames/{domainName}"}},
            {"deleteDomainName", {"DELETE", "/domainnames/{domainName}"}},
            {"getBasePathMappings", {"GET", "/domainnames/{domainName}/basepathmappings?position={position}&limit={limit}"}},
            {"getBasePathMapping", {"GET", "/domainnames/{domainName}/basepathmappings/{basePath}"}},
            {"createBasePathMapping", {"POST", "/domainnames/{domainName}/basepathmappings"}},
            {"updateBasePathMapping", {"PATCH", "/domainnames/{domainName}/basepathmappings/{basePath}"}},
            {"deleteBasePathMapping", {"DELETE", "/domainnames/{domainName}/basepathmappings/{basePath}"}},
            {"getApiKeys", {"GET", "/apikeys?position={position}&limit={limit}&name={nameQuery}&includeValues={includeValues}"}},
            {"getApiKey", {"GET", "/apikeys/{apiKey}?includeValue={includeValue}"}},
            {"getUsagePlans", {"GET", "/usageplans?position={position}&limit={limit}&keyId={keyId}"}},
            {"getAccount", {"GET", "/account"}},
            {"updateAccount", {"PATCH", "/account"}},
            {"getTags", {"GET", "/tags/{resourceArn}"}},
            {"tagResource", {"PUT", "/tags/{resourceArn}"}},
        }}},
      {"ApiGatewayV2",
       {"apigatewayv2",
        Protocol::RestJsonLowerWire,
        "",
        {
            {"getApis", {"GET", "/v2/apis?maxResults={MaxResults}&nextToken={NextToken}"}},
            {"getApi", {"GET", "/v2/apis/{ApiId}"}},
            {"getStages", {"GET", "/v2/apis/{ApiId}/stages?maxResults={MaxResults}&nextToken={NextToken}"}},
            {"getStage", {"GET", "/v2/apis/{ApiId}/stages/{StageName}"}},
            {"getDomainNames", {"GET", "/v2/domainnames?maxResults={MaxResults}&nextToken={NextToken}"}},
            {"getDomainName", {"GET", "/v2/domainnames/{DomainName}"}},
            {"createDomainName", {"POST", "/v2/domainnames"}},
            {"updateDomainName", {"PATCH", "/v2/domainnames/{DomainName}"}},
            {"deleteDomainName", {"DELETE", "/v2/domainnames/{DomainName}"}},
            {"getApiMappings", {"GET", "/v2/domainnames/{DomainName}/apimappings?maxResults={MaxResults}&nextToken={NextToken}"}},
            {"getApiMapping", {"GET", "/v2/domainnames/{DomainName}/apimappings/{ApiMappingId}"}},
            {"createApiMapping", {"POST", "/v2/domainnames/{DomainName}/apimappings"}},
            {"updateApiMapping", {"PATCH", "/v2/domainnames/{DomainName}/apimappings/{ApiMappingId}"}},
            {"deleteApiMapping", {"DELETE", "/v2/domainnames/{DomainName}/apimappings/{ApiMappingId}"}},
        }}},
      {"Route53",
       {"route53",
        Protocol::RestXml,
        "https://route53.amazonaws.com/doc/2013-04-01/",
        {
            {"listHostedZones", {"GET", "/2013-04-01/hostedzone?marker={Marker}&maxitems={MaxItems}"}},
            {"listHostedZonesByName",
             {"GET", "/2013-04-01/hostedzonesbyname?dnsname={DNSName}&hostedzoneid={HostedZoneId}&maxitems={MaxItems}"}},
            {"getHostedZone", {"GET", "/2013-04-01/hostedzone/{Id}"}},
            {"listResourceRecordSets",
             {"GET", "/2013-04-01/hostedzone/{HostedZoneId}/rrset?name={StartRecordName}&type={StartRecordType}"
                     "&identifier={StartRecordIdentifier}&maxitems={MaxItems}"}},
            {"changeResourceRecordSets",
             {"POST", "/2013-04-01/hostedzone/{HostedZoneId}/rrset/", "", "xml:ChangeResourceRecordSetsRequest"}},
            {"getChange", {"GET", "/2013-04-01/change/{Id}"}},
        }}},
  };
  return k;
}

// Bytes from the bridge: a Buffer comes as {"__slsBase64": "..."} (shim_js.cc).
std::optional<std::string> wire_bytes(const Json& v) {
  if (!v.is_object() || v.size() != 1 || !v.contains("__slsBase64") || !v["__slsBase64"].is_string()) return std::nullopt;
  return digest::base64_decode(v["__slsBase64"].get<std::string>());
}

// A raw reply body: text when it is UTF-8, else the bytes as the shim turns them into a Buffer.
Json body_json(const std::string& body) {
  if (config::replace_invalid_utf8(body) == body) return body;
  return Json{{"__slsBase64", digest::base64(body)}};
}

std::string text_of(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return v.dump();
}

// "a=b,c=d" as pairs.
std::vector<std::pair<std::string, std::string>> pairs(std::string_view spec) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!spec.empty()) {
    size_t comma = spec.find(',');
    std::string_view item = spec.substr(0, comma);
    size_t eq = item.find('=');
    out.emplace_back(std::string(item.substr(0, eq)), eq == std::string_view::npos ? "" : std::string(item.substr(eq + 1)));
    spec = comma == std::string_view::npos ? std::string_view{} : spec.substr(comma + 1);
  }
  return out;
}

[[noreturn]] void missing(const std::string& service, const std::string& method, const std::string& param) {
  throw UserError("provider.request(\"" + service + "\", \"" + method + "\"): missing required parameter \"" + param +
                      "\".",
                  "SLS_BRIDGE_MISSING_PARAMETER");
}

// Route 53 ids come as "/hostedzone/Z1" or "/change/C1" too (the SDK strips that).
std::string label_value(const RestService& svc, const Json& v) {
  std::string s = text_of(v);
  if (svc.protocol == Protocol::RestXml)
    for (const char* p : {"/hostedzone/", "/change/", "/delegationset/"})
      if (s.starts_with(p)) return s.substr(std::string(p).size());
  return s;
}

bool tags_key(const std::string& key) { return key == "Tags" || key == "tags" || key == "StageVariables" || key == "stageVariables"; }

// API Gateway V2: the SDK's PascalCase members are lowerCamel on the wire (and back).
Json recase(const Json& v, bool to_wire) {
  if (v.is_array()) {
    Json out = Json::array();
    for (const Json& e : v) out.push_back(recase(e, to_wire));
    return out;
  }
  if (!v.is_object()) return v;
  Json out = Json::object();
  for (const auto& [k, e] : v.items()) {
    std::string key = k;
    if (!key.empty()) key[0] = to_wire ? static_cast<char>(std::tolower(static_cast<unsigned char>(key[0])))
                                       : static_cast<char>(std::toupper(static_cast<unsigned char>(key[0])));
    out[key] = tags_key(k) ? e : recase(e, to_wire);
  }
  return out;
}

// REST-JSON blobs (Lambda's ZipFile) travel as base64 text.
Json blobs_as_base64(const Json& v) {
  if (auto bytes = wire_bytes(v)) return digest::base64(*bytes);
  if (v.is_array()) {
    Json out = Json::array();
    for (const Json& e : v) out.push_back(blobs_as_base64(e));
    return out;
  }
  if (!v.is_object()) return v;
  Json out = Json::object();
  for (const auto& [k, e] : v.items()) out[k] = blobs_as_base64(e);
  return out;
}

std::string singular(const std::string& name) {
  if (name == "TagSet") return "Tag";
  if (name.size() > 1 && name.back() == 's') return name.substr(0, name.size() - 1);
  return "member";
}

const std::set<std::string>& flattened_reply_lists() {
  static const std::set<std::string> k = {"Contents", "CommonPrefixes", "Deleted", "Error", "Version", "DeleteMarker"};
  return k;
}

std::string sdk_list_name(const std::string& element) {
  if (element == "Version") return "Versions";
  if (element == "DeleteMarker") return "DeleteMarkers";
  if (element == "Error") return "Errors";
  return element;
}

// The SDK's types for the REST-XML members plugins test (IsTruncated drives paging loops).
Json typed_leaf(const std::string& name, const std::string& text) {
  static const std::set<std::string> kBooleans = {"IsTruncated", "EvaluateTargetHealth", "PrivateZone", "IsLatest",
                                                  "Quiet"};
  static const std::set<std::string> kNumbers = {"KeyCount", "MaxKeys", "Size", "MaxItems", "ResourceRecordSetCount",
                                                 "TTL", "Weight"};
  if (kBooleans.count(name) && (text == "true" || text == "false")) return text == "true";
  if (kNumbers.count(name) && !text.empty() && text.size() < 19 &&
      text.find_first_not_of("0123456789") == std::string::npos)
    return std::stoll(text);
  return text;
}

}  // namespace

bool rest_service(const std::string& service) { return services().count(service) > 0; }

Json rest_xml_json(const pugi::xml_node& node) {
  std::vector<pugi::xml_node> children;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element) children.push_back(c);
  if (children.empty()) return typed_leaf(node.name(), node.text().as_string());
  bool same = true;
  for (const auto& c : children) same = same && std::string(c.name()) == children.front().name();
  const std::string first = children.front().name();
  if (same && (singular(node.name()) == first || first == "member")) {  // HostedZones/HostedZone
    Json out = Json::array();
    for (const auto& c : children) out.push_back(rest_xml_json(c));
    return out;
  }
  Json out = Json::object();
  for (const auto& c : children) {
    const std::string name = c.name();
    if (flattened_reply_lists().count(name)) {
      Json& list = out[sdk_list_name(name)];
      if (!list.is_array()) list = Json::array();
      list.push_back(rest_xml_json(c));
    } else {
      out[name] = rest_xml_json(c);
    }
  }
  return out;
}

std::string rest_xml_body(const Json& value, const std::string& flattened) {
  std::string out;
  if (!value.is_object()) return api::s3::xml_escape(text_of(value));
  std::set<std::string> flat;
  for (const auto& [k, v] : pairs(flattened)) flat.insert(k);
  for (const auto& [k, v] : value.items()) {
    if (v.is_null()) continue;
    if (v.is_array()) {
      const std::string item = singular(k);
      if (!flat.count(k)) out += "<" + k + ">";
      for (const Json& e : v) out += "<" + item + ">" + rest_xml_body(e, flattened) + "</" + item + ">";
      if (!flat.count(k)) out += "</" + k + ">";
    } else {
      out += "<" + k + ">" + rest_xml_body(v, flattened) + "</" + k + ">";
    }
  }
  return out;
}

namespace {

// The REST call being built: `rest` holds the parameters not placed yet.
struct Call {
  const RestService& svc;
  const Op& op;
  std::string service, method, operation;
  Json rest;
  api::ServiceRequest request;
  bool is(const char* m) const { return std::string(op.method) == m; }
};

// S3: bucket and key through the S3 client's addressing (virtual-hosted or path style).
void fill_s3_path(Call& c, const api::AwsContext& context, const std::string& path_tpl) {
  std::string bucket, key;
  if (path_tpl != "/") {
    if (!c.rest.contains("Bucket")) missing(c.service, c.method, "Bucket");
    bucket = text_of(c.rest["Bucket"]);
    c.rest.erase("Bucket");
  }
  if (path_tpl.find("{Key+}") != std::string::npos) {
    if (!c.rest.contains("Key")) missing(c.service, c.method, "Key");
    key = text_of(c.rest["Key"]);
    c.rest.erase("Key");
  }
  c.request = bucket.empty() ? api::ServiceRequest{} : api::s3::request(context, c.op.method, bucket, key);
  if (bucket.empty()) c.request.path = "/";
}

// The path's {Label} / {Label+} from the parameters.
void fill_path(Call& c, const std::string& path_tpl) {
  std::string path;
  for (size_t i = 0; i < path_tpl.size();) {
    if (path_tpl[i] != '{') {
      path += path_tpl[i++];
      continue;
    }
    size_t close = path_tpl.find('}', i);
    std::string name = path_tpl.substr(i + 1, close - i - 1);
    bool greedy = name.ends_with('+');
    if (greedy) name.pop_back();
    if (!c.rest.contains(name) || c.rest[name].is_null()) missing(c.service, c.method, name);
    path += api::uri_encode(label_value(c.svc, c.rest[name]), greedy);
    c.rest.erase(name);
    i = close + 1;
  }
  c.request.path = path;
  // As the SDK asks API Gateway: plain JSON, not its default HAL documents.
  if (c.svc.id == std::string("apigateway")) c.request.headers.emplace_back("Accept", "application/json");
}

// `name={Param}` pieces sent when the parameter is given, fixed pieces always.
void add_query(Call& c, std::string_view q) {
  while (!q.empty()) {
    size_t amp = q.find('&');
    std::string_view piece = q.substr(0, amp);
    size_t eq = piece.find('=');
    std::string name(piece.substr(0, eq));
    std::string value = eq == std::string_view::npos ? "" : std::string(piece.substr(eq + 1));
    if (value.size() > 2 && value.front() == '{' && value.back() == '}') {
      std::string param = value.substr(1, value.size() - 2);
      if (c.rest.contains(param) && !c.rest[param].is_null()) {
        c.request.query.emplace_back(name, label_value(c.svc, c.rest[param]));
        c.rest.erase(param);
      }
    } else {
      c.request.query.emplace_back(name, value);
    }
    q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
  }
}

void add_headers(Call& c) {
  for (const auto& [param, header] : pairs(c.op.headers)) {
    if (!c.rest.contains(param) || c.rest[param].is_null()) continue;
    if (header.ends_with('-') && c.rest[param].is_object()) {  // x-amz-meta-*
      for (const auto& [k, v] : c.rest[param].items()) c.request.headers.emplace_back(header + k, text_of(v));
    } else {
      c.request.headers.emplace_back(header, text_of(c.rest[param]));
    }
    c.rest.erase(param);
  }
}

// The XML element (`xml:Root[:Member]`), the raw payload parameter, or the JSON body.
void set_body(Call& c) {
  const std::string payload = c.op.payload;
  if (payload.starts_with("xml:")) {
    std::string root = payload.substr(4), member;
    if (size_t colon = root.find(':'); colon != std::string::npos) {
      member = root.substr(colon + 1);
      root = root.substr(0, colon);
    }
    const Json content = member.empty() ? c.rest : c.rest.value(member, Json::object());
    c.request.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><" + root + " xmlns=\"" + c.svc.xmlns + "\">" +
                     rest_xml_body(content, c.op.flattened) + "</" + root + ">";
    c.request.headers.emplace_back("Content-Type", "application/xml");
    if (c.svc.protocol == Protocol::S3) c.request.headers.emplace_back("Content-MD5", api::md5_base64(c.request.body));
  } else if (!payload.empty()) {
    if (c.rest.contains(payload) && !c.rest[payload].is_null()) {
      const Json& p = c.rest[payload];
      if (auto bytes = wire_bytes(p)) c.request.body = *bytes;
      else c.request.body = p.is_string() ? p.get<std::string>() : p.dump();
    }
  } else if ((c.svc.protocol == Protocol::RestJson || c.svc.protocol == Protocol::RestJsonLowerWire) &&
             !c.is("GET") && !c.is("DELETE") && !c.is("HEAD")) {
    const Json body = blobs_as_base64(c.rest);
    c.request.body = (c.svc.protocol == Protocol::RestJsonLowerWire ? recase(body, true) : body).dump();
    c.request.headers.emplace_back("Content-Type", "application/json");
  }
}

[[noreturn]] void throw_reply_error(const Call& c, const api::HttpResponse& reply) {
  // A HEAD reply has no body to name the error: the SDK's codes for its statuses.
  if (c.is("HEAD") && api::parse_aws_error(reply).code.empty()) {
    const std::string code = reply.status == 404 ? "NotFound" : reply.status == 403 ? "Forbidden" : "BadRequest";
    throw UserError(std::string(c.svc.id) + " " + c.operation + " failed: " + code + ": HTTP " +
                        std::to_string(reply.status),
                    code);
  }
  api::throw_aws_error(c.svc.id, c.operation, reply);
}

// The reply's body as the SDK shapes it.
Json reply_body(const Call& c, const api::HttpResponse& reply) {
  const bool xml = c.svc.protocol == Protocol::RestXml || c.svc.protocol == Protocol::S3;
  if (xml) {
    pugi::xml_document doc;
    if (!doc.load_buffer(reply.body.data(), reply.body.size())) api::throw_malformed_reply(c.svc.id, c.operation, "XML");
    Json parsed = rest_xml_json(doc.document_element());
    if (std::string(doc.document_element().name()) == "LocationConstraint") parsed = Json{{"LocationConstraint", parsed}};
    return parsed.is_object() ? parsed : Json::object();
  }
  Json out = Json::parse(reply.body);
  if (c.svc.protocol == Protocol::RestJsonLowerWire) out = recase(out, false);
  if (c.svc.id == std::string("apigateway") && out.contains("item")) {
    out["items"] = out["item"];
    out.erase("item");
  }
  return out;
}

// Members the reply carries in its status, headers or raw body (`Member=Header`, ...).
void add_reply_members(const Call& c, const api::HttpResponse& reply, Json& out) {
  std::string spec = c.op.reply;
  if (c.svc.protocol == Protocol::S3 && (c.method == "getObject" || c.method == "headObject"))
    spec = std::string(kObjectHeaders) + (spec.empty() ? "" : "," + spec);
  for (const auto& [member, source] : pairs(spec)) {
    if (source == "@status") {
      out[member] = reply.status;
    } else if (source == "@body") {
      out[member] = body_json(reply.body);
    } else if (source.ends_with('-')) {
      Json meta = Json::object();
      for (const auto& [name, value] : reply.headers) {
        std::string lower;
        for (char ch : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (lower.starts_with(source)) meta[lower.substr(source.size())] = value;
      }
      out[member] = meta;
    } else if (std::string v = reply.header(source); !v.empty()) {
      out[member] = member == "ContentLength" && v.find_first_not_of("0123456789") == std::string::npos
                        ? Json(std::stoll(v))
                        : Json(v);
    }
  }
}

const Op& find_op(const RestService& svc, const std::string& service, const std::string& method) {
  auto it = svc.ops.find(method);
  if (it != svc.ops.end()) return it->second;
  std::string known;
  for (const auto& [name, op] : svc.ops) known += (known.empty() ? "" : ", ") + name;
  throw UserError("provider.request(\"" + service + "\", \"" + method + "\"): sls's plugin bridge does not call this " +
                      service + " operation yet (it covers " + known + ").",
                  "SLS_BRIDGE_OPERATION_UNSUPPORTED");
}

}  // namespace

Json plugin_rest_request(const api::AwsContext& context, const std::string& service, const std::string& method,
                         const Json& params) {
  const RestService& svc = services().at(service);
  Call c{svc, find_op(svc, service, method), service, method, naming::upper_first(method),
         params.is_object() ? params : Json::object(), {}};
  const std::string uri = c.op.uri;
  const size_t qmark = uri.find('?');
  const std::string path_tpl = uri.substr(0, qmark);
  if (svc.protocol == Protocol::S3) fill_s3_path(c, context, path_tpl);
  else fill_path(c, path_tpl);
  c.request.service = svc.id;
  c.request.method = c.op.method;
  if (qmark != std::string::npos) add_query(c, std::string_view(uri).substr(qmark + 1));
  add_headers(c);
  set_body(c);

  const bool raw_reply = std::string(c.op.reply).find("@body") != std::string::npos;
  const bool xml = svc.protocol == Protocol::RestXml || svc.protocol == Protocol::S3;
  c.request.reply_format = raw_reply || c.is("HEAD") ? api::ReplyFormat::Raw
                           : xml                       ? api::ReplyFormat::Xml
                                                       : api::ReplyFormat::Json;
  api::HttpResponse reply = api::send_aws(context, c.request, c.operation);
  if (reply.status < 200 || reply.status >= 300) throw_reply_error(c, reply);
  Json out = !raw_reply && !reply.body.empty() && !c.is("HEAD") ? reply_body(c, reply) : Json::object();
  add_reply_members(c, reply, out);
  return out;
}

}  // namespace sls::aws
