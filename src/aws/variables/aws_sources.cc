#include "aws/variables/aws_sources.h"

#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

#include "aws/api/client.h"
#include "aws/api/cloudformation.h"
#include "aws/api/credentials.h"
#include "aws/api/s3.h"
#include "aws/api/ssm.h"
#include "aws/api/sts.h"
#include "util/error.h"

namespace sls::aws::variables {

namespace {

struct Source {
  std::string type;                 // "aws", "ssm", "cf", "s3"
  std::vector<std::string> params;  // as written inside the parentheses
};

// "cf(us-west-2)" -> {"cf", {"us-west-2"}}; "ssm" -> {"ssm", {}}.
Source parse_source(const std::string& text) {
  Source s;
  auto open = text.find('(');
  s.type = text.substr(0, open);
  if (open == std::string::npos) return s;
  std::string inner = text.substr(open + 1);
  if (!inner.empty() && inner.back() == ')') inner.pop_back();
  std::size_t start = 0;
  while (true) {
    auto comma = inner.find(',', start);
    s.params.push_back(inner.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return s;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
  for (const auto& x : list)
    if (x == item) return true;
  return false;
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    auto at = text.find(sep, start);
    parts.push_back(text.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) return parts;
    start = at + 1;
  }
}

// osls reports an AWS SDK error by the first line of its stack, "<Code>:
// <message>"; our clients prefix that with "<service> <operation> failed: ".
[[noreturn]] void rethrow_as_aws_message(const UserError& e) {
  std::string message = e.what();
  std::string marker = " failed: " + e.code + ": ";
  if (!e.code.empty()) {
    auto at = message.find(marker);
    if (at != std::string::npos) throw UserError(e.code + ": " + message.substr(at + marker.size()), e.code);
  }
  throw e;
}

class AwsVariables {
 public:
  explicit AwsVariables(AwsVariableOptions options) : options_(std::move(options)) {}

  Json lookup(const config::AwsVariableTarget& target, const std::string& source, const std::string& address) {
    std::string key = source + '\n' + address;
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    Json value = resolve(target, parse_source(source), address);
    cache_.emplace(std::move(key), value);
    return value;
  }

 private:
  // The context for `region` ("" = the service's region), connecting on first use.
  api::AwsContext context(const config::AwsVariableTarget& target, const std::string& region) {
    if (!http_) {
      http_ = std::make_unique<api::HttpClient>(options_.http);
      api::CredentialSources sources;
      sources.cli_profile = target.cli_profile;
      sources.stage = target.stage;
      sources.provider_profile = target.provider_profile;
      sources.region = target.region;
      sources.env = options_.env;
      sources.http = http_.get();
      api::AwsContext ctx;
      ctx.http = http_.get();
      ctx.env = options_.env;
      ctx.retry = options_.retry;
      ctx.region = target.region;
      try {
        ctx.credentials = api::resolve_credentials(sources);
      } catch (...) {
        http_.reset();
        throw;
      }
      base_ = std::move(ctx);
    }
    api::AwsContext ctx = *base_;
    if (!region.empty()) ctx.region = region;
    return ctx;
  }

  Json resolve(const config::AwsVariableTarget& target, const Source& source, const std::string& address) {
    try {
      if (source.type == "aws") return account_id(target, address);
      if (source.type == "ssm") return ssm(target, source, address);
      if (source.type == "cf") return cf(target, source, address);
      if (source.type == "s3") return s3(target, address);
    } catch (const UserError& e) {
      rethrow_as_aws_message(e);
    }
    throw UserError("Unknown variable source \"" + source.type + "\"", "UNKNOWN_VARIABLE_SOURCE");
  }

  Json account_id(const config::AwsVariableTarget& target, const std::string& address) {
    if (address != "accountId")
      throw UserError("Unsupported \"" + address + "\" address argument in variable \"aws\" source",
                      "UNSUPPORTED_AWS_SOURCE_ADDRESS");
    return api::sts_get_caller_identity(context(target, "")).account;
  }

  Json ssm(const config::AwsVariableTarget& target, const Source& source, const std::string& address) {
    bool raw = contains(source.params, "raw");
    bool no_decrypt = contains(source.params, "noDecrypt");
    std::string region;
    for (const auto& p : source.params)
      if (p != "raw" && p != "noDecrypt") {
        region = p;
        break;
      }
    auto parameter = api::ssm::get_parameter(context(target, region), address, !no_decrypt);
    if (!parameter) return nullptr;
    const std::string& value = parameter->value;
    if (parameter->type == "String") return value;
    if (parameter->type == "StringList") {
      if (raw) return value;
      Json list = Json::array();
      for (auto& item : split(value, ',')) list.push_back(std::move(item));
      return list;
    }
    if (parameter->type == "SecureString") {
      if (raw || !value.starts_with("{")) return value;
      Json parsed = Json::parse(value, nullptr, false);
      return parsed.is_discarded() ? Json(value) : parsed;
    }
    throw std::runtime_error("Unexpected parameter type: \"" + parameter->type + "\"");
  }

  Json cf(const config::AwsVariableTarget& target, const Source& source, const std::string& address) {
    auto dot = address.find('.');
    if (dot == std::string::npos)
      throw UserError("Unsupported \"" + address + "\" address argument in variable \"cf\" source. "
                      "Expected \"<stack-name>.<output-id>\" format",
                      "UNSUPPORTED_SLS_SOURCE_ADDRESS");
    std::string region = source.params.empty() ? "" : source.params.front();
    auto stack = api::cfn::describe_stack(context(target, region), address.substr(0, dot));
    if (!stack) return nullptr;
    std::string output = address.substr(dot + 1);
    for (const auto& [key, value] : stack->outputs)
      if (key == output) return value;
    return nullptr;
  }

  Json s3(const config::AwsVariableTarget& target, const std::string& address) {
    auto slash = address.find('/');
    if (slash == std::string::npos)
      throw UserError("Unsupported \"" + address + "\" address argument in variable \"s3\" source. "
                      "Expected \"<bucket-name>/<key>\" format",
                      "UNSUPPORTED_S3_SOURCE_ADDRESS");
    try {
      return api::s3::get_object(context(target, ""), address.substr(0, slash), address.substr(slash + 1));
    } catch (const UserError& e) {
      if (e.code == "NoSuchKey") return nullptr;
      throw;
    }
  }

  AwsVariableOptions options_;
  std::unique_ptr<api::HttpClient> http_;
  std::optional<api::AwsContext> base_;
  std::map<std::string, Json> cache_;
};

}  // namespace

config::AwsVariableSource make_aws_variable_source(AwsVariableOptions options) {
  auto state = std::make_shared<AwsVariables>(std::move(options));
  return [state](const config::AwsVariableTarget& target, const std::string& source, const std::string& address) {
    return state->lookup(target, source, address);
  };
}

}  // namespace sls::aws::variables
