// package:compileFunctions: AWS::Lambda::Function resources, their versions
// (osls's content+configuration hash), aliases and qualified-ARN outputs.
#include <algorithm>
#include <filesystem>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "aws/compile/cfn.h"
#include "aws/compile/function_version.h"
#include "aws/compile/lambda_target.h"
#include "util/js_like.h"
#include "aws/compile/provider_util.h"
#include "aws/compile/steps.h"
#include "aws/naming.h"
#include "package/artifact_names.h"
#include "util/error.h"

namespace sls::compile {
namespace {

namespace fs = std::filesystem;

struct CodeArtifact {
  fs::path path;               // file to hash
  std::string name;            // last path segment, used in the S3 key
  std::string sha256_base64;   // when packaging already hashed it
};

fs::path resolve(const PackageContext& ctx, const std::string& p) {
  fs::path path(p);
  return path.is_absolute() ? path : ctx.service.dir / path;
}

std::string last_segment(const std::string& p) {
  auto slash = p.find_last_of('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

CodeArtifact function_artifact(const PackageContext& ctx, const std::string& fn, const Json& fn_obj) {
  if (const Json* pkg = js::get(fn_obj, "package"))
    if (const Json* a = js::get_truthy(*pkg, "artifact"); a && a->is_string())
      return {resolve(ctx, a->get<std::string>()), last_segment(a->get<std::string>()), ""};
  if (auto it = ctx.function_artifacts.find(fn); it != ctx.function_artifacts.end())
    return {it->second.path, it->second.name, it->second.sha256_base64};
  if (const Json* pkg = js::get(ctx.service.config, "package"))
    if (const Json* a = js::get_truthy(*pkg, "artifact"); a && a->is_string())
      return {resolve(ctx, a->get<std::string>()), last_segment(a->get<std::string>()), ""};
  if (ctx.service_artifact)
    return {ctx.service_artifact->path, ctx.service_artifact->name, ctx.service_artifact->sha256_base64};
  bool individually = false;
  if (const Json* pkg = js::get(ctx.service.config, "package"))
    individually = js::truthy(js::get(*pkg, "individually"));
  if (const Json* pkg = js::get(fn_obj, "package"))
    individually = individually || js::truthy(js::get(*pkg, "individually"));
  std::string name = individually ? package::function_artifact_name(fn)
                                  : package::service_artifact_name(ctx.service.name);
  return {ctx.package_dir / name, name, ""};
}

// Where osls looks for a layer's zip (also the key the version hash sorts layers by).
std::pair<std::string, fs::path> layer_artifact(const PackageContext& ctx, const std::string& layer) {
  const Json* layers = js::get(ctx.service.config, "layers");
  const Json* obj = layers ? js::get(*layers, layer) : nullptr;
  if (obj)
    if (const Json* pkg = js::get(*obj, "package"))
      if (const Json* a = js::get_truthy(*pkg, "artifact"); a && a->is_string())
        return {a->get<std::string>(), resolve(ctx, a->get<std::string>())};
  std::string sort_key =
      (ctx.service.dir / ".serverless" / package::layer_artifact_name(layer)).string();
  if (auto it = ctx.layer_artifacts.find(layer); it != ctx.layer_artifacts.end())
    return {sort_key, it->second.path};
  return {sort_key, ctx.package_dir / package::layer_artifact_name(layer)};
}

// The serverless layer (config key) whose compiled resource has logical id `ref`.
std::optional<std::string> layer_for_logical_id(const PackageContext& ctx, const std::string& ref) {
  const Json* layers = js::get(ctx.service.config, "layers");
  if (!layers || !layers->is_object()) return std::nullopt;
  for (auto it = layers->begin(); it != layers->end(); ++it) {
    std::string id = naming::lambda_layer_logical_id(it.key());
    if (ref == id) return it.key();
    if (js::truthy(js::get(it.value(), "retain")) && ref.size() == id.size() + 40 &&
        ref.compare(0, id.size(), id) == 0)
      return it.key();
  }
  return std::nullopt;
}

void append_statement_if_missing(Json& resources, const Json& statement, bool always_push) {
  auto role = resources.find(naming::kRoleLogicalId);
  if (role == resources.end()) return;
  Json& list = (*role)["Properties"]["Policies"][0]["PolicyDocument"]["Statement"];
  if (!always_push)
    for (const auto& s : list)
      if (s == statement) return;
  list.push_back(statement);
}

void compile_role(Json& resource, Json& props, const Json& role) {
  auto add_depends = [&](const Json& id) {
    if (!resource.contains("DependsOn")) resource["DependsOn"] = Json::array();
    resource["DependsOn"].push_back(id);
  };
  if (role.is_string()) {
    const std::string& r = role.get_ref<const std::string&>();
    if (r.rfind("arn:", 0) == 0) {
      props["Role"] = role;
    } else {
      props["Role"] = cfn::get_att(r, "Arn");
      if (r != naming::kRoleLogicalId) add_depends(r);
    }
  } else if (role.is_object() && role.contains("Fn::GetAtt")) {
    props["Role"] = role;
    const Json& getatt = role["Fn::GetAtt"];
    add_depends(getatt.is_array() && !getatt.empty() ? getatt[0] : Json());
  } else {
    props["Role"] = role;
  }
}

const Json* first_truthy(const Json& a, const Json& b, std::string_view key) {
  if (const Json* v = js::get_truthy(a, key)) return v;
  return js::get_truthy(b, key);
}

// provider.runtimeManagement then function runtimeManagement, each a mode
// string or {mode, arn}; nothing is emitted for the default "auto".
Json runtime_management_config(const Json& provider, const Json& fn_obj) {
  const Json* from_provider = js::get(provider, "runtimeManagement");
  const Json* from_function = js::get(fn_obj, "runtimeManagement");
  if (!from_provider && !from_function) return nullptr;  // mode "auto"
  Json resolved = {{"mode", "auto"}};
  for (const Json* input : {from_provider, from_function}) {
    if (!input) continue;
    if (input->is_string()) resolved["mode"] = *input;
    else if (input->is_object()) js::shallow_assign(resolved, *input);
  }
  if (resolved["mode"] == "auto") return nullptr;
  Json cfg = Json::object();
  if (resolved["mode"] == "onFunctionUpdate") cfg["UpdateRuntimeOn"] = "FunctionUpdate";
  else if (resolved["mode"] == "manual") cfg["UpdateRuntimeOn"] = "Manual";
  if (resolved["mode"] == "manual" && resolved.contains("arn") && !resolved["arn"].is_null())
    cfg["RuntimeVersionArn"] = resolved["arn"];
  return cfg;
}

// Container image functions: osls resolves the digest from the URI
// ("<repo>@sha256:<hex>"); tags (and images built from provider.ecr paths)
// need ECR/Docker access.
std::pair<std::string, std::string> resolve_image(const PackageContext& ctx, const std::string& fn,
                                                  const Json& image) {
  std::string uri, name;
  if (image.is_object()) {
    const Json* u = js::get_truthy(image, "uri");
    const Json* n = js::get_truthy(image, "name");
    if (!u && !n)
      throw UserError("Either \"uri\" or \"name\" property needs to be set on image for function: " + fn,
                      "FUNCTION_IMAGE_NEITHER_URI_NOR_NAME_DEFINED_ERROR");
    if (u && n)
      throw UserError("Either \"uri\" or \"name\" property (not both) needs to be set on image for function: " + fn,
                      "FUNCTION_IMAGE_BOTH_URI_AND_NAME_DEFINED_ERROR");
    if (u) uri = u->get<std::string>();
    else name = n->get<std::string>();
  } else if (image.is_string()) {
    static const std::regex kEcrUri(
        R"(^\d+\.dkr\.ecr\.[a-z0-9-]+..amazonaws.com\/([^@]+)|([^@:]+@sha256:[a-f0-9]{64})$)");
    const std::string s = image.get<std::string>();
    if (std::regex_search(s, kEcrUri)) uri = s;
    else name = s;
  }
  if (uri.empty()) {
    const Json* ecr = js::get(ctx.provider(), "ecr");
    const Json* images = ecr ? js::get(*ecr, "images") : nullptr;
    const Json* def = images ? js::get(*images, name) : nullptr;
    const Json* u = def ? js::get_truthy(*def, "uri") : nullptr;
    if (!u || !u->is_string())
      throw UserError("Function \"" + fn + "\": image \"" + name +
                          "\" must be given as an ECR URI with a digest (<repo>@sha256:<digest>); building "
                          "images from provider.ecr.images paths is not supported.",
                      "FUNCTION_IMAGE_UNSUPPORTED");
    uri = u->get<std::string>();
  }
  auto at = uri.find('@');
  if (at == std::string::npos)
    throw UserError("Function \"" + fn + "\": image URI \"" + uri +
                        "\" has no digest; use <repo>@sha256:<digest> (resolving tags needs ECR access).",
                    "FUNCTION_IMAGE_UNSUPPORTED");
  std::string sha = uri.substr(at + 1);
  if (sha.rfind("sha256:", 0) == 0) sha = sha.substr(7);
  return {uri, sha};
}

// osls's checks of `durableConfig` (AWS Lambda Durable Functions limits).
void validate_durable(const PackageContext& ctx, const std::string& fn, const Json& fn_obj) {
  static const std::set<std::string> kRuntimes = {"nodejs22.x", "nodejs24.x", "python3.13", "python3.14",
                                                  "java17", "java21", "java25"};
  static const std::set<std::string> kSnapRuntimes = {"python3.13", "python3.14", "java17", "java21", "java25"};
  const bool image = js::truthy(js::get(fn_obj, "image"));
  std::string runtime;
  if (!image) {
    const Json* r = first_truthy(fn_obj, ctx.provider(), "runtime");
    runtime = r && r->is_string() ? r->get<std::string>() : std::string(r ? r->dump() : "nodejs24.x");
    if (!kRuntimes.count(runtime))
      throw UserError("Function \"" + fn + "\" cannot configure \"durableConfig\" with unsupported runtime \"" +
                          runtime + "\". AWS Lambda Durable Functions support nodejs22.x, nodejs24.x, python3.13, "
                          "python3.14, java17, java21, and java25 managed runtimes, or compatible container images.",
                      "DURABLE_FUNCTION_UNSUPPORTED_RUNTIME");
  }
  if (js::truthy(js::get(fn_obj, "snapStart"))) {
    const std::string prefix = "Function \"" + fn + "\" cannot configure both \"durableConfig\" and \"snapStart\" ";
    if (image)
      throw UserError(prefix + "when packaged as a container image. AWS Lambda SnapStart does not support container images.",
                      "DURABLE_FUNCTION_SNAPSTART_UNSUPPORTED");
    if (!kSnapRuntimes.count(runtime))
      throw UserError(prefix + "with runtime \"" + runtime +
                          "\". Supported durable SnapStart runtimes are python3.13, python3.14, java17, java21, and java25.",
                      "DURABLE_FUNCTION_SNAPSTART_UNSUPPORTED");
    if (js::truthy(js::get(fn_obj, "fileSystemConfig")))
      throw UserError(prefix + "with \"fileSystemConfig\". AWS Lambda SnapStart does not support EFS.",
                      "DURABLE_FUNCTION_SNAPSTART_UNSUPPORTED");
    const Json* eph = js::get(fn_obj, "ephemeralStorageSize");
    if (eph && eph->is_number() && eph->get<double>() > 512)
      throw UserError(prefix + "with ephemeralStorageSize greater than 512 MB.", "DURABLE_FUNCTION_SNAPSTART_UNSUPPORTED");
  }
  if (js::truthy(js::get(fn_obj, "destinations")))
    throw UserError("Function \"" + fn + "\" cannot configure \"destinations\" with \"durableConfig\". AWS Lambda "
                    "Durable Functions do not support Lambda destinations.",
                    "DURABLE_FUNCTION_DESTINATIONS_UNSUPPORTED");
  bool esm = false, cloudfront = false;
  if (const Json* events = js::get(fn_obj, "events"); events && events->is_array())
    for (const auto& e : *events) {
      if (!e.is_object()) continue;
      for (const char* k : {"sqs", "stream", "msk", "kafka", "activemq", "rabbitmq"})
        if (e.contains(k)) esm = true;
      if (js::truthy(js::get(e, "cloudFront"))) cloudfront = true;
    }
  const Json* timeout = js::get((*js::get(fn_obj, "durableConfig")), "executionTimeout");
  if (esm && timeout && timeout->is_number() && timeout->get<double>() > 900)
    throw UserError("Function \"" + fn + "\" uses an event source mapping with \"durableConfig.executionTimeout\" "
                    "greater than 900 seconds. AWS Lambda event source mappings invoke durable functions synchronously "
                    "and require durable execution timeout to be 15 minutes or less.",
                    "DURABLE_FUNCTION_ESM_TIMEOUT_UNSUPPORTED");
  if (cloudfront)
    throw UserError("Function \"" + fn + "\" cannot configure \"durableConfig\" with a \"cloudFront\" event. AWS "
                    "Lambda@Edge does not support durable functions.",
                    "DURABLE_FUNCTION_LAMBDA_EDGE_UNSUPPORTED");
  if (js::get_non_null(fn_obj, "maximumRetryAttempts"))
    throw UserError("Function \"" + fn + "\" cannot configure \"maximumRetryAttempts\" with \"durableConfig\". AWS "
                    "Lambda asynchronous retry attempts do not apply to durable executions.",
                    "DURABLE_FUNCTION_MAXIMUM_RETRY_ATTEMPTS_UNSUPPORTED");
}

struct Compiled {
  std::string fn;
  std::string logical_id;
  CodeArtifact artifact;
  std::string image_sha;  // container image functions: the digest (hex)
  bool versioned = false;
  size_t layer_refs = 0;  // {"Ref": ...} entries in Layers: each adds an awaited hash
};

Compiled compile_function_resource(PackageContext& ctx, const std::string& fn, const Json& fn_obj) {
  const Json& provider = ctx.provider();
  Json& resources = ctx.resources();
  if (!fn_obj.is_object())
    throw UserError("Unexpected \"" + fn + "\" function configuration: expected an object.",
                    "NON_OBJECT_FUNCTION_CONFIGURATION_ERROR");
  const Json* handler = js::get_truthy(fn_obj, "handler");
  const Json* image = js::get_truthy(fn_obj, "image");
  if (!handler && !image)
    throw UserError("Either \"handler\" or \"image\" property needs to be set on function \"" + fn + "\"",
                    "FUNCTION_NEITHER_HANDLER_NOR_IMAGE_DEFINED_ERROR");
  if (handler && image)
    throw UserError("Either \"handler\" or \"image\" property (not both) needs to be set on function \"" +
                        fn + "\".",
                    "FUNCTION_BOTH_HANDLER_AND_IMAGE_DEFINED_ERROR");
  if (js::truthy(js::get(fn_obj, "durableConfig"))) validate_durable(ctx, fn, fn_obj);
  Compiled out{fn, naming::lambda_logical_id(fn), {}, {}};
  Json resource = cfn::resource("AWS::Lambda::Function", Json::object());
  Json props = Json::object();
  props["Code"] = Json::object();

  const Json* memory = first_truthy(fn_obj, provider, "memorySize");
  const Json* timeout = first_truthy(fn_obj, provider, "timeout");
  const Json* runtime = first_truthy(fn_obj, provider, "runtime");

  if (image) {
    auto [uri, sha] = resolve_image(ctx, fn, *image);
    out.image_sha = sha;
    if (image->is_object()) {
      Json cfg = Json::object();
      if (const Json* v = js::get_truthy(*image, "command")) cfg["Command"] = *v;
      if (const Json* v = js::get_truthy(*image, "entryPoint")) cfg["EntryPoint"] = *v;
      if (const Json* v = js::get_truthy(*image, "workingDirectory")) cfg["WorkingDirectory"] = *v;
      if (!cfg.empty()) props["ImageConfig"] = cfg;
    }
    props["Code"]["ImageUri"] = uri;
    props["PackageType"] = "Image";
  } else {
    out.artifact = function_artifact(ctx, fn, fn_obj);
    if (Json rm = runtime_management_config(provider, fn_obj); !rm.is_null()) props["RuntimeManagementConfig"] = rm;
    props["Handler"] = *handler;
    props["Code"]["S3Bucket"] = deployment_bucket_value(ctx);
    props["Code"]["S3Key"] = ctx.artifact_directory_name + "/" + out.artifact.name;
    props["Runtime"] = runtime ? *runtime : Json("nodejs24.x");
  }
  props["FunctionName"] = function_name(ctx, fn, fn_obj);
  props["MemorySize"] = memory ? js::coerce_integer(*memory) : Json(1024);
  props["Timeout"] = timeout ? js::coerce_integer(*timeout) : Json(6);
  if (const Json* arch = first_truthy(fn_obj, provider, "architecture"))
    props["Architectures"] = Json::array({*arch});
  if (const Json* d = js::get_truthy(fn_obj, "description")) props["Description"] = *d;
  if (js::truthy(js::get(fn_obj, "snapStart"))) props["SnapStart"] = {{"ApplyOn", "PublishedVersions"}};
  if (const Json* c = js::get_truthy(fn_obj, "condition")) resource["Condition"] = *c;
  if (const Json* deps = js::get_truthy(fn_obj, "dependsOn")) {
    resource["DependsOn"] = Json::array();
    if (deps->is_array())
      for (const auto& d : *deps) resource["DependsOn"].push_back(d);
    else
      resource["DependsOn"].push_back(*deps);
  }
  const Json* fn_tags = js::get_truthy(fn_obj, "tags");
  const Json* provider_tags = js::get_truthy(provider, "tags");
  if (fn_tags || provider_tags) {
    Json tags = Json::object();
    if (provider_tags) js::shallow_assign(tags, *provider_tags);
    if (fn_tags) js::shallow_assign(tags, *fn_tags);
    props["Tags"] = Json::array();
    for (auto it = tags.begin(); it != tags.end(); ++it)
      props["Tags"].push_back({{"Key", it.key()}, {"Value", it.value()}});
  }
  if (const Json* size = js::get_truthy(fn_obj, "ephemeralStorageSize"))
    props["EphemeralStorage"] = {{"Size", *size}};
  if (const Json* loop = js::get_truthy(fn_obj, "recursiveLoop")) props["RecursiveLoop"] = *loop;
  if (const Json* arn = js::get_truthy(fn_obj, "onError")) {
    props["DeadLetterConfig"] = {{"TargetArn", *arn}};
    if (arn->is_string())
      append_statement_if_missing(
          resources,
          {{"Effect", "Allow"}, {"Action", Json::array({"sns:Publish"})}, {"Resource", Json::array({*arn})}},
          true);
  }
  const Json* kms = js::get_truthy(fn_obj, "kmsKeyArn");
  if (!kms) kms = js::get_truthy(provider, "kmsKeyArn");
  if (kms) {
    props["KmsKeyArn"] = *kms;
    if (kms->is_string())
      append_statement_if_missing(
          resources,
          {{"Effect", "Allow"}, {"Action", Json::array({"kms:Decrypt"})}, {"Resource", Json::array({*kms})}},
          false);
  }
  const Json* tracing = js::get_truthy(fn_obj, "tracing");
  if (!tracing)
    if (const Json* pt = js::get_truthy(provider, "tracing")) tracing = js::get_truthy(*pt, "lambda");
  if (tracing) {
    props["TracingConfig"] = {{"Mode", tracing->is_boolean() ? Json("Active") : *tracing}};
    append_statement_if_missing(resources,
                                {{"Effect", "Allow"},
                                 {"Action", Json::array({"xray:PutTraceSegments", "xray:PutTelemetryRecords"})},
                                 {"Resource", Json::array({"*"})}},
                                false);
  }
  const Json* fn_env = js::get_truthy(fn_obj, "environment");
  const Json* provider_env = js::get_truthy(provider, "environment");
  if (fn_env || provider_env) {
    Json vars = Json::object();
    if (provider_env) js::shallow_assign(vars, *provider_env);
    if (fn_env) js::shallow_assign(vars, *fn_env);
    props["Environment"] = {{"Variables", vars}};
  }
  Json role = custom_execution_role(provider, fn_obj);
  compile_role(resource, props, js::truthy(role) ? role : Json(naming::kRoleLogicalId));

  const Json* fn_vpc = js::get(fn_obj, "vpc");
  bool vpc_unset = fn_vpc && (fn_vpc->is_null() || (fn_vpc->is_boolean() && !fn_vpc->get<bool>()));
  if (!vpc_unset) {
    static const Json kEmpty = Json::object();
    const Json& f = js::truthy(fn_vpc) ? *fn_vpc : kEmpty;
    const Json* pv = js::get_truthy(provider, "vpc");
    const Json& p = pv ? *pv : kEmpty;
    const Json* sg = first_truthy(f, p, "securityGroupIds");
    const Json* subnets = first_truthy(f, p, "subnetIds");
    if (sg && subnets) {
      Json vpc = Json::object();
      if (const Json* ipv6 = first_truthy(f, p, "ipv6AllowedForDualStack")) vpc["Ipv6AllowedForDualStack"] = *ipv6;
      vpc["SecurityGroupIds"] = *sg;
      vpc["SubnetIds"] = *subnets;
      props["VpcConfig"] = vpc;
    }
  }
  if (const Json* efs = js::get_truthy(fn_obj, "fileSystemConfig")) {
    if (!props.contains("VpcConfig"))
      throw UserError("Function \"" + fn +
                          "\": when using fileSystemConfig, ensure that function has vpc configured on "
                          "function or provider level",
                      "LAMBDA_FILE_SYSTEM_CONFIG_MISSING_VPC");
    Json arn = efs->contains("arn") ? (*efs)["arn"] : Json();
    append_statement_if_missing(
        resources,
        {{"Effect", "Allow"},
         {"Action", Json::array({"elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"})},
         {"Resource", Json::array({arn})}},
        true);
    Json cfg = Json::object();
    if (!arn.is_null()) cfg["Arn"] = arn;
    if (const Json* mount = js::get_non_null(*efs, "localMountPath")) cfg["LocalMountPath"] = *mount;
    props["FileSystemConfigs"] = Json::array({cfg});
  }
  if (const Json* rc = js::get_non_null(fn_obj, "reservedConcurrency");
      rc && (js::truthy(*rc) || (rc->is_number() && rc->get<double>() == 0)))
    props["ReservedConcurrentExecutions"] = *rc;
  if (!js::truthy(js::get(fn_obj, "disableLogs"))) {
    Json deps = Json::array();
    deps.push_back(naming::log_group_logical_id(fn));
    if (auto it = resource.find("DependsOn"); it != resource.end())
      for (auto& d : *it) deps.push_back(std::move(d));
    resource["DependsOn"] = std::move(deps);
  }
  if (const Json* layers = js::get_truthy(fn_obj, "layers")) props["Layers"] = js::coerce_array(*layers);
  else if (const Json* pl = js::get_truthy(provider, "layers")) props["Layers"] = js::coerce_array(*pl);

  if (const Json* durable = js::get_truthy(fn_obj, "durableConfig")) {
    Json cfg = Json::object();
    if (const Json* t = js::get_non_null(*durable, "executionTimeout")) cfg["ExecutionTimeout"] = *t;
    if (const Json* r = js::get(*durable, "retentionPeriodInDays")) cfg["RetentionPeriodInDays"] = *r;
    props["DurableConfig"] = cfg;
  }

  const Json* version_fn = js::get_non_null(fn_obj, "versionFunction");
  const Json* version_all = js::get_non_null(provider, "versionFunctions");
  bool should_version = js::truthy(js::get(fn_obj, "durableConfig")) ||
                        (version_fn ? js::truthy(*version_fn) : (version_all ? js::truthy(*version_all) : true));
  out.versioned = should_version || js::truthy(js::get(fn_obj, "provisionedConcurrency")) ||
                  js::truthy(js::get(fn_obj, "snapStart"));
  resource["Properties"] = std::move(props);
  const Json& final_props = resource["Properties"];
  if (final_props.contains("Layers") && final_props["Layers"].is_array())
    for (const auto& l : final_props["Layers"])
      if (js::truthy(js::get(l, "Ref")) && resources.contains(l["Ref"].is_string() ? l["Ref"].get<std::string>() : ""))
        ++out.layer_refs;
  resources[out.logical_id] = std::move(resource);
  return out;
}

void add_logging_config(PackageContext& ctx, const Json& fn_obj, const std::string& logical_id) {
  const Json* logs = js::get_truthy(fn_obj, "logs");
  if (!logs)
    if (const Json* pl = js::get_truthy(ctx.provider(), "logs")) logs = js::get_truthy(*pl, "lambda");
  if (!logs) return;
  Json cfg = Json::object();
  for (auto [from, to] : {std::pair{"applicationLogLevel", "ApplicationLogLevel"},
                          std::pair{"logFormat", "LogFormat"}, std::pair{"logGroup", "LogGroup"},
                          std::pair{"systemLogLevel", "SystemLogLevel"}})
    if (const Json* v = js::get_truthy(*logs, from)) cfg[to] = *v;
  if (!cfg.empty()) ctx.resources()[logical_id]["Properties"]["LoggingConfig"] = cfg;
}

void compile_version(PackageContext& ctx, const Compiled& c, const Json& fn_obj) {
  const Json& provider = ctx.provider();
  Json& resources = ctx.resources();
  const Json& props = resources[c.logical_id]["Properties"];

  const bool is_image = !c.image_sha.empty();
  // Packaging already hashed the zip (a service zip is shared by every function).
  std::string code_hash = is_image                            ? c.image_sha
                          : !c.artifact.sha256_base64.empty() ? c.artifact.sha256_base64
                                                              : sha256_base64_of_file(c.artifact.path);

  Json layer_configs = Json::array();
  std::vector<LayerHashInput> layer_hashes;
  if (const Json* layers = js::get(props, "Layers"); layers && layers->is_array()) {
    for (const auto& layer : *layers) {
      const Json* ref = js::get(layer, "Ref");
      if (!ref || !js::truthy(*ref) || !ref->is_string()) continue;
      auto res = resources.find(ref->get<std::string>());
      if (res == resources.end()) continue;
      auto name = layer_for_logical_id(ctx, ref->get<std::string>());
      if (!name) continue;
      Json layer_props = res->contains("Properties") ? (*res)["Properties"] : Json();
      if (layer_props.is_object() && layer_props.contains("Content")) layer_props["Content"].erase("S3Key");
      layer_configs.push_back({{"name", *name}, {"ref", *ref}, {"properties", layer_props}});
      auto [sort_key, path] = layer_artifact(ctx, *name);
      layer_hashes.push_back({sort_key, sha256_base64_of_file(path)});
    }
  }
  // The properties without Code (an image's Code is its digest URI),
  // ReservedConcurrentExecutions and Tags, plus layerConfigurations.
  Json hashed = Json::object();
  for (auto it = props.begin(); it != props.end(); ++it) {
    const std::string& key = it.key();
    if ((!is_image && key == "Code") || key == "ReservedConcurrentExecutions" || key == "Tags") continue;
    hashed[key] = it.value();
  }
  hashed["layerConfigurations"] = std::move(layer_configs);
  std::string digest = version_digest(is_image ? "" : code_hash, std::move(layer_hashes), hashed);

  Json version_props = Json::object();
  version_props["FunctionName"] = cfn::ref(c.logical_id);
  version_props["CodeSha256"] = std::move(code_hash);
  Json version = Json::object();
  version["Type"] = "AWS::Lambda::Version";
  version["DeletionPolicy"] = "Retain";
  version["Properties"] = std::move(version_props);
  const Json* condition = js::get_truthy(fn_obj, "condition");
  if (condition) version["Condition"] = *condition;
  if (const Json* d = js::get_truthy(fn_obj, "description")) version["Properties"]["Description"] = *d;

  std::string version_id = naming::lambda_version_logical_id(c.fn, digest);
  ctx.version_logical_ids[c.fn] = version_id;

  const Json* version_fn = js::get_non_null(fn_obj, "versionFunction");
  const Json* version_all = js::get_non_null(provider, "versionFunctions");
  const Json* durable = js::get_truthy(fn_obj, "durableConfig");
  bool should_version = durable || (version_fn ? js::truthy(*version_fn)
                                               : (version_all ? js::truthy(*version_all) : true));
  const Json* provisioned = js::get_truthy(fn_obj, "provisionedConcurrency");
  bool snap_start = js::truthy(js::get(fn_obj, "snapStart"));
  if (!durable && (provisioned || snap_start) && !should_version) version.erase("DeletionPolicy");
  resources[version_id] = std::move(version);

  Json output = Json::object();
  output["Description"] = "Current Lambda function version";
  output["Value"] = cfn::ref(version_id);
  if (condition) output["Condition"] = *condition;
  ctx.outputs()[naming::lambda_version_output_logical_id(c.fn)] = std::move(output);

  if (provisioned && snap_start)
    throw UserError("Functions with enabled SnapStart does not support provisioned concurrency. Please "
                    "remove at least one of the settings on function \"" + c.fn + "\".",
                    "FUNCTION_BOTH_PROVISIONED_CONCURRENCY_AND_SNAPSTART_ENABLED_ERROR");
  if (!durable && !provisioned && !snap_start) return;

  std::string norm = naming::normalized_function_name(c.fn);
  std::string alias_id = durable ? norm + "DurableLambdaAlias"
                                 : provisioned ? norm + "ProvConcLambdaAlias" : norm + "SnapStartLambdaAlias";
  std::string alias_name = durable ? "durable" : provisioned ? "provisioned" : "snapstart";
  Json alias = {{"Type", "AWS::Lambda::Alias"},
                {"Properties",
                 {{"FunctionName", {{"Ref", c.logical_id}}},
                  {"FunctionVersion", {{"Fn::GetAtt", Json::array({version_id, "Version"})}}},
                  {"Name", alias_name}}},
                {"DependsOn", c.logical_id}};
  if (provisioned)
    alias["Properties"]["ProvisionedConcurrencyConfig"] = {{"ProvisionedConcurrentExecutions", *provisioned}};
  if (condition) alias["Condition"] = *condition;
  resources[alias_id] = std::move(alias);
}

Json uniq(const Json& list) {
  if (!list.is_array()) return list;
  Json out = Json::array();
  for (const auto& v : list)
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  return out;
}

void with_condition(Json& resource, const Json& fn_obj) {
  if (const Json* c = js::get_truthy(fn_obj, "condition")) resource["Condition"] = *c;
}

// functions.<fn>.url: AWS::Lambda::Url, its output and (auth NONE) public permissions.
void compile_function_url(PackageContext& ctx, const std::string& fn, const Json& fn_obj) {
  const Json* url = js::get_truthy(fn_obj, "url");
  if (!url) return;
  static const Json kEmpty = Json::object();
  const Json& u = url->is_object() ? *url : kEmpty;
  std::string auth = js::get(u, "authorizer") && u["authorizer"] == "aws_iam" ? "AWS_IAM" : "NONE";
  auto alias = target_alias(fn, fn_obj);
  std::string norm = naming::normalized_function_name(fn);
  std::string url_id = norm + "LambdaFunctionUrl";

  Json resource = {{"Type", "AWS::Lambda::Url"},
                   {"Properties", {{"AuthType", auth}, {"TargetFunctionArn", lambda_target(fn, fn_obj)}}}};
  if (alias) resource["DependsOn"] = alias->logical_id;
  with_condition(resource, fn_obj);
  Json props = resource["Properties"];
  if (const Json* cors = js::get_truthy(u, "cors")) {
    const Json& c = cors->is_object() ? *cors : kEmpty;
    Json origins = Json::array({"*"});
    Json headers = Json::array({"Content-Type", "X-Amz-Date", "Authorization", "X-Api-Key",
                                "X-Amz-Security-Token", "X-Amzn-Trace-Id"});
    Json methods = Json::array({"*"});
    auto pick = [&](const char* key, Json& value) {
      const Json* v = js::get(c, key);
      if (js::truthy(v)) value = uniq(*v);
      else if (v && v->is_null()) value = nullptr;  // explicitly removed
    };
    pick("allowedOrigins", origins);
    pick("allowedHeaders", headers);
    pick("allowedMethods", methods);
    Json out = Json::object();
    if (js::truthy(js::get(c, "allowCredentials"))) out["AllowCredentials"] = true;
    if (!headers.is_null()) out["AllowHeaders"] = headers;
    if (!methods.is_null()) out["AllowMethods"] = methods;
    if (!origins.is_null()) out["AllowOrigins"] = origins;
    if (const Json* e = js::get_truthy(c, "exposedResponseHeaders")) out["ExposeHeaders"] = uniq(*e);
    if (const Json* m = js::get(c, "maxAge")) out["MaxAge"] = *m;
    props["Cors"] = out;
  }
  if (const Json* mode = js::get(u, "invokeMode"); mode && *mode == "RESPONSE_STREAM") props["InvokeMode"] = *mode;
  resource["Properties"] = std::move(props);
  ctx.resources()[url_id] = std::move(resource);

  Json output = {{"Description", "Lambda Function URL"},
                 {"Value", {{"Fn::GetAtt", Json::array({url_id, "FunctionUrl"})}}}};
  with_condition(output, fn_obj);
  ctx.outputs()[norm + "LambdaFunctionUrl"] = std::move(output);

  if (auth != "NONE") return;
  auto permission = [&](Json properties) {
    Json p = {{"Type", "AWS::Lambda::Permission"}, {"Properties", std::move(properties)}};
    if (alias) p["DependsOn"] = alias->logical_id;
    with_condition(p, fn_obj);
    return p;
  };
  ctx.resources()[norm + "LambdaPermissionFnUrl"] = permission({{"FunctionName", lambda_target(fn, fn_obj)},
                                                                {"Action", "lambda:InvokeFunctionUrl"},
                                                                {"Principal", "*"},
                                                                {"FunctionUrlAuthType", auth}});
  ctx.resources()[norm + "LambdaPermissionFn"] = permission({{"FunctionName", lambda_target(fn, fn_obj)},
                                                             {"Action", "lambda:InvokeFunction"},
                                                             {"Principal", "*"},
                                                             {"InvokedViaFunctionUrl", true}});
}

bool is_arn(const Json& v) { return v.is_string() && v.get_ref<const std::string&>().rfind("arn:", 0) == 0; }

// A destination naming a function of this service: that function's config.
const Json* destination_function(const PackageContext& ctx, const Json& destination) {
  if (!destination.is_string() || is_arn(destination)) return nullptr;
  return js::get(ctx.functions(), destination.get<std::string>());
}

Json destination_arn(const PackageContext& ctx, const Json& destination) {
  if (destination.is_object()) return destination.contains("arn") ? destination["arn"] : Json();
  if (is_arn(destination)) return destination;
  const std::string name = destination.get<std::string>();
  const Json* target = destination_function(ctx, destination);
  if (!target)
    throw UserError("Unrecognized function address " + name + ": `destinations` must name a function of this "
                    "service or an ARN.", "UNRECOGNIZED_FUNCTION_ADDRESS");
  return lambda_target(name, *target);
}

// Lets the shared role reach a destination (once per destination string).
void allow_destination(PackageContext& ctx, const Json& destination, std::set<std::string>& seen) {
  if (destination.is_string()) {
    if (!seen.insert(destination.get<std::string>()).second) return;
  }
  std::string action;
  if (destination.is_object()) {
    const Json* type = js::get(destination, "type");
    if (type && *type == "function") action = "lambda:InvokeFunction";
    else if (type && *type == "sqs") action = "sqs:SendMessage";
    else if (type && *type == "sns") action = "sns:Publish";
    else if (type && *type == "eventBus") action = "events:PutEvents";
  } else if (destination.is_string()) {
    const std::string& d = destination.get_ref<const std::string&>();
    if (!is_arn(destination) || d.find(":function:") != std::string::npos) action = "lambda:InvokeFunction";
    else if (d.find(":sqs:") != std::string::npos) action = "sqs:SendMessage";
    else if (d.find(":sns:") != std::string::npos) action = "sns:Publish";
    else if (d.find(":event-bus/") != std::string::npos) action = "events:PutEvents";
  }
  if (action.empty())
    throw UserError("Unsupported destination target " + (destination.is_string() ? destination.get<std::string>()
                                                                                   : std::string("[object Object]")),
                    "UNSUPPORTED_DESTINATION_TARGET");
  Json resource;
  if (destination.is_object()) {
    resource = destination.contains("arn") ? destination["arn"] : Json();
  } else if (is_arn(destination)) {
    resource = destination;
  } else {
    const std::string name = destination.get<std::string>();
    const Json* target = destination_function(ctx, destination);
    if (!target) throw UserError("Function \"" + name + "\" (a destination) is not defined in `functions`.");
    auto alias = target_alias(name, *target);
    resource = {{"Fn::Sub", "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:" +
                                function_name(ctx, name, *target).get<std::string>() +
                                (alias ? ":" + alias->name : "")}};
  }
  auto role = ctx.resources().find(naming::kRoleLogicalId);
  if (role == ctx.resources().end()) return;
  (*role)["Properties"]["Policies"][0]["PolicyDocument"]["Statement"].push_back(
      {{"Effect", "Allow"}, {"Action", action}, {"Resource", resource}});
}

// destinations / maximumEventAge / maximumRetryAttempts: AWS::Lambda::EventInvokeConfig.
void compile_event_invoke_config(PackageContext& ctx, const std::string& fn, const Json& fn_obj,
                                 std::set<std::string>& seen) {
  const Json* destinations = js::get_truthy(fn_obj, "destinations");
  const Json* max_age = js::get_truthy(fn_obj, "maximumEventAge");
  const Json* retries = js::get_non_null(fn_obj, "maximumRetryAttempts");
  if (!destinations && !max_age && !retries) return;

  Json config = Json::object();
  Json depends = Json::array();
  auto alias = target_alias(fn, fn_obj);
  if (alias) depends.push_back(alias->logical_id);
  if (destinations) {
    bool external_role = js::truthy(custom_execution_role(ctx.provider(), fn_obj));
    for (auto [key, cf_key] : {std::pair{"onSuccess", "OnSuccess"}, std::pair{"onFailure", "OnFailure"}}) {
      const Json* d = js::get_truthy(*destinations, key);
      if (!d) continue;
      if (const Json* target = destination_function(ctx, *d)) {
        const Json* tc = js::get_truthy(*target, "condition");
        const Json* fc = js::get_truthy(fn_obj, "condition");
        if (tc && !(fc && *fc == *tc))
          throw UserError("Function \"" + fn + "\" routes async destinations to conditional function \"" +
                              d->get<std::string>() + "\". Apply condition \"" +
                              (tc->is_string() ? tc->get<std::string>() : tc->dump()) + "\" to \"" + fn +
                              "\" or remove the destination.",
                          "EVENT_INVOKE_CONFIG_CONDITIONAL_DESTINATION");
      }
      config[cf_key] = {{"Destination", destination_arn(ctx, *d)}};
      if (!external_role) allow_destination(ctx, *d, seen);
    }
    for (const char* key : {"onSuccess", "onFailure"})
      if (const Json* d = js::get_truthy(*destinations, key))
        if (const Json* target = destination_function(ctx, *d))
          if (auto ta = target_alias(d->get<std::string>(), *target)) depends.push_back(ta->logical_id);
  }
  Json resource = {{"Type", "AWS::Lambda::EventInvokeConfig"},
                   {"Properties",
                    {{"FunctionName", {{"Ref", naming::lambda_logical_id(fn)}}},
                     {"DestinationConfig", config},
                     {"Qualifier", alias ? alias->name : "$LATEST"}}}};
  depends = uniq(depends);
  if (depends.size() == 1) resource["DependsOn"] = depends[0];
  else if (depends.size() > 1) resource["DependsOn"] = depends;
  with_condition(resource, fn_obj);
  if (max_age) resource["Properties"]["MaximumEventAgeInSeconds"] = *max_age;
  if (retries) resource["Properties"]["MaximumRetryAttempts"] = *retries;
  ctx.resources()[naming::normalized_function_name(fn) + "LambdaEvConf"] = std::move(resource);
}

// What osls does after the version: logging config, URL, event invoke config.
void finish_function(PackageContext& ctx, const std::string& fn, const Json& fn_obj, const std::string& logical_id,
                     std::set<std::string>& seen) {
  add_logging_config(ctx, fn_obj, logical_id);
  compile_function_url(ctx, fn, fn_obj);
  compile_event_invoke_config(ctx, fn, fn_obj, seen);
}

}  // namespace

void compile_functions(PackageContext& ctx) {
  std::set<std::string> seen_destinations;
  const Json& functions = ctx.functions();
  if (!ctx.template_.contains("Resources")) ctx.template_["Resources"] = Json::object();
  if (!ctx.template_.contains("Outputs")) ctx.template_["Outputs"] = Json::object();
  // osls compiles functions concurrently; what lands first is decided by
  // where each one first awaits: zip functions stop before their version
  // (file hashing), image functions stop at once (digest resolution, a
  // microtask) and then run to the end, file reads finish last.
  std::vector<std::string> images;
  std::vector<Compiled> versioned;
  for (auto it = functions.begin(); it != functions.end(); ++it) {
    if (it.value().is_null()) continue;
    if (js::truthy(js::get(it.value(), "image")) && !js::truthy(js::get(it.value(), "handler"))) {
      images.push_back(it.key());
      continue;
    }
    Compiled c = compile_function_resource(ctx, it.key(), it.value());
    if (c.versioned) versioned.push_back(std::move(c));
    else finish_function(ctx, it.key(), it.value(), c.logical_id, seen_destinations);
  }
  for (const auto& fn : images) {
    const Json& fn_obj = functions[fn];
    Compiled c = compile_function_resource(ctx, fn, fn_obj);
    if (c.versioned) compile_version(ctx, c, fn_obj);
    finish_function(ctx, fn, fn_obj, c.logical_id, seen_destinations);
  }
  // Each zip version awaits two hashes of the code plus one per referenced
  // layer; osls's concurrent hashing finishes (and adds resources) in that order.
  auto by_layer_refs = [](const Compiled& a, const Compiled& b) { return a.layer_refs < b.layer_refs; };
  if (!std::is_sorted(versioned.begin(), versioned.end(), by_layer_refs))  // usually all equal
    std::stable_sort(versioned.begin(), versioned.end(), by_layer_refs);
  for (const auto& c : versioned) {
    const Json& fn_obj = functions[c.fn];
    compile_version(ctx, c, fn_obj);
    finish_function(ctx, c.fn, fn_obj, c.logical_id, seen_destinations);
  }
}

}  // namespace sls::compile
