#include "aws/api/credentials.h"

#include <fmt/format.h>

#include <cctype>
#include <set>

#include "aws/api/metadata_credentials.h"
#include "aws/api/process_credentials.h"
#include "aws/api/shared_config.h"
#include "aws/api/sso_credentials.h"
#include "aws/api/sts.h"
#include "util/error.h"
#include "util/text.h"
#include "util/clock.h"

namespace sls::aws::api {
namespace {

constexpr const char* kDocsUrl = "https://github.com/oss-serverless/osls/blob/4.x/docs/guides/credentials.md";

UserError not_found() {
  return UserError(fmt::format("AWS provider credentials not found. Learn how to set up AWS provider "
                               "credentials in our docs here: <{}>.",
                               kDocsUrl),
                   "AWS_CREDENTIALS_NOT_FOUND");
}

UserError unrecognized(const std::string& profile) {
  return UserError(fmt::format("AWS profile \"{}\" doesn't seem to be configured", profile),
                   "UNRECOGNIZED_AWS_PROFILE");
}

std::optional<Credentials> prefixed_env(const EnvLookup& env, const std::string& prefix) {
  auto id = env(prefix + "_ACCESS_KEY_ID");
  auto secret = env(prefix + "_SECRET_ACCESS_KEY");
  if (!id || !secret) return std::nullopt;
  return Credentials{*id, *secret, env(prefix + "_SESSION_TOKEN").value_or(""), std::nullopt,
                     "environment (" + prefix + "_ACCESS_KEY_ID)"};
}

std::optional<Credentials> static_keys(const std::string& name, const IniSection& p) {
  auto id = profile_value(p, "aws_access_key_id");
  auto secret = profile_value(p, "aws_secret_access_key");
  if (!id || !secret) return std::nullopt;
  return Credentials{*id, *secret, profile_value(p, "aws_session_token").value_or(""), std::nullopt,
                     "profile " + name};
}

HttpClient& need_http(const CredentialSources& sources, const std::string& profile) {
  if (!sources.http) throw std::logic_error("profile " + profile + " needs an HttpClient for credentials");
  return *sources.http;
}

Credentials from_profile(const std::string& name, const SharedConfig& config, const CredentialSources& sources,
                         std::set<std::string>& visiting);

Credentials assume_role(const std::string& name, const IniSection& p, const SharedConfig& config,
                        const CredentialSources& sources, std::set<std::string>& visiting) {
  auto fail = [&](const std::string& why) {
    return UserError(fmt::format("AWS profile \"{}\": {}", name, why), "AWS_ASSUME_ROLE_FAILED");
  };
  if (profile_value(p, "mfa_serial")) throw fail("profiles with mfa_serial are not supported; use SSO or a session");
  Credentials source;
  if (auto src = profile_value(p, "source_profile")) {
    if (*src == name) {
      auto keys = static_keys(name, p);
      if (!keys) throw fail("source_profile points at itself but the profile has no keys");
      source = *keys;
    } else {
      source = from_profile(*src, config, sources, visiting);
    }
  } else if (auto cs = profile_value(p, "credential_source")) {
    std::optional<Credentials> found;
    if (*cs == "Environment") found = prefixed_env(sources.env, "AWS");
    else if (*cs == "EcsContainer") found = container_credentials(sources.env);
    else if (*cs == "Ec2InstanceMetadata") found = instance_credentials(sources.env);
    else throw fail(fmt::format("unknown credential_source \"{}\"", *cs));
    if (!found) throw fail(fmt::format("credential_source {} provided no credentials", *cs));
    source = *found;
  } else {
    throw fail("role_arn needs source_profile or credential_source");
  }
  AwsContext context;
  context.http = &need_http(sources, name);
  context.credentials = source;
  context.region = profile_value(p, "region").value_or(sources.region.empty() ? "us-east-1" : sources.region);
  context.env = sources.env;
  AssumeRoleInput input;
  input.role_arn = *profile_value(p, "role_arn");
  input.session_name = profile_value(p, "role_session_name")
                           .value_or(fmt::format("sls-{}", epoch_ms() / 1000));
  input.external_id = profile_value(p, "external_id").value_or("");
  if (auto d = profile_value(p, "duration_seconds")) input.duration_seconds = std::atoi(d->c_str());
  Credentials out = sts_assume_role(context, input);
  out.source = "profile " + name + " (assumed role)";
  return out;
}

Credentials from_profile(const std::string& name, const SharedConfig& config, const CredentialSources& sources,
                         std::set<std::string>& visiting) {
  const IniSection* p = config.profile(name);
  if (!p) throw unrecognized(name);
  if (!visiting.insert(name).second) {
    throw UserError(fmt::format("AWS profile \"{}\": source_profile chain loops back to it", name),
                    "AWS_ASSUME_ROLE_FAILED");
  }
  if (profile_value(*p, "role_arn")) return assume_role(name, *p, config, sources, visiting);
  if (is_sso_profile(*p)) return sso_credentials(name, *p, config, sources.env, need_http(sources, name));
  if (auto command = profile_value(*p, "credential_process")) return run_credential_process(*command, name);
  if (auto keys = static_keys(name, *p)) return *keys;
  throw not_found();
}

std::optional<Credentials> fallback_chain(const EnvLookup& env) {
  if (auto c = container_credentials(env)) return c;
  return instance_credentials(env);
}

}  // namespace

Credentials profile_credentials(const std::string& profile, const CredentialSources& sources) {
  SharedConfig config = load_shared_config(sources.env);
  std::set<std::string> visiting;
  return from_profile(profile, config, sources, visiting);
}

Credentials resolve_credentials(const CredentialSources& sources) {
  const EnvLookup& env = sources.env;
  const std::string stage = ascii_upper(sources.stage);
  if (!sources.cli_profile.empty()) return profile_credentials(sources.cli_profile, sources);
  if (!sources.profile.empty()) return profile_credentials(sources.profile, sources);
  if (!stage.empty()) {
    if (auto p = env("AWS_" + stage + "_PROFILE")) return profile_credentials(*p, sources);
    if (auto c = prefixed_env(env, "AWS_" + stage)) return *c;
  }
  if (auto p = env("AWS_PROFILE")) return profile_credentials(*p, sources);
  if (auto c = prefixed_env(env, "AWS")) return *c;
  if (!sources.provider_profile.empty()) return profile_credentials(sources.provider_profile, sources);
  SharedConfig config = load_shared_config(env);
  if (auto p = env("AWS_DEFAULT_PROFILE")) {
    if (config.has_profile(*p)) return profile_credentials(*p, sources);
    if (auto c = fallback_chain(env)) return *c;
    throw not_found();
  }
  if (config.has_profile("default")) return profile_credentials("default", sources);
  if (auto c = fallback_chain(env)) return *c;
  throw not_found();
}

}  // namespace sls::aws::api
