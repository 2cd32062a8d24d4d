// `sls diff` (package, plan a change set, print it, delete it) and the review
// options of `sls deploy`: --no-execute leaves the change set for a review,
// --changeset NAME executes a reviewed one. Beyond osls, which has neither.
#pragma once
#include "aws/deploy/target.h"
#include "cli/args.h"
#include "cli/output.h"

namespace sls::cli {

// Exit code 0, or with --detailed-exitcode 0 (no changes) / 3 (changes).
int run_diff(const ParsedArgs& args, Output& out);

// `sls deploy --changeset NAME`.
int run_deploy_change_set(const ParsedArgs& args, Output& out);

// After `sls deploy --no-execute`: the change set's name on stdout, how to review and run it on stderr.
void report_change_set_left(const std::string& name, const aws::deploy::Target& target, Output& out);

}  // namespace sls::cli
