// package:compileLayers: AWS::Lambda::LayerVersion (+ permissions) and the
// layer outputs (qualified ARN, content hash, S3 key).

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "util/js_like.h"
#include "aws/compile/provider_util.h"
#include "aws/compile/steps.h"
#include "aws/naming.h"
#include "package/artifact_names.h"
#include "util/digest.h"
#include "util/error.h"

namespace sls::compile {
namespace {

namespace fs = std::filesystem;

// osls: sha1 hex of JSON.stringify(layer resource without S3Key) followed by the zip bytes.
std::string layer_hash(const Json& layer_for_hash, const fs::path& zip) {
  digest::Sha1 sha1;
  sha1.update(js::stringify(layer_for_hash));
  std::ifstream in(zip, std::ios::binary);
  if (!in)
    throw UserError("Could not read the layer artifact \"" + zip.string() +
                    "\": check the layer's `path` or `package.artifact`.");
  std::array<char, 65536> buf;
  while (in) {
    in.read(buf.data(), buf.size());
    if (in.gcount() > 0) sha1.update(buf.data(), static_cast<size_t>(in.gcount()));
  }
  return digest::hex(sha1.finish());
}

struct LayerArtifact {
  fs::path path;
  std::string name;  // last path segment
};

LayerArtifact layer_artifact(const PackageContext& ctx, const std::string& layer, const Json& obj) {
  if (const Json* pkg = js::get(obj, "package"))
    if (const Json* a = js::get_truthy(*pkg, "artifact"); a && a->is_string()) {
      std::string p = a->get<std::string>();
      fs::path path(p);
      if (!path.is_absolute()) path = ctx.service.dir / path;
      auto slash = p.find_last_of('/');
      return {path, slash == std::string::npos ? p : p.substr(slash + 1)};
    }
  if (auto it = ctx.layer_artifacts.find(layer); it != ctx.layer_artifacts.end())
    return {it->second.path, it->second.name};
  std::string name = package::layer_artifact_name(layer);
  return {ctx.package_dir / name, name};
}

std::string replace_first_star(std::string s) {
  if (auto pos = s.find('*'); pos != std::string::npos) s.replace(pos, 1, "Wild");
  return s;
}

void compile_layer(PackageContext& ctx, const std::string& layer, const Json& obj) {
  LayerArtifact artifact = layer_artifact(ctx, layer, obj);
  Json resource = {{"Type", "AWS::Lambda::LayerVersion"},
                   {"Properties",
                    {{"Content", {{"S3Bucket", deployment_bucket_value(ctx)},
                                  {"S3Key", ctx.artifact_directory_name + "/" + artifact.name}}},
                     {"LayerName", layer}}}};
  Json& props = resource["Properties"];
  if (const Json* name = js::get_truthy(obj, "name")) props["LayerName"] = *name;
  if (const Json* v = js::get_truthy(obj, "description")) props["Description"] = *v;
  if (const Json* v = js::get_truthy(obj, "licenseInfo")) props["LicenseInfo"] = *v;
  if (const Json* v = js::get_truthy(obj, "compatibleRuntimes")) props["CompatibleRuntimes"] = js::coerce_array(*v);
  if (const Json* v = js::get_truthy(obj, "compatibleArchitectures")) props["CompatibleArchitectures"] = js::coerce_array(*v);

  Json for_hash = resource;
  for_hash["Properties"]["Content"].erase("S3Key");
  std::string sha = layer_hash(for_hash, artifact.path);

  const Json s3_key = props["Content"]["S3Key"];  // before `resource` gains keys
  bool retain = js::truthy(js::get(obj, "retain"));
  std::string logical_id = naming::lambda_layer_logical_id(layer);
  if (retain) {
    logical_id += sha;
    resource["DeletionPolicy"] = "Retain";
  }
  Json& resources = ctx.resources();
  resources[logical_id] = std::move(resource);

  if (const Json* accounts_cfg = js::get_truthy(obj, "allowedAccounts")) {
    const Json accounts = js::coerce_array(*accounts_cfg);
    for (const auto& account : accounts) {
      std::string principal = account.is_string() ? account.get<std::string>() : account.dump();
      Json permission = {{"Type", "AWS::Lambda::LayerVersionPermission"},
                         {"Properties",
                          {{"Action", "lambda:GetLayerVersion"},
                           {"LayerVersionArn", {{"Ref", logical_id}}},
                           {"Principal", account}}}};
      std::string id = naming::normalized_function_name(layer) + replace_first_star(principal) +
                       "LambdaLayerPermission";
      if (retain) {
        id += sha;
        permission["DeletionPolicy"] = "Retain";
      }
      resources[id] = std::move(permission);
    }
  }

  Json& outputs = ctx.outputs();
  outputs[naming::lambda_layer_output_logical_id(layer)] = {
      {"Description", "Current Lambda layer version"}, {"Value", {{"Ref", logical_id}}}};
  outputs[naming::lambda_layer_logical_id(layer) + "Hash"] = {{"Description", "Current Lambda layer hash"},
                                                              {"Value", sha}};
  outputs[naming::lambda_layer_logical_id(layer) + "S3Key"] = {
      {"Description", "Current Lambda layer S3Key"}, {"Value", s3_key}};
}

}  // namespace

void compile_layers(PackageContext& ctx) {
  const Json* layers = js::get(ctx.service.config, "layers");
  if (!layers || !layers->is_object() || layers->empty()) return;
  if (!ctx.template_.contains("Resources")) ctx.template_["Resources"] = Json::object();
  if (!ctx.template_.contains("Outputs")) ctx.template_["Outputs"] = Json::object();
  for (auto it = layers->begin(); it != layers->end(); ++it) {
    if (!it.value().is_object()) continue;
    compile_layer(ctx, it.key(), it.value());
  }
}

}  // namespace sls::compile
