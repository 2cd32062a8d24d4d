// The AWS Query protocol (CloudFormation, STS, IAM, SNS, ...): form-encoded
// Action/Version parameters in, XML out.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "aws/api/client.h"

namespace sls::aws::api {

// Parsed reply; `result` is <ActionResult> inside <ActionResponse>.
struct QueryReply {
  std::shared_ptr<pugi::xml_document> doc;
  pugi::xml_node result;
};

QueryReply query_call(const AwsContext& context, const std::string& service, const std::string& version,
                      const std::string& action, const QueryParams& params);

// Name.member.1=a&Name.member.2=b
void add_member_list(QueryParams& params, const std::string& name, const std::vector<std::string>& values);
// Name.member.1.Key=k&Name.member.1.Value=v for each entry's fields, in order.
void add_struct_list(QueryParams& params, const std::string& name,
                     const std::vector<std::vector<std::pair<std::string, std::string>>>& entries);

// Text of a direct child ("" when absent), and the children of <name><member>...
std::string child_text(const pugi::xml_node& node, const char* name);
std::vector<pugi::xml_node> members(const pugi::xml_node& node, const char* name);

}  // namespace sls::aws::api
