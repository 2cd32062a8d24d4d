#include "aws/deploy/monitor_stack.h"

#include <algorithm>
#include <cctype>

#include "util/error.h"
#include "util/text.h"

namespace sls::aws::deploy {

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// "FooBar" -> "Foo_Bar" (an underscore before every upper-case letter but the first).
std::string split_camel(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && std::isupper(static_cast<unsigned char>(s[i]))) out += '_';
    out += s[i];
  }
  return out;
}

std::string url_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '!' || c == '~' || c == '*' || c == '\'' ||
        c == '(' || c == ')') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

bool is_terminal(const std::string& status) {
  return ends_with(status, "_COMPLETE") || ends_with(status, "_FAILED");
}

}  // namespace

std::string resource_type_error_postfix(const std::string& type) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t pos = type.find("::", start);
    parts.push_back(type.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
    if (pos == std::string::npos) break;
    start = pos + 2;
  }
  if (parts.empty()) return "";
  if (parts[0] != "AWS") return "_" + ascii_upper(split_camel(parts[0]));
  std::string service = parts.size() > 1 ? parts[1] : "";
  std::string method;
  for (size_t i = 2; i < parts.size(); ++i) method += (i > 2 ? "::" : "") + parts[i];
  return ascii_upper("_" + split_camel(service) + "_" + split_camel(method));
}

std::vector<api::cfn::StackEvent> events_of_operation(MonitorState& state, const std::string& action,
                                                      const std::vector<api::cfn::StackEvent>& newest_first,
                                                      bool* boundary_reached) {
  std::vector<api::cfn::StackEvent> out;
  *boundary_reached = false;
  std::string in_progress = ascii_upper(action) + "_IN_PROGRESS";
  for (const auto& e : newest_first) {
    out.push_back(e);
    if (!state.first_event_id.empty()) {
      if (e.event_id == state.first_event_id) {
        *boundary_reached = true;
        break;
      }
    } else if (e.resource_type == "AWS::CloudFormation::Stack" && e.status == in_progress) {
      state.first_event_id = e.event_id;
      *boundary_reached = true;
      break;
    }
  }
  return out;
}

void apply_events(MonitorState& state, const MonitorRequest& request,
                  const std::vector<api::cfn::StackEvent>& oldest_first, const Reporter& reporter) {
  for (const auto& e : oldest_first) {
    if (state.logged_event_ids.count(e.event_id)) continue;
    bool root = e.resource_type == "AWS::CloudFormation::Stack" && e.logical_id == request.stack_name;
    if (root) state.stack_status = e.status;
    if (!state.latest_error &&
        (ends_with(e.status, "FAILED") || e.status == "UPDATE_ROLLBACK_IN_PROGRESS" ||
         (request.action != "delete" && e.status == "DELETE_IN_PROGRESS" && root)))
      state.latest_error = e;
    reporter.say_info("  " + e.status + " - " + e.resource_type + " - " + e.logical_id);
    if (e.resource_type != "AWS::CloudFormation::Stack" && ends_with(e.status, "COMPLETE"))
      state.completed_resources.insert(e.logical_id);
    if (request.action != "delete" && request.change_count > 0) {
      std::string prefix = request.action == "create" ? "Creating" : "Updating";
      reporter.say_progress(prefix + " CloudFormation stack (" + std::to_string(state.completed_resources.size()) +
                            "/" + std::to_string(request.change_count) + ")");
    }
    state.logged_event_ids.insert(e.event_id);
  }
  const std::string& status = state.stack_status;
  if (state.latest_error &&
      (!reporter.verbose || ends_with(status, "FAILED") || ends_with(status, "ROLLBACK_COMPLETE") ||
       status == "DELETE_COMPLETE")) {
    const auto& err = *state.latest_error;
    std::string message = "An error occurred: " + err.logical_id + " - " +
                          (err.status_reason.empty() ? err.status : err.status_reason) + ".";
    std::string action = ascii_upper(request.action);
    std::string code;
    if (err.status_reason.rfind("Properties validation failed", 0) == 0) {
      code = "AWS_CLOUD_FORMATION_" + action + "_STACK_INTERNAL_VALIDATION_ERROR";
    } else if (err.status_reason.find("is not authorized to perform") != std::string::npos) {
      code = "AWS_CLOUD_FORMATION_" + action + "_STACK_INTERNAL_INSUFFICIENT_PERMISSIONS";
    } else {
      code = "AWS_CLOUD_FORMATION_" + action + "_STACK_INTERNAL" + resource_type_error_postfix(err.resource_type) +
             "_" + err.status;
    }
    std::string url = "https://" + request.region + ".console.aws.amazon.com/cloudformation/home?region=" +
                      request.region + "#/stack/detail?stackId=" + url_encode(request.stack_id);
    throw UserError(message + "\n" + "View the full error: " + url, code);
  }
}

std::string monitor_stack(const api::AwsContext& ctx, const MonitorRequest& request, const Reporter& reporter) {
  MonitorState state;
  const long frequency = monitoring_frequency_ms();
  while (true) {
    wait_ms(reporter, frequency);
    try {
      std::vector<api::cfn::StackEvent> collected;
      std::string token;
      bool boundary = false;
      do {
        auto page = api::cfn::describe_stack_events(ctx, request.stack_id, token);
        auto part = events_of_operation(state, request.action, page.events, &boundary);
        collected.insert(collected.end(), part.begin(), part.end());
        token = boundary ? "" : page.next_token;
      } while (!token.empty());
      std::reverse(collected.begin(), collected.end());
      apply_events(state, request, collected, reporter);
    } catch (const UserError& e) {
      bool missing = e.code == "ValidationError" && std::string(e.what()).find("does not exist") != std::string::npos;
      if (request.action == "delete" && missing) {
        state.stack_status = "DELETE_COMPLETE";
      } else {
        throw;
      }
    }
    const std::string& s = state.stack_status;
    if (s == "CREATE_COMPLETE" || s == "UPDATE_COMPLETE" || s == "DELETE_COMPLETE") return s;
    // A settled stack in any other state with no failing event seen (event-poor
    // backends): report the stack's own status instead of polling forever.
    if (is_terminal(s) && !(request.action == "delete" && s == "DELETE_IN_PROGRESS")) {
      auto stack = api::cfn::describe_stack(ctx, request.stack_id);
      std::string reason = stack ? stack->status_reason : "";
      throw UserError("An error occurred: " + request.stack_name + " - " + (reason.empty() ? s : reason) + ".",
                      "AWS_CLOUD_FORMATION_" + ascii_upper(request.action) + "_STACK_INTERNAL_" + s);
    }
  }
}

}  // namespace sls::aws::deploy
