#include "aws/api/process_credentials.h"

#include <fmt/format.h>
#include <sys/wait.h>

#include <cstdio>

#include "aws/api/sts.h"
#include "util/error.h"
#include "util/json.h"

namespace sls::aws::api {

Credentials parse_process_credentials(const std::string& json_text, const std::string& profile) {
  Json j = Json::parse(json_text, nullptr, false);
  auto fail = [&](const std::string& why) {
    return UserError(fmt::format("credential_process of AWS profile \"{}\" {}", profile, why),
                     "AWS_CREDENTIAL_PROCESS_FAILED");
  };
  if (!j.is_object()) throw fail("did not print a JSON object");
  if (!j.contains("Version") || j["Version"] != 1) throw fail("must print \"Version\": 1");
  if (!j.value("AccessKeyId", Json()).is_string() || !j.value("SecretAccessKey", Json()).is_string()) {
    throw fail("did not print AccessKeyId and SecretAccessKey");
  }
  Credentials c;
  c.access_key_id = j["AccessKeyId"];
  c.secret_access_key = j["SecretAccessKey"];
  if (j.value("SessionToken", Json()).is_string()) c.session_token = j["SessionToken"];
  if (j.value("Expiration", Json()).is_string()) c.expiration = parse_iso8601(j["Expiration"]);
  c.source = fmt::format("credential_process of profile {}", profile);
  return c;
}

Credentials run_credential_process(const std::string& command, const std::string& profile) {
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) throw UserError(fmt::format("Could not run credential_process of AWS profile \"{}\"", profile));
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  int status = pclose(pipe);
  if (status != 0) {
    throw UserError(fmt::format("credential_process of AWS profile \"{}\" exited with status {}", profile,
                                WIFEXITED(status) ? WEXITSTATUS(status) : status),
                    "AWS_CREDENTIAL_PROCESS_FAILED");
  }
  return parse_process_credentials(out, profile);
}

}  // namespace sls::aws::api
