// before:package:compileFunctions / compileLayers: the S3 "folder" of this deployment.
#include <cstdio>
#include <ctime>

#include "aws/compile/provider_util.h"
#include "aws/compile/steps.h"
#include "util/clock.h"

namespace sls::compile {

std::string deployment_directory(int64_t ms) {
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&secs, &utc);
  char iso[64];
  std::snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(ms % 1000));
  return std::to_string(ms) + "-" + iso;
}

void generate_artifact_directory_name(PackageContext& ctx) {
  if (!ctx.artifact_directory_name.empty()) return;  // osls keeps a name once set
  const int64_t ms = epoch_ms();
  ctx.deployment_prefix = deployment_prefix(ctx.provider());
  ctx.artifact_directory_name =
      ctx.deployment_prefix + "/" + ctx.service.name + "/" + ctx.service.stage + "/" + deployment_directory(ms);
}

}  // namespace sls::compile
