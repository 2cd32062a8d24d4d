#include "aws/api/ssm.h"

#include "aws/api/json_rpc.h"
#include "util/error.h"

namespace sls::aws::api::ssm {

std::optional<Parameter> get_parameter(const AwsContext& ctx, const std::string& name, bool with_decryption) {
  Json reply;
  try {
    reply = json_rpc_call(ctx, "ssm", "AmazonSSM", "GetParameter", {{"Name", name}, {"WithDecryption", with_decryption}});
  } catch (const UserError& e) {
    if (e.code == "ParameterNotFound") return std::nullopt;
    throw;
  }
  const Json& p = reply.value("Parameter", Json::object());
  return Parameter{p.value("Name", ""), p.value("Type", ""), p.value("Value", ""), p.value("Version", 0LL)};
}

}  // namespace sls::aws::api::ssm
