#include "aws/package_flow.h"

#include <unistd.h>

#include <fstream>
#include <system_error>

#include "aws/compile/events/events.h"
#include "aws/compile/steps.h"
#include "aws/naming.h"
#include "package/package_service.h"
#include "util/error.h"

namespace sls::aws {

namespace fs = std::filesystem;

namespace {

void write_json(const fs::path& path, const Json& value, bool minify) {
  std::ofstream out(path, std::ios::binary);
  out << (minify ? value.dump() : value.dump(2));
  if (!out) throw UserError("Cannot write " + path.string() + ": check the folder's permissions and free space.");
}

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

}  // namespace

const std::vector<std::string>& package_events() {
  static const std::vector<std::string> kEvents = {
      "package:cleanup",          "package:initialize",        "package:setupProviderConfiguration",
      "package:createDeploymentArtifacts", "package:compileLayers", "package:compileFunctions",
      "package:compileEvents",    "package:finalize"};
  return kEvents;
}

void register_package_hooks(Lifecycle<PackageContext>& lc, const PackageOptions& options) {
  lc.on("package:initialize", compile::generate_core_template);
  lc.on("package:setupProviderConfiguration", compile::merge_iam_templates);
  lc.on("package:createDeploymentArtifacts", package::create_deployment_artifacts);
  auto artifact_dir = [](PackageContext& ctx) {
    if (ctx.artifact_directory_name.empty()) compile::generate_artifact_directory_name(ctx);
  };
  lc.on("before:package:compileLayers", artifact_dir);
  lc.on("package:compileLayers", compile::compile_layers);
  lc.on("before:package:compileFunctions", artifact_dir);
  lc.on("package:compileFunctions", compile::compile_functions);
  lc.on("before:package:compileEvents", compile::events::check_supported);
  for (const auto& compiler : compile::events::all()) lc.on("package:compileEvents", compiler.compile);
  lc.on("package:finalize", compile::add_export_name_for_outputs);
  lc.on("package:finalize", compile::merge_custom_provider_resources);
  lc.on("package:finalize", compile::strip_null_props_from_template_resources);
  bool minify = options.minify_template;
  lc.on("package:finalize", [minify](PackageContext& ctx) {
    // With a user-named deployment bucket osls writes no create-stack template.
    if (!ctx.create_template.empty())
      write_json(ctx.package_dir / naming::kCreateTemplateFile, ctx.create_template, minify);
    write_json(ctx.package_dir / naming::kUpdateTemplateFile, ctx.template_, minify);
    // The state embeds both templates: move them in and back out rather than
    // copying (they are most of the work on large services).
    Json state = service_state(ctx, /*with_templates=*/false);
    Json& provider = state["service"]["provider"];
    provider["compiledCloudFormationTemplate"] = std::move(ctx.template_);
    provider["coreCloudFormationTemplate"] = std::move(ctx.create_template);
    try {
      write_json(ctx.package_dir / naming::kServiceStateFile, state, false);
    } catch (...) {
      ctx.template_ = std::move(provider["compiledCloudFormationTemplate"]);
      ctx.create_template = std::move(provider["coreCloudFormationTemplate"]);
      throw;
    }
    ctx.template_ = std::move(provider["compiledCloudFormationTemplate"]);
    ctx.create_template = std::move(provider["coreCloudFormationTemplate"]);
  });
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
  Json functions = s.config.value("functions", Json::object());
  for (auto& [name, fn] : functions.items()) {
    auto art = ctx.function_artifacts.find(name);
    if (art != ctx.function_artifacts.end()) fn["package"]["artifact"] = art->second.name;
    auto ver = ctx.version_logical_ids.find(name);
    if (ver != ctx.version_logical_ids.end()) fn["versionLogicalId"] = ver->second;
  }
  service["functions"] = functions;
  service["resources"] = s.config.value("resources", Json::object());
  service["configValidationMode"] = s.config.value("configValidationMode", "error");
  service["serviceFilename"] = s.config_file_name;
  service["initialServerlessConfig"] = s.initial_config;
  Json layers = s.config.value("layers", Json::object());
  for (auto& [name, layer] : layers.items()) {
    auto art = ctx.layer_artifacts.find(name);
    if (art != ctx.layer_artifacts.end() && layer.is_object()) layer["package"]["artifact"] = art->second.name;
  }
  service["layers"] = layers;

  Json package = Json::object();
  const Json& pkg = s.config.value("package", Json::object());
  if (pkg.contains("individually")) package["individually"] = pkg["individually"];
  package["artifactDirectoryName"] = ctx.artifact_directory_name;
  package["artifact"] = ctx.service_artifact ? ctx.service_artifact->name : "";
  return Json{{"service", service}, {"package", package}};
}

PackageResult package_service(Service& service, const PackageOptions& options) {
  fs::path final_dir = options.package_dir.empty() ? service.dir / ".serverless"
                                                   : fs::absolute(service.dir / options.package_dir);
  final_dir = final_dir.lexically_normal();
  PackageContext ctx{service, {}, final_dir};
  const Json& provider = service.config["provider"];
  if (provider.contains("deploymentPrefix") && provider["deploymentPrefix"].is_string())
    ctx.deployment_prefix = provider["deploymentPrefix"].get<std::string>();

  TempDirGuard guard{make_temp_dir(final_dir)};
  ctx.package_dir = guard.dir;

  Lifecycle<PackageContext> lifecycle;
  register_package_hooks(lifecycle, options);
  lifecycle.run(package_events(), ctx, options.trace);
  if (options.trace) options.trace("templates and state written");

  move_into_place(guard.dir, final_dir);
  guard.keep = true;
  return PackageResult{final_dir, ctx.warnings};
}

}  // namespace sls::aws
