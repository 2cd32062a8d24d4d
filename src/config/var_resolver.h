// The resolution engine: resolves the variables of the properties listed in a
// PropertyMetaMap against a configuration, in dependency order, with osls's
// fallback, nesting, cycle and error rules. One `run` is one osls resolution
// pass; the driver (variables.cc) runs several with growing sets of sources.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "config/var_budget.h"
#include "config/var_meta.h"
#include "config/var_sources.h"
#include "util/json.h"

namespace sls::config::vars {

// Property paths are their keys joined with '\0' (array indexes as decimal).
std::string join_path(const std::vector<std::string>& keys);
std::vector<std::string> split_path(const std::string& path);
// "provider.environment.X"
std::string humanize_path(const std::vector<std::string>& keys);

// Property path -> variables meta, in insertion order (like a JS Map).
class PropertyMetaMap {
 public:
  bool has(const std::string& path) const { return entries_.count(path) != 0; }
  ValueMetaPtr get(const std::string& path) const;
  void set(const std::string& path, ValueMetaPtr meta);  // keeps the position of an existing key
  void erase(const std::string& path);
  std::vector<std::string> keys() const;
  std::size_t size() const { return entries_.size(); }

 private:
  std::unordered_map<std::string, std::pair<std::uint64_t, ValueMetaPtr>> entries_;
  std::map<std::uint64_t, std::string> order_;
  std::uint64_t next_ = 0;
};

// Adds the meta of every string with variables under `value` (whose own path
// is `parent`) to `out`. Syntax errors are recorded as entries with an error.
void collect_property_meta(const Json& value, const std::vector<std::string>& parent,
                           PropertyMetaMap& out);

// What one pass may use.
struct PassConfig {
  std::set<std::string> sources;    // registered source names
  std::set<std::string> fulfilled;  // sources whose "no value" is final
  std::optional<std::vector<std::string>> paths_to_resolve;  // null: every property
  std::function<bool(const std::string&)> is_deferred;      // not scheduled in this pass
};

class Resolver {
 public:
  Resolver(Json& configuration, PropertyMetaMap& meta, SourceEnv& env)
      : config_(configuration), meta_(meta), env_(env) {}

  void run(const PassConfig& pass);

 private:
  struct SourceMemo {
    SourceResult result;
    VarErrorPtr error;
  };

  void resolve_property(int batch, const std::string& path, bool memoized = true);
  void resolve_variables(int batch, const std::string& path, ValueMeta& meta);
  void resolve_variable(int batch, const std::string& path, Variable& variable);
  SourceResult resolve_variable_source(int batch, const std::string& path, const VarSource& source);
  SourceResult resolve_source_memoized(int batch, const std::string& path, const VarSource& source);
  void resolve_internal_result(int batch, const std::string& path, ValueMeta& meta, int nest = 10);
  Json resolve_dependent_property(int batch, const std::string& dependent,
                                  const std::vector<std::string>& keys);
  Json resolve_in_string(int batch, const std::string& path, const std::string& text);
  void register_dependency(const std::string& dependent, const std::string& dependency);
  void validate_dependency(const std::string& dependent, const std::string& dependency,
                           std::set<std::string>& visited);
  std::optional<VariableList> parse_resolved(const ValueMeta& meta, const std::string& path,
                                             VarErrorPtr* error);
  // Charges `bytes` resolved at `path` to the budget; when over it, records the
  // error on `meta` (naming the property, its variables and their chain) and returns false.
  bool within_budget(const std::string& path, ValueMeta& meta, std::size_t bytes);
  // "custom.s2 -> custom.s1 -> custom.s0": the property `path`'s variables read first, and so on.
  std::string dependency_chain(const std::string& path) const;

  Json& config_;
  PropertyMetaMap& meta_;
  SourceEnv& env_;
  const PassConfig* pass_ = nullptr;
  int last_batch_ = 0;
  std::set<std::pair<int, std::string>> started_;
  std::map<std::string, SourceMemo> source_memo_;
  std::map<std::string, std::set<std::string>> dependencies_;
  std::map<std::string, int> nest_depth_;
  ResolutionBudget budget_;
  std::map<std::string, std::string> first_read_;  // property -> the first property its variables read
};

}  // namespace sls::config::vars
