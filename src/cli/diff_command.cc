#include "cli/diff_command.h"

#include <unistd.h>

#include <filesystem>

#include "aws/deploy/deploy.h"
#include "aws/deploy/target.h"
#include "aws/ops/diff.h"
#include "aws/package_flow.h"
#include "cli/aws_commands.h"
#include "cli/run.h"
#include "util/error.h"

namespace sls::cli {

namespace {

// A package folder of our own under the temporary directory, removed on exit:
// `sls diff` leaves .serverless/ as it was.
struct ScratchPackage {
  std::filesystem::path dir;
  ScratchPackage() {
    dir = std::filesystem::temp_directory_path() / ("sls-diff-" + std::to_string(getpid()));
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  ~ScratchPackage() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

}  // namespace

int run_diff(const ParsedArgs& args, Output& out) {
  CliOptions options = to_cli_options(args);
  Service service = load_command_service(args, options, out);
  for (const auto& w : service.warnings) out.warning(w);
  out.notice("");
  out.notice("Comparing " + service.name + " with stage " + service.stage + " " + out.aside("(" + service.region + ")"));
  out.info("");
  ScratchPackage scratch;
  std::filesystem::path package_dir;
  if (args.options.contains("package")) {
    package_dir = std::filesystem::absolute(args.options["package"].get<std::string>());
  } else {
    aws::PackageOptions po;
    po.package_dir = scratch.dir;
    out.start_progress("Packaging");
    aws::PackageResult packaged = aws::package_service(service, po);
    for (const auto& w : packaged.warnings) out.warning(w);
    package_dir = packaged.package_dir;
  }
  aws::deploy::Package package = aws::deploy::read_package(package_dir);
  aws::deploy::Target target = make_target(service);
  auto aws = connect(args, service, out);
  SigintGuard guard;
  aws::ops::DiffReport report;
  try {
    report = aws::ops::diff_service(aws->ctx, target, package, reporter_for(out));
  } catch (const aws::deploy::Interrupted& e) {
    out.stop_progress();
    out.notice(std::string(e.what()) + " Nothing was changed.");
    return 130;
  }
  out.stop_progress();
  if (args.options.value("json", false)) {
    out.result(aws::ops::diff_json(report).dump(2));
  } else {
    out.result(aws::ops::render_diff(report, [&out](const std::string& s) { return out.aside(s); }));
  }
  const bool changes = !report.changes.empty();
  return args.options.value("detailed-exitcode", false) && changes ? 3 : 0;
}

void report_change_set_left(const std::string& name, const aws::deploy::Target& target, Output& out) {
  out.notice("");
  out.success("Change set " + name + " created for stack " + target.stack_name + ", not executed");
  out.notice("Review it in the CloudFormation console or with \"aws cloudformation describe-change-set --stack-name " +
             target.stack_name + " --change-set-name " + name + "\", then run \"sls deploy --changeset " + name +
             "\". The next \"sls deploy\" replaces it.");
  out.result(name);
}

int run_deploy_change_set(const ParsedArgs& args, Output& out) {
  const std::string name = args.options["changeset"].is_string() ? args.options["changeset"].get<std::string>() : "";
  if (name.empty())
    throw UserError("\"--changeset\" needs the name of a change set, as \"sls deploy --no-execute\" printed it.",
                    "MISSING_CLI_PARAM_VALUE");
  Service service = load_command_service(args, to_cli_options(args), out);
  for (const auto& w : service.warnings) out.warning(w);
  out.notice("");
  out.notice("Deploying change set " + name + " of " + service.name + " to stage " + service.stage + " " +
             out.aside("(" + service.region + ")"));
  aws::deploy::Target target = make_target(service);
  auto aws = connect(args, service, out);
  SigintGuard guard;
  try {
    aws::deploy::execute_reviewed_change_set(aws->ctx, target, name, reporter_for(out));
  } catch (const aws::deploy::Interrupted& e) {
    out.stop_progress();
    out.notice(std::string(e.what()) + " CloudFormation carries on in the background; follow it with \"sls info\".");
    return 130;
  }
  out.stop_progress();
  out.notice("");
  char took[32];
  std::snprintf(took, sizeof took, "(%ds)", static_cast<int>(out.elapsed_seconds()));
  out.success("Service deployed to stack " + target.stack_name + " " + out.aside(took));
  return 0;
}

}  // namespace sls::cli
