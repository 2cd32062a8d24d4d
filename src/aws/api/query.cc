#include "aws/api/query.h"

#include <fmt/format.h>

#include "aws/api/aws_error.h"

namespace sls::aws::api {

QueryReply query_call(const AwsContext& context, const std::string& service, const std::string& version,
                      const std::string& action, const QueryParams& params) {
  QueryParams all = {{"Action", action}, {"Version", version}};
  all.insert(all.end(), params.begin(), params.end());
  ServiceRequest request;
  request.service = service;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  request.body = encode_query(all);
  request.reply_format = ReplyFormat::Xml;
  HttpResponse reply = call_aws(context, request, action);
  QueryReply out{std::make_shared<pugi::xml_document>(), {}};
  if (!out.doc->load_buffer(reply.body.data(), reply.body.size())) {
    throw_malformed_reply(service, action, "XML");
  }
  out.result = out.doc->child((action + "Response").c_str()).child((action + "Result").c_str());
  return out;
}

void add_member_list(QueryParams& params, const std::string& name, const std::vector<std::string>& values) {
  for (size_t i = 0; i < values.size(); ++i) params.emplace_back(fmt::format("{}.member.{}", name, i + 1), values[i]);
}

void add_struct_list(QueryParams& params, const std::string& name,
                     const std::vector<std::vector<std::pair<std::string, std::string>>>& entries) {
  for (size_t i = 0; i < entries.size(); ++i) {
    for (const auto& [field, value] : entries[i]) {
      params.emplace_back(fmt::format("{}.member.{}.{}", name, i + 1, field), value);
    }
  }
}

std::string child_text(const pugi::xml_node& node, const char* name) { return node.child(name).text().as_string(); }

std::vector<pugi::xml_node> members(const pugi::xml_node& node, const char* name) {
  std::vector<pugi::xml_node> out;
  for (auto m : node.child(name).children("member")) out.push_back(m);
  return out;
}

}  // namespace sls::aws::api
