// Amazon S3 over REST-XML. Virtual-hosted addressing against AWS; path-style
// for custom endpoints (AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL) and for bucket
// names that are not DNS-safe (dots, upper case).
#pragma once
#include <pugixml.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "aws/api/client.h"

namespace sls::aws::api::s3 {

struct PutObjectOptions {
  std::string content_type;
  std::map<std::string, std::string> metadata;  // sent as x-amz-meta-<name>, e.g. filesha256
  bool content_md5 = true;                      // send Content-MD5 so S3 verifies the body
  std::string server_side_encryption;           // "AES256", "aws:kms", ...
  std::string sse_kms_key_id;
};

void put_object(const AwsContext& ctx, const std::string& bucket, const std::string& key, const std::string& body,
                const PutObjectOptions& options = {});
std::string get_object(const AwsContext& ctx, const std::string& bucket, const std::string& key);

struct ObjectHead {
  long long size = 0;
  std::string etag;
  std::map<std::string, std::string> metadata;  // x-amz-meta-* without the prefix, names lower-cased
};

// nullopt when the object does not exist.
std::optional<ObjectHead> head_object(const AwsContext& ctx, const std::string& bucket, const std::string& key);

struct ObjectSummary {
  std::string key;
  long long size = 0;
  std::string etag;
  std::string last_modified;
};

// Every object under `prefix`, following continuation tokens.
std::vector<ObjectSummary> list_objects_v2(const AwsContext& ctx, const std::string& bucket,
                                           const std::string& prefix = "");

// Deletes in batches of 1000; throws UserError when S3 reports per-key errors.
void delete_objects(const AwsContext& ctx, const std::string& bucket, const std::vector<std::string>& keys);

// false when the bucket does not exist (404); throws on other errors (403, ...).
bool head_bucket(const AwsContext& ctx, const std::string& bucket);
// The bucket's region ("" / "EU" normalised to us-east-1 / eu-west-1).
std::string get_bucket_location(const AwsContext& ctx, const std::string& bucket);
void create_bucket(const AwsContext& ctx, const std::string& bucket);
void delete_bucket(const AwsContext& ctx, const std::string& bucket);

// The endpoint and wire path of bucket/key for this context (exposed for tests).
struct Address {
  Endpoint endpoint;
  std::string path;
};
Address address(const AwsContext& ctx, const std::string& bucket, const std::string& key = "");

// Building blocks for S3 calls this client does not wrap (e.g. object versions).
ServiceRequest request(const AwsContext& ctx, const std::string& method, const std::string& bucket,
                       const std::string& key = "");
// call_aws expecting an XML reply (retried when cut short), parsed.
pugi::xml_document call_xml(const AwsContext& ctx, ServiceRequest r, const std::string& operation);
std::string xml_escape(const std::string& s);

}  // namespace sls::aws::api::s3
