#include "aws/api/s3.h"

#include <fmt/format.h>

#include <cctype>
#include <pugixml.hpp>

#include "aws/api/aws_error.h"
#include "aws/api/hash.h"
#include "util/error.h"

namespace sls::aws::api::s3 {
namespace {

bool dns_compatible(const std::string& bucket) {
  if (bucket.size() < 3 || bucket.size() > 63) return false;
  for (char c : bucket) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return bucket.front() != '-' && bucket.back() != '-';
}




}  // namespace

ServiceRequest request(const AwsContext& ctx, const std::string& method, const std::string& bucket,
                       const std::string& key) {
  Address a = address(ctx, bucket, key);
  ServiceRequest r;
  r.service = "s3";
  r.method = method;
  r.path = a.path;
  r.endpoint = a.endpoint;
  return r;
}

pugi::xml_document call_xml(const AwsContext& ctx, ServiceRequest r, const std::string& operation) {
  r.reply_format = ReplyFormat::Xml;
  HttpResponse reply = call_aws(ctx, r, operation);
  pugi::xml_document doc;
  if (!doc.load_buffer(reply.body.data(), reply.body.size())) throw_malformed_reply("s3", operation, "XML");
  return doc;
}

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

Address address(const AwsContext& ctx, const std::string& bucket, const std::string& key) {
  Address a{resolve_endpoint("s3", ctx.region, ctx.env), ""};
  const std::string object = key.empty() ? "" : "/" + uri_encode(key, /*keep_slash=*/true);
  if (a.endpoint.custom || !dns_compatible(bucket)) {
    a.path = "/" + uri_encode(bucket) + object;
  } else {
    a.endpoint.url.host = bucket + "." + a.endpoint.url.host;
    a.path = object.empty() ? "/" : object;
  }
  return a;
}

void put_object(const AwsContext& ctx, const std::string& bucket, const std::string& key, const std::string& body,
                const PutObjectOptions& options) {
  ServiceRequest r = request(ctx, "PUT", bucket, key);
  r.body = body;
  if (!options.content_type.empty()) r.headers.emplace_back("Content-Type", options.content_type);
  if (options.content_md5) r.headers.emplace_back("Content-MD5", md5_base64(body));
  for (const auto& [name, value] : options.metadata) r.headers.emplace_back("x-amz-meta-" + name, value);
  if (!options.server_side_encryption.empty()) {
    r.headers.emplace_back("x-amz-server-side-encryption", options.server_side_encryption);
  }
  if (!options.sse_kms_key_id.empty()) {
    r.headers.emplace_back("x-amz-server-side-encryption-aws-kms-key-id", options.sse_kms_key_id);
  }
  call_aws(ctx, r, "PutObject");
}

std::string get_object(const AwsContext& ctx, const std::string& bucket, const std::string& key) {
  return call_aws(ctx, request(ctx, "GET", bucket, key), "GetObject").body;
}

std::optional<ObjectHead> head_object(const AwsContext& ctx, const std::string& bucket, const std::string& key) {
  HttpResponse reply = send_aws(ctx, request(ctx, "HEAD", bucket, key), "HeadObject");
  if (reply.status == 404) return std::nullopt;
  if (reply.status != 200) throw_aws_error("s3", "HeadObject", reply);
  ObjectHead head;
  head.size = std::atoll(reply.header("Content-Length").c_str());
  head.etag = reply.header("ETag");
  for (const auto& [name, value] : reply.headers) {
    std::string lower = name;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.starts_with("x-amz-meta-")) head.metadata[lower.substr(11)] = value;
  }
  return head;
}

std::vector<ObjectSummary> list_objects_v2(const AwsContext& ctx, const std::string& bucket, const std::string& prefix) {
  std::vector<ObjectSummary> out;
  std::string token;
  do {
    ServiceRequest r = request(ctx, "GET", bucket);
    r.query = {{"list-type", "2"}};
    if (!prefix.empty()) r.query.emplace_back("prefix", prefix);
    if (!token.empty()) r.query.emplace_back("continuation-token", token);
    pugi::xml_document doc = call_xml(ctx, r, "ListObjectsV2");
    pugi::xml_node root = doc.child("ListBucketResult");
    for (auto c : root.children("Contents")) {
      out.push_back({c.child("Key").text().as_string(), c.child("Size").text().as_llong(),
                     c.child("ETag").text().as_string(), c.child("LastModified").text().as_string()});
    }
    token = root.child("IsTruncated").text().as_bool() ? root.child("NextContinuationToken").text().as_string() : "";
  } while (!token.empty());
  return out;
}

void delete_objects(const AwsContext& ctx, const std::string& bucket, const std::vector<std::string>& keys) {
  for (size_t start = 0; start < keys.size(); start += 1000) {
    std::string body = "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Quiet>true</Quiet>";
    for (size_t i = start; i < std::min(keys.size(), start + 1000); ++i) {
      body += "<Object><Key>" + xml_escape(keys[i]) + "</Key></Object>";
    }
    body += "</Delete>";
    ServiceRequest r = request(ctx, "POST", bucket);
    r.query = {{"delete", ""}};
    r.body = body;
    r.headers = {{"Content-Type", "application/xml"}, {"Content-MD5", md5_base64(body)}};
    pugi::xml_document doc = call_xml(ctx, r, "DeleteObjects");
    if (auto err = doc.child("DeleteResult").child("Error")) {
      throw UserError(fmt::format("s3 DeleteObjects failed for \"{}\": {}: {}", err.child("Key").text().as_string(),
                                  err.child("Code").text().as_string(), err.child("Message").text().as_string()),
                      err.child("Code").text().as_string());
    }
  }
}

bool head_bucket(const AwsContext& ctx, const std::string& bucket) {
  HttpResponse reply = send_aws(ctx, request(ctx, "HEAD", bucket), "HeadBucket");
  if (reply.status == 404) return false;
  if (reply.status != 200) throw_aws_error("s3", "HeadBucket", reply);
  return true;
}

std::string get_bucket_location(const AwsContext& ctx, const std::string& bucket) {
  ServiceRequest r = request(ctx, "GET", bucket);
  r.query = {{"location", ""}};
  pugi::xml_document doc = call_xml(ctx, r, "GetBucketLocation");
  std::string region = doc.child("LocationConstraint").text().as_string();
  if (region.empty()) return "us-east-1";
  if (region == "EU") return "eu-west-1";
  return region;
}

void create_bucket(const AwsContext& ctx, const std::string& bucket) {
  ServiceRequest r = request(ctx, "PUT", bucket);
  if (ctx.region != "us-east-1") {
    r.body = "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>" +
             ctx.region + "</LocationConstraint></CreateBucketConfiguration>";
    r.headers = {{"Content-Type", "application/xml"}};
  }
  call_aws(ctx, r, "CreateBucket");
}

void delete_bucket(const AwsContext& ctx, const std::string& bucket) {
  call_aws(ctx, request(ctx, "DELETE", bucket), "DeleteBucket");
}

}  // namespace sls::aws::api::s3
