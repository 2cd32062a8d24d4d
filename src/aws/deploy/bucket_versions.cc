#include "aws/deploy/bucket_versions.h"

#include <pugixml.hpp>

#include "aws/api/hash.h"
#include "aws/api/s3.h"
#include "util/error.h"

namespace sls::aws::deploy {


std::vector<ObjectVersion> list_object_versions(const api::AwsContext& ctx, const std::string& bucket,
                                                const std::string& prefix) {
  std::vector<ObjectVersion> out;
  std::string key_marker, version_marker;
  while (true) {
    api::ServiceRequest r = api::s3::request(ctx, "GET", bucket);
    r.query = {{"versions", ""}, {"prefix", prefix}};
    if (!key_marker.empty()) r.query.emplace_back("key-marker", key_marker);
    if (!version_marker.empty()) r.query.emplace_back("version-id-marker", version_marker);
    pugi::xml_document doc = api::s3::call_xml(ctx, r, "ListObjectVersions");
    pugi::xml_node root = doc.child("ListVersionsResult");
    for (auto v : root.children("Version"))
      out.push_back({v.child("Key").text().as_string(), v.child("VersionId").text().as_string()});
    for (auto m : root.children("DeleteMarker"))
      out.push_back({m.child("Key").text().as_string(), m.child("VersionId").text().as_string()});
    key_marker = root.child("NextKeyMarker").text().as_string();
    version_marker = root.child("NextVersionIdMarker").text().as_string();
    if (!root.child("IsTruncated").text().as_bool() || (key_marker.empty() && version_marker.empty())) break;
  }
  return out;
}

std::string delete_versions_body(const std::vector<ObjectVersion>& versions, size_t start, size_t end) {
  std::string body = "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Quiet>true</Quiet>";
  for (size_t i = start; i < end && i < versions.size(); ++i) {
    body += "<Object><Key>" + api::s3::xml_escape(versions[i].key) + "</Key>";
    if (!versions[i].version_id.empty()) body += "<VersionId>" + api::s3::xml_escape(versions[i].version_id) + "</VersionId>";
    body += "</Object>";
  }
  return body + "</Delete>";
}

void delete_object_versions(const api::AwsContext& ctx, const std::string& bucket,
                            const std::vector<ObjectVersion>& versions) {
  for (size_t start = 0; start < versions.size(); start += 1000) {
    api::ServiceRequest r = api::s3::request(ctx, "POST", bucket);
    r.query = {{"delete", ""}};
    r.body = delete_versions_body(versions, start, start + 1000);
    r.headers = {{"Content-Type", "application/xml"}, {"Content-MD5", api::md5_base64(r.body)}};
    pugi::xml_document doc = api::s3::call_xml(ctx, r, "DeleteObjects");
    if (auto err = doc.child("DeleteResult").child("Error")) {
      std::string code = err.child("Code").text().as_string();
      throw UserError("Could not empty the S3 deployment bucket (" + bucket + ")." +
                          (code == "AccessDenied" ? " Make sure that you have permissions that allow S3 objects deletion." : "") +
                          " First encountered S3 error code: " + code,
                      code == "AccessDenied" ? "CANNOT_DELETE_S3_OBJECTS_ACCESS_DENIED" : "CANNOT_DELETE_S3_OBJECTS_GENERIC");
    }
  }
}

}  // namespace sls::aws::deploy
