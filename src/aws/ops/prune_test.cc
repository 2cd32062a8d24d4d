// Which versions prune deletes (osls 4.3.1's prune.js and serverless-prune-plugin
// select alike), the settings as both read them, and the Lambda request sequence
// against a scripted loopback fake (tests/e2e/prune_e2e.py runs it on moto).
#include "aws/ops/prune.h"

#include <gtest/gtest.h>

#include <mutex>

#include "aws/api/test_server.h"
#include "util/error.h"

namespace sls::aws::ops {
namespace {

using api::lambda::AliasInfo;
using Strings = std::vector<std::string>;

}  // namespace

TEST(PruneSelection, KeepsTheNewestAndNeverLatest) {
  EXPECT_EQ(function_versions_to_prune({"$LATEST", "1", "2", "3", "4", "5"}, {}, 2), (Strings{"3", "2", "1"}));
  EXPECT_EQ(function_versions_to_prune({"$LATEST", "1", "2"}, {}, 5), Strings{});
  EXPECT_EQ(function_versions_to_prune({"$LATEST"}, {}, 0), Strings{});
}

TEST(PruneSelection, SortsByNumberNotText) {
  EXPECT_EQ(function_versions_to_prune({"10", "9", "11", "2", "1"}, {}, 3), (Strings{"2", "1"}));
  EXPECT_EQ(layer_versions_to_prune({3, 12, 1, 7}, 2), (std::vector<long long>{3, 1}));
}

TEST(PruneSelection, AliasedVersionsStayAndDoNotCount) {
  std::vector<AliasInfo> aliases = {{"live", "2", {}}, {"canary", "4", {"1"}}};
  // 2 and 4 (alias targets) and 1 (a weighted version of canary) stay whatever `keep` says;
  // of the rest (6, 5, 3) the newest two stay.
  EXPECT_EQ(function_versions_to_prune({"$LATEST", "1", "2", "3", "4", "5", "6"}, aliases, 2), Strings{"3"});
  EXPECT_EQ(function_versions_to_prune({"$LATEST", "1", "2", "3", "4", "5", "6"}, aliases, 0),
            (Strings{"6", "5", "3"}));
}

TEST(PruneSettings, BuiltIn) {
  EXPECT_EQ(builtin_prune_number(Json::parse(R"({})")), std::nullopt);
  EXPECT_EQ(builtin_prune_number(Json::parse(R"({"pruneFunctionVersions": false})")), std::nullopt);
  EXPECT_EQ(builtin_prune_number(Json::parse(R"({"pruneFunctionVersions": true})")), 10);
  EXPECT_EQ(builtin_prune_number(Json::parse(R"({"pruneFunctionVersions": {"number": 3}})")), 3);
  EXPECT_THROW(builtin_prune_number(Json::parse(R"({"pruneFunctionVersions": {"number": 0}})")), UserError);
  EXPECT_THROW(builtin_prune_number(Json::parse(R"({"pruneFunctionVersions": "yes"})")), UserError);
}

TEST(PruneSettings, BuiltInNeedsVersions) {
  auto config = [](const char* provider, const char* functions) {
    return Json::parse(std::string(R"({"provider":)") + provider + R"(,"functions":)" + functions + "}");
  };
  EXPECT_NO_THROW(check_builtin_prune(config(R"({"pruneFunctionVersions":true})", R"({"a":{}})")));
  EXPECT_THROW(check_builtin_prune(config(R"({"pruneFunctionVersions":true,"versionFunctions":false})", R"({"a":{}})")),
               UserError);
  // Only durable functions (always versioned, never pruned) force versions: allowed.
  EXPECT_NO_THROW(check_builtin_prune(config(R"({"pruneFunctionVersions":true,"versionFunctions":false})",
                                             R"({"a":{"durableConfig":{"executionTimeout":60}}})")));
  EXPECT_THROW(check_builtin_prune(config(R"({"pruneFunctionVersions":true,"versionFunctions":false})",
                                          R"({"a":{"durableConfig":{"executionTimeout":60}},"b":{"versionFunction":true}})")),
               UserError);
}

TEST(PruneSettings, PluginReadsCustomPruneAsThePluginDoes) {
  PluginPruneSettings s = plugin_prune_settings(
      Json::parse(R"({"custom":{"prune":{"automatic":true,"number":"3","includeLayers":true}}})"));
  EXPECT_TRUE(s.automatic);
  EXPECT_EQ(s.number, 3);
  EXPECT_TRUE(s.include_layers);
  s = plugin_prune_settings(Json::parse(R"({"custom":{"prune":{"automatic":"true","number":"x"}}})"));
  EXPECT_FALSE(s.automatic);  // only booleans count
  EXPECT_EQ(s.number, std::nullopt);
  EXPECT_EQ(plugin_prune_settings(Json::parse(R"({"custom":{"prune":{"number":4.9}}})")).number, 4);
}

TEST(PruneTargets, NamesAndVersionedFunctions) {
  Json config = Json::parse(R"({
    "provider": {"versionFunctions": true},
    "functions": {"a": {}, "b": {"name": "custom-b"}, "c": {"versionFunction": false},
                  "d": {"durableConfig": {"executionTimeout": 60}}},
    "layers": {"deps": {"path": "deps"}, "named": {"path": "x", "name": "shared-libs"}}})");
  PruneTargets all = prune_targets(config, "svc", "dev", false);
  EXPECT_EQ(all.functions, (Strings{"svc-dev-a", "custom-b", "svc-dev-c", "svc-dev-d"}));
  EXPECT_EQ(all.layers, (Strings{"deps", "shared-libs"}));
  EXPECT_EQ(prune_targets(config, "svc", "dev", true).functions, (Strings{"svc-dev-a", "custom-b"}));
}

TEST(PruneVersions, ListsFollowsMarkersAndDeletes) {
  api::testing::LocalServer s;
  std::mutex mu;
  Strings calls;
  auto record = [&](const std::string& c) {
    std::lock_guard lock(mu);
    calls.push_back(c);
  };
  s.server.Get("/2015-03-31/functions/svc-dev-a/versions", [&](const httplib::Request& req, httplib::Response& res) {
    record("list versions " + req.get_param_value("Marker"));
    if (req.get_param_value("Marker").empty())
      res.set_content(R"({"Versions":[{"Version":"$LATEST"},{"Version":"1"},{"Version":"2"}],"NextMarker":"m1"})",
                      "application/json");
    else
      res.set_content(R"({"Versions":[{"Version":"3"},{"Version":"4"}]})", "application/json");
  });
  s.server.Get("/2015-03-31/functions/svc-dev-a/aliases", [&](const httplib::Request&, httplib::Response& res) {
    record("list aliases");
    res.set_content(R"({"Aliases":[{"Name":"live","FunctionVersion":"1"}]})", "application/json");
  });
  s.server.Delete("/2015-03-31/functions/svc-dev-a", [&](const httplib::Request& req, httplib::Response& res) {
    record("delete " + req.get_param_value("Qualifier"));
    res.status = 204;
  });
  s.server.Get("/2015-03-31/functions/svc-dev-gone/versions", [&](const httplib::Request&, httplib::Response& res) {
    res.status = 404;
    res.set_content(R"({"Type":"User","Message":"Function not found"})", "application/json");
    res.set_header("X-Amzn-ErrorType", "ResourceNotFoundException");
  });
  s.server.Get("/2018-10-31/layers/deps/versions", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"LayerVersions":[{"Version":3},{"Version":2},{"Version":1}]})", "application/json");
  });
  s.server.Delete(R"(/2018-10-31/layers/deps/versions/(\d+))", [&](const httplib::Request& req, httplib::Response& res) {
    record("delete layer " + req.matches[1].str());
    res.status = 204;
  });
  s.start();
  api::HttpClient http;
  PruneRequest request{{{"svc-dev-gone", "svc-dev-a"}, {"deps"}}, 2};
  Strings info;
  deploy::Reporter reporter;
  reporter.info = [&](const std::string& line) { info.push_back(line); };
  PruneCounts counts = prune_versions(s.context(http), request, reporter);
  EXPECT_EQ(counts.function_versions, 1u);
  EXPECT_EQ(counts.layer_versions, 1u);
  EXPECT_EQ(calls, (Strings{"list versions ", "list versions m1", "list aliases", "delete 2", "delete layer 1"}));
  EXPECT_EQ(info, (Strings{"Deleting function version svc-dev-a:2.", "Deleting layer version deps:1."}));

  calls.clear();
  info.clear();
  request.dry_run = true;
  counts = prune_versions(s.context(http), request, reporter);
  EXPECT_EQ(counts.function_versions, 0u);
  EXPECT_EQ(calls, (Strings{"list versions ", "list versions m1", "list aliases"}));
  EXPECT_EQ(info, (Strings{"svc-dev-a:2 selected for deletion.", "deps:1 selected for deletion."}));
}

TEST(PruneVersions, Summary) {
  EXPECT_EQ(pruned_summary(0, "function"), "");
  EXPECT_EQ(pruned_summary(1, "layer"), "Pruned 1 layer version");
  EXPECT_EQ(pruned_summary(3, "function"), "Pruned 3 function versions");
}

}  // namespace sls::aws::ops
