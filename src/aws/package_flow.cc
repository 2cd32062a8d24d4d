#include "aws/package_flow.h"

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <map>
#include <span>
#include <stdexcept>
#include <string_view>
#include <system_error>

#include "aws/compile/events/registry.h"
#include "aws/compile/limits.h"
#include "aws/compile/steps.h"
#include "aws/naming.h"
#include "aws/plugins/builtin.h"
#include "package/package_service.h"
#include "util/error.h"
#include "util/json_write.h"

namespace sls::aws {

namespace fs = std::filesystem;

namespace {

// A temporary folder beside `final_dir`, so the final rename stays on one filesystem.
fs::path make_temp_dir(const fs::path& final_dir) {
  fs::path parent = final_dir.parent_path();
  fs::create_directories(parent);
  std::string name = final_dir.filename().string();
  std::string base = (name.rfind('.', 0) == 0 ? "" : ".") + name + ".tmp-" + std::to_string(getpid());
  fs::path tmp = parent / base;
  fs::remove_all(tmp);
  fs::create_directories(tmp);
  return tmp;
}

// Replaces final_dir by tmp_dir; the old folder is removed only after the rename.
void move_into_place(const fs::path& tmp_dir, const fs::path& final_dir) {
  std::error_code ec;
  fs::path old;
  if (fs::exists(final_dir)) {
    std::string name = final_dir.filename().string();
    old = final_dir.parent_path() / ((name.rfind('.', 0) == 0 ? "" : ".") + name + ".old-" + std::to_string(getpid()));
    fs::remove_all(old, ec);
    fs::rename(final_dir, old);
  }
  fs::rename(tmp_dir, final_dir, ec);
  if (ec) {
    if (!old.empty()) fs::rename(old, final_dir);
    throw UserError("Cannot move the package into " + final_dir.string() + ": " + ec.message());
  }
  if (!old.empty()) fs::remove_all(old, ec);
}

struct TempDirGuard {
  fs::path dir;
  bool keep = false;
  ~TempDirGuard() {
    if (!keep && !dir.empty()) {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  }
};


void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw UserError("Cannot write " + path.string() + ": check the folder's permissions and free space.");
}

// A guess of serverless-state.json's size, to reserve it at once: about a
// kilobyte per template resource and output covers it with room to spare.
size_t state_size_guess(const PackageContext& ctx) {
  size_t entries = 0;
  for (const Json* t : {&ctx.template_, &ctx.create_template}) {
    for (const char* section : {"Resources", "Outputs"}) {
      auto it = t->find(section);
      if (it != t->end()) entries += it->size();
    }
  }
  return 64 * 1024 + entries * 1024;
}

// The templates and serverless-state.json, which holds both templates: the
// state is written straight from the context with the templates in place.
// CloudFormation's limits, measured on the text `sls deploy` uploads (compact JSON).
void warn_about_limits(PackageContext& ctx, const std::string& written, bool minify) {
  size_t uploaded = written.size();
  if (!minify && uploaded > compile::kMaxTemplateBytes) uploaded = json_text(ctx.template_).size();
  std::string report = compile::template_limits_report(ctx.template_, uploaded);
  if (!report.empty()) ctx.warnings.push_back(std::move(report));
}

void write_package_files(PackageContext& ctx, bool minify) {
  const PackageContext& c = ctx;
  const int indent = minify ? -1 : 2;
  std::string state, update, create;
  state.reserve(state_size_guess(c));
  write_service_state(state, c);
  // The state holds each template pretty-printed and further indented, so
  // its size bounds theirs.
  update.reserve(state.size());
  write_json(update, c.template_, indent, 0, KeyOrder::javascript);
  // With a user-named deployment bucket osls writes no create-stack template.
  if (!c.create_template.empty()) {
    create.reserve(state.size() - std::min(state.size(), update.size()));
    write_json(create, c.create_template, indent, 0, KeyOrder::javascript);
    write_text(ctx.package_dir / naming::kCreateTemplateFile, create);
  }
  write_text(ctx.package_dir / naming::kUpdateTemplateFile, update);
  write_text(ctx.package_dir / naming::kServiceStateFile, state);
  warn_about_limits(ctx, update, minify);
}

// `target[key] = value` (or, with `inner`, `target[key][inner->key] = ...`),
// applied either to a Json or on the fly while writing `target`.
struct Assign {
  std::string_view key = {};
  const Json* json = nullptr;    // the value, or
  std::string_view text = {};    // a string value when json is null,
  const Assign* inner = nullptr; // or an assignment inside target[key]
};
using Assigns = std::span<const Assign>;

void apply(Json& target, Assigns assigns) {
  for (const Assign& a : assigns) {
    Json& slot = target[std::string(a.key)];
    if (a.inner) {
      apply(slot, {a.inner, 1});
    } else if (a.json) {
      slot = *a.json;
    } else {
      slot = std::string(a.text);
    }
  }
}

// Whether writing the assignments on the fly gives what apply() would: they
// go into objects, or into nulls that apply() turns into objects.
bool assignable(const Json& target, Assigns assigns) {
  if (!target.is_object() && !target.is_null()) return false;
  for (const Assign& a : assigns) {
    if (!a.inner || !target.is_object()) continue;
    auto it = target.find(a.key);
    if (it != target.end() && !assignable(*it, {a.inner, 1})) return false;
  }
  return true;
}

// Writes `target` with `assigns` applied, without copying it: assigned keys
// keep their place, new ones follow in order, as with nlohmann's operator[].
void write_assigned(JsonWriter& w, const Json& target, Assigns assigns) {
  if (assigns.empty()) {
    w.value(target);
    return;
  }
  if (!assignable(target, assigns)) {  // apply() on a copy throws what nlohmann throws
    Json copy = target;
    apply(copy, assigns);
    w.value(copy);
    return;
  }
  auto write_one = [&w](const Assign& a, const Json& old) {
    if (a.inner) {
      write_assigned(w, old, {a.inner, 1});
    } else if (a.json) {
      w.value(*a.json);
    } else {
      w.value(a.text);
    }
  };
  if (assigns.size() > 64) throw std::logic_error("write_assigned: too many assignments");
  uint64_t done = 0;  // bit i: assigns[i] met an existing key
  w.begin_object();
  if (target.is_object()) {
    for (const auto& [key, value] : *target.get_ptr<const Json::object_t*>()) {
      w.key(key);
      size_t i = 0;
      while (i < assigns.size() && assigns[i].key != key) ++i;
      if (i == assigns.size()) {
        w.value(value);
      } else {
        done |= uint64_t{1} << i;
        write_one(assigns[i], value);
      }
    }
  }
  const Json null_value;
  for (size_t i = 0; i < assigns.size(); ++i) {
    if (done & (uint64_t{1} << i)) continue;
    w.key(assigns[i].key);
    write_one(assigns[i], null_value);
  }
  w.end_object();
}

// Calls f with what serverless-state.json adds to function `name`'s config:
// its package artifact and its version's logical id.
template <typename F>
void with_function_assigns(const PackageContext& ctx, const std::string& name, F&& f) {
  Assign artifact{.key = "artifact"};
  Assign list[2];
  size_t n = 0;
  auto art = ctx.function_artifacts.find(name);
  if (art != ctx.function_artifacts.end()) {
    artifact.text = art->second.name;
    list[n++] = Assign{.key = "package", .inner = &artifact};
  }
  auto ver = ctx.version_logical_ids.find(name);
  if (ver != ctx.version_logical_ids.end()) list[n++] = Assign{.key = "versionLogicalId", .text = ver->second};
  f(Assigns(list, n));
}

// Same for layer `name` (whose config is `layer`): its package artifact.
template <typename F>
void with_layer_assigns(const PackageContext& ctx, const std::string& name, const Json& layer, F&& f) {
  Assign artifact{.key = "artifact"};
  Assign package{.key = "package", .inner = &artifact};
  auto art = ctx.layer_artifacts.find(name);
  if (art == ctx.layer_artifacts.end() || !layer.is_object()) return f(Assigns());
  artifact.text = art->second.name;
  f(Assigns(&package, 1));
}

// config[key], or `fallback` when the key is missing (nlohmann's value()).
const Json& member_or(const Json& config, const char* key, const Json& fallback) {
  auto it = config.find(key);
  return it == config.end() ? fallback : *it;
}

Json state_functions(const PackageContext& ctx) {
  Json functions = ctx.service.config.value("functions", Json::object());
  for (auto& [name, fn] : functions.items())
    with_function_assigns(ctx, name, [&fn](Assigns a) { apply(fn, a); });
  return functions;
}

Json state_layers(const PackageContext& ctx) {
  Json layers = ctx.service.config.value("layers", Json::object());
  for (auto& [name, layer] : layers.items())
    with_layer_assigns(ctx, name, layer, [&layer](Assigns a) { apply(layer, a); });
  return layers;
}

Json state_package(const PackageContext& ctx) {
  Json package = Json::object();
  const Json& pkg = ctx.service.config.value("package", Json::object());
  if (pkg.contains("individually")) package["individually"] = pkg["individually"];
  package["artifactDirectoryName"] = ctx.artifact_directory_name;
  package["artifact"] = ctx.service_artifact ? ctx.service_artifact->name : "";
  return package;
}

// The files of the package folder and their times, before plugins run: osls's plugins write
// into <service>/.serverless/ (serverless-plugin-split-stacks' nested stack templates), while
// sls packages into a temporary folder that replaces it at the end.
using FileTimes = std::map<std::string, fs::file_time_type>;

FileTimes file_times(const fs::path& dir) {
  FileTimes out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec)) out[it->path().filename().string()] = it->last_write_time(ec);
  return out;
}

// Copies into `temp_dir` the files plugins wrote into `final_dir` during the run (new or
// changed since `before`) that sls did not write itself.
void adopt_plugin_files(const fs::path& final_dir, const FileTimes& before, const fs::path& temp_dir) {
  for (const auto& [name, time] : file_times(final_dir)) {
    auto was = before.find(name);
    if ((was != before.end() && was->second == time) || fs::exists(temp_dir / name)) continue;
    fs::copy_file(final_dir / name, temp_dir / name);
  }
}

}  // namespace

const std::vector<std::string>& package_events() {
  static const std::vector<std::string> kEvents = {
      "package:cleanup",          "package:initialize",        "package:setupProviderConfiguration",
      "package:createDeploymentArtifacts", "package:compileLayers", "package:compileFunctions",
      "package:compileEvents",    "package:finalize"};
  return kEvents;
}

const std::vector<std::string>& aws_finalize_events() {
  static const std::vector<std::string> kEvents = {
      "aws:package:finalize:addExportNameForOutputs", "aws:package:finalize:mergeCustomProviderResources",
      "aws:package:finalize:stripNullPropsFromTemplateResources", "aws:package:finalize:saveServiceState"};
  return kEvents;
}

// osls's package:cleanup spawns aws:common:validate and aws:common:cleanupTempDir, and
// saveServiceState aws:common:moveArtifactsToPackage: sls has nothing to do there (its
// package folder is replaced whole at the end), plugins hook them.
static const std::vector<std::string>& aws_common_cleanup_events() {
  static const std::vector<std::string> kEvents = {"aws:common:validate:validate", "aws:common:cleanupTempDir:cleanup"};
  return kEvents;
}
static const std::vector<std::string>& aws_common_move_events() {
  static const std::vector<std::string> kEvents = {"aws:common:moveArtifactsToPackage:move"};
  return kEvents;
}

void register_package_hooks(Lifecycle<PackageContext>& lc, const PackageOptions& options) {
  auto trace = options.trace;
  lc.on("package:cleanup", [&lc, trace](PackageContext& ctx) { lc.run(aws_common_cleanup_events(), ctx, trace); });
  lc.on("package:initialize", compile::generate_core_template);
  lc.on("package:initialize", compile::events::check_cloud_front_limits);
  lc.on("package:setupProviderConfiguration", compile::merge_iam_templates);
  lc.on("package:createDeploymentArtifacts", package::create_deployment_artifacts);
  auto artifact_dir = [](PackageContext& ctx) {
    if (ctx.artifact_directory_name.empty()) compile::generate_artifact_directory_name(ctx);
  };
  lc.on("before:package:compileLayers", artifact_dir);
  lc.on("package:compileLayers", compile::compile_layers);
  lc.on("before:package:compileFunctions", artifact_dir);
  lc.on("before:package:compileFunctions", compile::events::prepare_cloud_front_functions);
  lc.on("package:compileFunctions", compile::compile_functions);
  lc.on("package:compileEvents", compile::events::compile_events);
  // osls's package:finalize spawns aws:package:finalize; plugins hook its events too.
  lc.on("package:finalize", [&lc, trace](PackageContext& ctx) { lc.run(aws_finalize_events(), ctx, trace); });
  lc.on("aws:package:finalize:addExportNameForOutputs", compile::add_export_name_for_outputs);
  lc.on("aws:package:finalize:mergeCustomProviderResources", compile::merge_custom_provider_resources);
  lc.on("aws:package:finalize:stripNullPropsFromTemplateResources", compile::strip_null_props_from_template_resources);
  bool minify = options.minify_template;
  lc.on("aws:package:finalize:saveServiceState", [minify, &lc, trace](PackageContext& ctx) {
    write_package_files(ctx, minify);
    lc.run(aws_common_move_events(), ctx, trace);
  });
}

const std::vector<std::string>& package_hook_events() {
  static const std::vector<std::string> kEvents = [] {
    std::vector<std::string> all = package_events();
    for (const auto* list : {&aws_finalize_events(), &aws_common_cleanup_events(), &aws_common_move_events()})
      all.insert(all.end(), list->begin(), list->end());
    return all;
  }();
  return kEvents;
}

Json service_state(const PackageContext& ctx, bool with_templates) {
  const Service& s = ctx.service;
  Json service = Json::object();
  service["service"] = s.name;
  service["serviceObject"] = Json{{"name", s.name}};
  Json provider = s.config["provider"];
  if (with_templates) {
    provider["compiledCloudFormationTemplate"] = ctx.template_;
    provider["coreCloudFormationTemplate"] = ctx.create_template;
  }
  service["provider"] = provider;
  service["pluginsData"] = Json::object();
  service["functions"] = state_functions(ctx);
  service["resources"] = s.config.value("resources", Json::object());
  service["configValidationMode"] = s.config.value("configValidationMode", "error");
  service["serviceFilename"] = s.config_file_name;
  service["initialServerlessConfig"] = s.initial_config;
  service["layers"] = state_layers(ctx);
  return Json{{"service", service}, {"package", state_package(ctx)}};
}

void write_service_state(std::string& out, const PackageContext& ctx) {
  const Service& s = ctx.service;
  const Json& config = s.config;
  const Json empty_object = Json::object(), null_value;
  // Member for member what service_state() builds, in its order, with the
  // same calls where a bad type throws (value(), apply()), so bad input fails
  // the same way.
  JsonWriter w(out, 2, 0, KeyOrder::javascript);
  w.begin_object();
  w.key("service");
  w.begin_object();
  w.key("service");
  w.value(s.name);
  w.key("serviceObject");
  w.begin_object();
  w.key("name");
  w.value(s.name);
  w.end_object();

  w.key("provider");
  const Assign templates[] = {{.key = "compiledCloudFormationTemplate", .json = &ctx.template_},
                              {.key = "coreCloudFormationTemplate", .json = &ctx.create_template}};
  write_assigned(w, member_or(config, "provider", null_value), templates);
  w.key("pluginsData");
  w.value(empty_object);

  w.key("functions");
  const Json& functions = member_or(config, "functions", empty_object);
  if (functions.is_object()) {
    w.begin_object();
    for (const auto& [name, fn] : *functions.get_ptr<const Json::object_t*>()) {
      w.key(name);
      with_function_assigns(ctx, name, [&](Assigns a) { write_assigned(w, fn, a); });
    }
    w.end_object();
  } else {
    w.value(state_functions(ctx));
  }

  w.key("resources");
  w.value(member_or(config, "resources", empty_object));
  w.key("configValidationMode");
  w.value(config.value("configValidationMode", "error"));
  w.key("serviceFilename");
  w.value(s.config_file_name);
  w.key("initialServerlessConfig");
  w.value(s.initial_config);

  w.key("layers");
  const Json& layers = member_or(config, "layers", empty_object);
  if (layers.is_object()) {
    w.begin_object();
    for (const auto& [name, layer] : *layers.get_ptr<const Json::object_t*>()) {
      w.key(name);
      with_layer_assigns(ctx, name, layer, [&](Assigns a) { write_assigned(w, layer, a); });
    }
    w.end_object();
  } else {
    w.value(state_layers(ctx));
  }
  w.end_object();

  w.key("package");
  w.value(state_package(ctx));
  w.end_object();
}

PackageResult package_service(Service& service, const PackageOptions& options) {
  fs::path final_dir = options.package_dir.empty() ? service.dir / ".serverless"
                                                   : fs::absolute(service.dir / options.package_dir);
  final_dir = final_dir.lexically_normal();
  auto owned = std::unique_ptr<PackageContext>(new PackageContext{service, {}, final_dir});
  PackageContext& ctx = *owned;
  const Json& provider = service.config["provider"];
  if (provider.contains("deploymentPrefix") && provider["deploymentPrefix"].is_string())
    ctx.deployment_prefix = provider["deploymentPrefix"].get<std::string>();

  TempDirGuard guard{make_temp_dir(final_dir)};
  ctx.package_dir = guard.dir;

  Lifecycle<PackageContext> lifecycle;
  register_package_hooks(lifecycle, options);
  plugins::register_builtin_plugins(lifecycle, service);
  if (options.plugin_hooks) options.plugin_hooks(lifecycle);
  FileTimes before = options.plugin_hooks ? file_times(final_dir) : FileTimes{};
  lifecycle.run(package_events(), ctx, options.trace);
  if (options.plugin_hooks) adopt_plugin_files(final_dir, before, guard.dir);
  if (options.trace) options.trace("templates and state written");

  move_into_place(guard.dir, final_dir);
  guard.keep = true;
  return PackageResult{final_dir, ctx.warnings, std::move(owned)};
}

}  // namespace sls::aws
