#include "aws/package_flow.h"

#include <unistd.h>

#include <fstream>
#include <future>
#include <stdexcept>
#include <system_error>

#include "aws/compile/events/events.h"
#include "aws/compile/steps.h"
#include "aws/naming.h"
#include "package/package_service.h"
#include "util/error.h"

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


// Replaces the JSON string "marker" in `text` by `value` (pretty JSON),
// indenting value's lines to the depth of the line the marker stands on.
void splice(std::string& text, const std::string& marker, const std::string& value) {
  std::string quoted = "\"" + marker + "\"";
  size_t at = text.find(quoted);
  if (at == std::string::npos) throw std::logic_error("package: state marker missing");
  size_t line_start = text.rfind('\n', at);
  line_start = line_start == std::string::npos ? 0 : line_start + 1;
  size_t indent = 0;
  while (line_start + indent < at && text[line_start + indent] == ' ') ++indent;
  std::string pad(indent, ' ');
  std::string indented;
  indented.reserve(value.size() + value.size() / 4);
  size_t from = 0;
  for (size_t nl; (nl = value.find('\n', from)) != std::string::npos; from = nl + 1) {
    indented.append(value, from, nl + 1 - from);
    indented += pad;
  }
  indented.append(value, from, std::string::npos);
  text.replace(at, quoted.size(), indented);
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw UserError("Cannot write " + path.string() + ": check the folder's permissions and free space.");
}

// The templates and serverless-state.json (which embeds both templates). The
// two templates are serialised on their own threads and spliced into the
// state text, instead of serialising them twice.
void write_package_files(PackageContext& ctx, bool minify) {
  const PackageContext& c = ctx;
  auto pretty_update = std::async(std::launch::async, [&c] { return c.template_.dump(2); });
  auto pretty_create = std::async(std::launch::async, [&c] { return c.create_template.dump(2); });
  const std::string kCompiled = "\x01sls-compiled-template\x01";
  const std::string kCore = "\x01sls-core-template\x01";
  Json state = service_state(c, /*with_templates=*/false);
  state["service"]["provider"]["compiledCloudFormationTemplate"] = kCompiled;
  state["service"]["provider"]["coreCloudFormationTemplate"] = kCore;
  std::string state_text = state.dump(2);
  std::string update = pretty_update.get();
  std::string create = pretty_create.get();
  // nlohmann escapes \x01 as \u0001 in the dump.
  splice(state_text, "\\u0001sls-compiled-template\\u0001", update);
  splice(state_text, "\\u0001sls-core-template\\u0001", create);

  // With a user-named deployment bucket osls writes no create-stack template.
  if (!c.create_template.empty())
    write_text(ctx.package_dir / naming::kCreateTemplateFile, minify ? c.create_template.dump() : create);
  write_text(ctx.package_dir / naming::kUpdateTemplateFile, minify ? c.template_.dump() : update);
  write_text(ctx.package_dir / naming::kServiceStateFile, state_text);
}

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
  lc.on("package:finalize", [minify](PackageContext& ctx) { write_package_files(ctx, minify); });
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
