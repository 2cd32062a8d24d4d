#include "aws/deploy/check_for_changes.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <fstream>
#include <regex>
#include <sstream>

#include "aws/api/hash.h"
#include "aws/api/lambda.h"
#include "aws/api/s3.h"
#include "util/error.h"
#include "util/js_order.h"

namespace sls::aws::deploy {

namespace {

// Approximates String.prototype.localeCompare for ASCII keys: case-insensitive
// first, lower case before upper case on a tie.
bool locale_less(const std::string& a, const std::string& b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    int ca = std::tolower(static_cast<unsigned char>(a[i])), cb = std::tolower(static_cast<unsigned char>(b[i]));
    if (ca != cb) return ca < cb;
  }
  if (a.size() != b.size()) return a.size() < b.size();
  for (size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return std::islower(static_cast<unsigned char>(a[i])) != 0;
  }
  return false;
}

bool starts_with(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

}  // namespace

std::optional<DeploymentKey> parse_deployment_key(const std::string& key, const std::string& prefix,
                                                  const std::string& service, const std::string& stage) {
  std::string base = prefix + "/" + service + "/" + stage + "/";
  if (key.empty() || !starts_with(key, base)) return std::nullopt;
  std::string rest = key.substr(base.size());
  size_t slash = rest.find('/');
  if (slash == std::string::npos || slash == 0) return std::nullopt;
  DeploymentKey out{rest.substr(0, slash), rest.substr(slash + 1)};
  static const std::regex token(R"(^\d+-\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})");
  if (out.file.empty() || !std::regex_search(out.directory, token)) return std::nullopt;
  return out;
}

long long directory_timestamp(const std::string& directory) {
  size_t dash = directory.find('-');
  try {
    return std::stoll(directory.substr(0, dash));
  } catch (...) {
    return 0;
  }
}

Json deep_sort(const Json& value) {
  if (value.is_array()) {
    Json out = Json::array();
    for (const auto& v : value) out.push_back(deep_sort(v));
    return out;
  }
  if (!value.is_object()) return value;
  std::vector<std::string> keys;
  for (const auto& [k, v] : value.items()) keys.push_back(k);
  std::stable_sort(keys.begin(), keys.end(), locale_less);
  std::vector<std::string> ordered;
  std::vector<std::string> indexes;
  for (const auto& k : keys) (js::is_array_index(k) ? indexes : ordered).push_back(k);
  std::sort(indexes.begin(), indexes.end(), [](const std::string& a, const std::string& b) {
    return std::stoull(a) < std::stoull(b);
  });
  Json out = Json::object();
  for (const auto& k : indexes) out[k] = deep_sort(value[k]);
  for (const auto& k : ordered) out[k] = deep_sort(value[k]);
  return out;
}

Json normalize_template(const Json& compiled_template) {
  Json t = compiled_template;
  if (t.contains("Resources") && t["Resources"].is_object()) {
    Json resources = Json::object();
    for (auto& [key, value] : t["Resources"].items()) {
      Json v = value;
      std::string name = key;
      if (starts_with(key, "ApiGatewayDeployment")) name = "ApiGatewayDeployment";
      if (starts_with(key, "WebsocketsDeployment") && key != "WebsocketsDeploymentStage") name = "WebsocketsDeployment";
      if (key == "WebsocketsDeploymentStage" && v.contains("Properties") && v["Properties"].contains("DeploymentId"))
        v["Properties"]["DeploymentId"]["Ref"] = "WebsocketsDeployment";
      std::string type = v.value("Type", "");
      if (type == "AWS::Lambda::Function" && v.contains("Properties") && v["Properties"].contains("Code"))
        v["Properties"]["Code"]["S3Key"] = "";
      if (type == "AWS::Lambda::LayerVersion" && v.contains("Properties") && v["Properties"].contains("Content"))
        v["Properties"]["Content"]["S3Key"] = "";
      if (resources.contains(name)) resources.erase(name);
      resources[name] = v;
    }
    t["Resources"] = deep_sort(resources);
  }
  if (t.contains("Outputs") && !t["Outputs"].is_null()) t["Outputs"] = deep_sort(t["Outputs"]);
  return t;
}

Json normalize_state(const Json& state) {
  Json s = deep_sort(state);
  if (s.contains("service") && s["service"].is_object()) {
    s["service"].erase("initialServerlessConfig");
    if (s["service"].contains("provider") && s["service"]["provider"].is_object()) {
      s["service"]["provider"].erase("coreCloudFormationTemplate");
      s["service"]["provider"].erase("compiledCloudFormationTemplate");
    }
  }
  if (s.contains("package") && s["package"].is_object()) s["package"].erase("artifactDirectoryName");
  return s;
}

std::string json_hash(const Json& value) {
  return api::base64_encode(api::sha256_raw(value.dump(-1, ' ', false, Json::error_handler_t::replace)));
}

std::string file_hash(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw UserError("Cannot read file artifact \"" + file.string() + "\".", "INACCESSIBLE_FILE_ARTIFACT");
  std::stringstream ss;
  ss << in.rdbuf();
  return api::base64_encode(api::sha256_raw(ss.str()));
}

std::optional<TimePoint> parse_time(const std::string& text) {
  std::tm tm{};
  int ms = 0;
  if (text.size() < 19) return std::nullopt;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec) != 6)
    return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      if (digits < 3) ms = ms * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    while (digits < 3) ms *= 10, ++digits;
  }
  long offset = 0;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int sign = text[pos] == '-' ? -1 : 1;
    std::string rest;
    for (size_t i = pos + 1; i < text.size(); ++i)
      if (std::isdigit(static_cast<unsigned char>(text[i]))) rest += text[i];
    if (rest.size() >= 4) offset = sign * (std::stol(rest.substr(0, 2)) * 3600 + std::stol(rest.substr(2, 2)) * 60);
  }
  time_t t = timegm(&tm) - offset;
  return std::chrono::system_clock::from_time_t(t) + std::chrono::milliseconds(ms);
}

LocalArtifacts local_hashes(const Package& package) {
  LocalArtifacts out;
  out.hashes.push_back(json_hash(normalize_template(package.compiled_template)));
  out.hashes.push_back(json_hash(normalize_state(package.state)));
  std::vector<std::filesystem::path> zips;
  for (const auto& entry : std::filesystem::directory_iterator(package.dir)) {
    std::string name = entry.path().filename().string();
    static const std::regex otel(R"(^sls-otel\.\d+\.\d+\.\d+\.zip$)");
    if (entry.is_regular_file() && entry.path().extension() == ".zip" && !std::regex_match(name, otel))
      zips.push_back(std::filesystem::absolute(entry.path()));
  }
  std::sort(zips.begin(), zips.end());
  for (const auto& z : zips) out.hashes.push_back(file_hash(z));
  return out;
}

bool deployment_needed(const std::vector<RemoteObject>& latest, const LocalArtifacts& local,
                       std::optional<TimePoint> functions_earliest_modified, const Reporter& reporter) {
  if (latest.empty()) {
    reporter.say_debug("no objects to compare - deploy");
    return true;
  }
  TimePoint earliest = functions_earliest_modified.value_or(TimePoint{});
  for (const auto& o : latest) {
    if (o.last_modified && *o.last_modified > earliest) {
      reporter.say_debug("function modification dates changed after last deploy - deploy");
      return true;
    }
  }
  std::vector<std::string> remote;
  for (const auto& o : latest) remote.push_back(o.filesha256);
  std::vector<std::string> mine = local.hashes;
  std::sort(remote.begin(), remote.end());
  std::sort(mine.begin(), mine.end());
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& h : v) s += (s.empty() ? "" : ", ") + h;
    return s;
  };
  reporter.say_debug("artifacts on S3 [" + join(remote) + "] and locally [" + join(mine) + "]");
  if (remote == mine) {
    reporter.say_debug("no changes detected - do not deploy");
    return false;
  }
  reporter.say_debug("different artifacts resolved - deploy");
  return true;
}

bool check_for_changes(const api::AwsContext& ctx, const Target& target, const Package& package,
                       const std::string& bucket, const Reporter& reporter) {
  const std::string prefix = deployment_prefix(target.provider);
  std::vector<api::s3::ObjectSummary> objects;
  try {
    objects = api::s3::list_objects_v2(ctx, bucket, prefix + "/" + target.service + "/" + target.stage + "/");
  } catch (const UserError& e) {
    if (e.code != "NoSuchBucket") throw;
    throw UserError("The serverless deployment bucket \"" + bucket + "\" does not exist. Create it manually if you "
                    "want to reuse the CloudFormation stack \"" + target.stack_name +
                    "\", or delete the stack if it is no longer required.",
                    "DEPLOYMENT_BUCKET_DOES_NOT_EXIST");
  }
  std::string latest_dir;
  long long latest_ts = 0;
  std::vector<api::s3::ObjectSummary> latest;
  for (const auto& o : objects) {
    auto entry = parse_deployment_key(o.key, prefix, target.service, target.stage);
    if (!entry) continue;
    long long ts = directory_timestamp(entry->directory);
    if (latest_dir.empty() || ts > latest_ts || (ts == latest_ts && entry->directory > latest_dir)) {
      latest_dir = entry->directory;
      latest_ts = ts;
      latest = {o};
    } else if (entry->directory == latest_dir) {
      latest.push_back(o);
    }
  }
  std::vector<RemoteObject> remote;
  for (const auto& o : latest) {
    auto head = api::s3::head_object(ctx, bucket, o.key);
    RemoteObject r{o.key, "", parse_time(o.last_modified)};
    if (head) {
      auto it = head->metadata.find("filesha256");
      if (it != head->metadata.end()) r.filesha256 = it->second;
    }
    remote.push_back(r);
  }
  // The functions' earliest LastModified; a missing function forces a deployment.
  std::optional<TimePoint> earliest;
  bool denied = false;
  const Json& functions = package.state["service"].value("functions", Json::object());
  for (const auto& [name, fn] : functions.items()) {
    if (!fn.is_object() || !fn.contains("name")) continue;
    TimePoint t{};
    try {
      Json reply = api::lambda::get_function(ctx, fn["name"].get<std::string>());
      auto parsed = parse_time(reply["Configuration"].value("LastModified", ""));
      if (parsed) t = *parsed;
    } catch (const UserError& e) {
      if (e.code == "AccessDeniedException") denied = true;
    }
    if (!earliest || t < *earliest) earliest = t;
  }
  if (denied)
    reporter.say_warning("Not authorized to perform: lambda:GetFunction for at least one of the lambda functions. "
                         "Deployment will not be skipped even if service files did not change.");
  return deployment_needed(remote, local_hashes(package), earliest, reporter);
}

}  // namespace sls::aws::deploy
