#include "aws/api/iam.h"

#include "aws/api/query.h"

namespace sls::aws::api::iam {

std::string get_role_arn(const AwsContext& ctx, const std::string& role_name) {
  QueryReply reply = query_call(ctx, "iam", "2010-05-08", "GetRole", {{"RoleName", role_name}});
  return child_text(reply.result.child("Role"), "Arn");
}

}  // namespace sls::aws::api::iam
