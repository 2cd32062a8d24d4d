#include "config/var_resolver.h"

#include "config/var_js.h"
#include "config/var_parse.h"

namespace sls::config::vars {
namespace {

constexpr const char* kMissingDependency = "MISSING_VARIABLE_DEPENDENCY";

[[noreturn]] void missing_dependency() { fail("Cannot resolve variable", kMissingDependency); }

std::string at_path(const std::string& path) {
  return "Cannot resolve variable at \"" + humanize_path(split_path(path)) + "\": ";
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

// The child of `node` under `key` as a writable element (object key or array index).
Json* own_child(Json& node, const std::string& key) {
  if (node.is_object()) {
    auto it = node.find(key);
    return it == node.end() ? nullptr : &*it;
  }
  if (node.is_array()) {
    if (key.empty() || key.size() > 15 || key.find_first_not_of("0123456789") != std::string::npos ||
        (key.size() > 1 && key[0] == '0'))
      return nullptr;
    std::size_t index = std::stoull(key);
    return index < node.size() ? &node[index] : nullptr;
  }
  return nullptr;
}

Json* own_path_target(Json& root, const std::vector<std::string>& keys, std::size_t count) {
  Json* node = &root;
  for (std::size_t i = 0; i < count && node; ++i) node = own_child(*node, keys[i]);
  return node;
}

// Variables of a concatenated value, parsed piece by piece so that joining
// pieces cannot form new variables (nor revive escaped ones).
std::optional<VariableList> parse_pieces(const std::vector<std::string>& pieces) {
  std::optional<VariableList> result;
  std::size_t base = 0;
  for (const auto& piece : pieces) {
    if (auto vars = parse_variables(piece)) {
      for (auto& v : *vars) {
        if (v->end) {
          *v->start += base;
          *v->end += base;
        } else {
          v->start = base;
          v->end = base + piece.size();
        }
      }
      if (!result) result.emplace();
      result->insert(result->end(), vars->begin(), vars->end());
    }
    base += piece.size();
  }
  return result;
}

std::string memo_key(int batch, const VarSource& source) {
  std::string key = std::to_string(batch) + '\n' + source.type.value_or("") + '\n';
  if (source.params) {
    for (std::size_t i = 0; i < source.params->size(); ++i) {
      if (i) key += ',';
      key += (*source.params)[i]->value.dump();
    }
  }
  key += '\n';
  if (source.address) {
    Json address = {{"value", source.address->value}};
    if (source.address->source_values) address["sourceValues"] = *source.address->source_values;
    key += address.dump();
  }
  return key;
}

}  // namespace

std::string join_path(const std::vector<std::string>& keys) {
  std::string out;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i) out += '\0';
    out += keys[i];
  }
  return out;
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::size_t from = 0;
  for (;;) {
    auto at = path.find('\0', from);
    out.push_back(path.substr(from, at == std::string::npos ? std::string::npos : at - from));
    if (at == std::string::npos) return out;
    from = at + 1;
  }
}

std::string humanize_path(const std::vector<std::string>& keys) {
  std::string out;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i) out += '.';
    out += keys[i];
  }
  return out;
}

ValueMetaPtr PropertyMetaMap::get(const std::string& path) const {
  auto it = entries_.find(path);
  return it == entries_.end() ? nullptr : it->second.second;
}

void PropertyMetaMap::set(const std::string& path, ValueMetaPtr meta) {
  auto it = entries_.find(path);
  if (it != entries_.end()) {
    it->second.second = std::move(meta);
    return;
  }
  entries_.emplace(path, std::make_pair(next_, std::move(meta)));
  order_.emplace(next_++, path);
}

void PropertyMetaMap::erase(const std::string& path) {
  auto it = entries_.find(path);
  if (it == entries_.end()) return;
  order_.erase(it->second.first);
  entries_.erase(it);
}

std::vector<std::string> PropertyMetaMap::keys() const {
  std::vector<std::string> out;
  out.reserve(order_.size());
  for (const auto& [seq, path] : order_) out.push_back(path);
  return out;
}

void collect_property_meta(const Json& value, const std::vector<std::string>& parent,
                           PropertyMetaMap& out) {
  auto visit = [&](const std::string& key, const Json& child) {
    std::vector<std::string> keys = parent;
    keys.push_back(key);
    if (child.is_object() || child.is_array()) {
      collect_property_meta(child, keys, out);
      return;
    }
    if (!child.is_string()) return;
    const auto& text = child.get_ref<const std::string&>();
    auto meta = std::make_shared<ValueMeta>();
    meta->value = child;
    try {
      meta->variables = parse_variables(text);
      if (!meta->variables) return;
    } catch (const VarFailure& f) {
      meta->variables.reset();
      f.error->message = "Variable syntax error at \"" + humanize_path(keys) + "\": " + f.error->message;
      meta->error = f.error;
    }
    out.set(join_path(keys), meta);
  };
  if (value.is_object()) {
    for (const auto& [key, child] : value.items()) visit(key, child);
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) visit(std::to_string(i), value[i]);
  }
}

void Resolver::run(const PassConfig& pass) {
  pass_ = &pass;
  dependencies_.clear();
  nest_depth_.clear();
  started_.clear();
  source_memo_.clear();
  int batch = ++last_batch_;
  auto deferred = [&](const std::string& path) { return pass.is_deferred && pass.is_deferred(path); };
  if (pass.paths_to_resolve) {
    for (const auto& target : *pass.paths_to_resolve) {
      for (const auto& path : meta_.keys()) {
        bool related = starts_with(target, path + '\0') || path == target ||
                       starts_with(path, target + '\0');
        if (related && !deferred(path)) resolve_property(batch, path);
      }
    }
  } else {
    for (const auto& path : meta_.keys())
      if (!deferred(path)) resolve_property(batch, path);
  }
  pass_ = nullptr;
}

std::optional<VariableList> Resolver::parse_resolved(const ValueMeta& meta, const std::string& path,
                                                     VarErrorPtr* error) {
  try {
    if (meta.source_values) return parse_pieces(*meta.source_values);
    return parse_variables(meta.value.get_ref<const std::string&>());
  } catch (const VarFailure& f) {
    f.error->message = at_path(path) + "Approached variable syntax error in resolved value (" +
                       f.error->code + ")";
    *error = f.error;
    return std::nullopt;
  }
}

void Resolver::resolve_property(int batch, const std::string& path, bool memoized) {
  if (memoized && !started_.emplace(batch, path).second) return;
  ValueMetaPtr meta = meta_.get(path);
  if (!meta || !meta->variables) return;
  resolve_variables(batch, path, *meta);
  if (meta->variables || meta->error) return;

  std::vector<std::string> keys = split_path(path);
  Json value = meta->value;
  PropertyMetaMap found;
  if (value.is_string()) {
    VarErrorPtr error;
    auto vars = parse_resolved(*meta, path, &error);
    if (error) {
      meta->value = nullptr;
      meta->error = error;
      return;
    }
    if (vars) {
      auto next = std::make_shared<ValueMeta>();
      next->value = value;
      next->variables = std::move(vars);
      found.set(path, next);
    }
  } else if (value.is_object() || value.is_array()) {
    collect_property_meta(value, keys, found);
  }

  if (found.size()) {
    int depth = nest_depth_[path] + 1;
    if (depth > 10) {
      meta->value = nullptr;
      meta->error = std::make_shared<VarError>(VarError{
          at_path(path) + "Excessive property variables nest depth",
          "EXCESSIVE_RESOLVED_PROPERTIES_NEST_DEPTH"});
      return;
    }
    for (const auto& sub : found.keys()) {
      nest_depth_[sub] = depth;
      meta_.set(sub, found.get(sub));
    }
  }
  if (!found.has(path)) meta_.erase(path);
  Json* target = own_path_target(config_, keys, keys.size() - 1);
  if (!target || !(target->is_object() || target->is_array())) return;
  if (target->is_object()) (*target)[keys.back()] = value;
  else if (Json* slot = own_child(*target, keys.back())) *slot = value;
  if (!found.size()) return;
  if (found.has(path)) {
    resolve_property(batch, path, false);
    return;
  }
  int sub_batch = ++last_batch_;
  for (const auto& sub : found.keys()) {
    if (pass_->is_deferred && pass_->is_deferred(sub)) continue;
    resolve_property(sub_batch, sub);
  }
}

void Resolver::resolve_variables(int batch, const std::string& path, ValueMeta& meta) {
  if (!meta.variables) {
    if (meta.error) throw VarFailure{meta.error};
    return;
  }
  VariableList variables = *meta.variables;
  for (const auto& variable : variables) {
    if (!variable->sources) continue;
    resolve_variable(batch, path, *variable);
    if (!variable->error || meta.error) continue;
    meta.variables.reset();
    meta.error = variable->error;
  }
  if (!meta.variables) return;
  for (const auto& v : *meta.variables)
    if (v->sources) return;

  if (meta.variables->size() == 1 && !meta.variables->front()->end) {
    if (!within_budget(path, meta, approximate_size(meta.variables->front()->value, kMaxResolvedValueBytes))) return;
    meta.value = meta.variables->front()->value;
    meta.variables.reset();
    return;
  }
  const std::string raw = meta.value.get<std::string>();
  std::vector<std::string> pieces;
  std::size_t last = 0;
  for (const auto& v : *meta.variables) {
    auto text = js_coerce_string(v->value);
    if (!text) {
      meta.variables.reset();
      meta.error = std::make_shared<VarError>(VarError{
          at_path(path) + "String value consist of variable which resolve with non-string value",
          "NON_STRING_VARIABLE_RESULT"});
      return;
    }
    pieces.push_back(raw.substr(last, *v->start - last));
    pieces.push_back(*text);
    last = *v->end;
  }
  pieces.push_back(raw.substr(last));
  std::size_t size = 0;
  for (const auto& p : pieces) size += p.size();
  if (!within_budget(path, meta, size)) return;
  std::string joined;
  joined.reserve(size);
  for (const auto& p : pieces) joined += p;
  meta.value = joined;
  meta.source_values = std::move(pieces);
  meta.variables.reset();
}

bool Resolver::within_budget(const std::string& path, ValueMeta& meta, std::size_t bytes) {
  std::string why = budget_.charge(bytes);
  if (why.empty()) return true;
  std::string raw = meta.value.is_string() ? meta.value.get<std::string>() : meta.value.dump();
  if (raw.size() > 200) raw = raw.substr(0, 200) + "...";
  std::string chain = dependency_chain(path);
  meta.variables.reset();
  meta.error = std::make_shared<VarError>(VarError{
      at_path(path) + why + " (\"" + raw + "\"" + (chain.empty() ? "" : ", via " + chain) +
          "). Variables that repeat other variables grow exponentially: check that chain for a value used "
          "more than once.",
      "VARIABLE_RESOLUTION_LIMIT"});
  return false;
}

std::string Resolver::dependency_chain(const std::string& path) const {
  std::string chain;
  std::set<std::string> seen{path};
  std::string at = path;
  for (int steps = 0; steps < 8; ++steps) {
    auto it = first_read_.find(at);
    if (it == first_read_.end() || !seen.insert(it->second).second) break;
    at = it->second;
    chain += (chain.empty() ? "" : " -> ") + humanize_path(split_path(at));
  }
  return chain;
}

// "${file(./x.yml):a.b}" as written (params and address already resolved), so an
// error names the variable that found nothing, not only its source type.
static std::string describe_source(const VarSource& source) {
  auto text = [](const ValueMetaPtr& meta) -> std::string {
    if (!meta || meta->value.is_null()) return "";
    return meta->value.is_string() ? meta->value.get<std::string>() : meta->value.dump();
  };
  std::string out = "${" + source.type.value_or("");
  if (source.params) {
    out += "(";
    for (size_t i = 0; i < source.params->size(); ++i) out += (i ? ", " : "") + text((*source.params)[i]);
    out += ")";
  }
  if (source.address) out += ":" + text(source.address);
  return out + "}";
}

void Resolver::resolve_variable(int batch, const std::string& path, Variable& variable) {
  std::vector<VarSource> sources = *variable.sources;
  do {
    const VarSource& source = sources.front();
    if (!source.type || !pass_->sources.count(*source.type)) return;  // unknown here: stays
    SourceResult resolved;
    try {
      resolved = resolve_variable_source(batch, path, source);
    } catch (const VarFailure& f) {
      if (f.error->code == kMissingDependency) {
        variable.sources = sources;
        return;
      }
      variable.sources.reset();
      variable.error = f.error;
      return;
    }
    if (!resolved.value.is_null()) {
      variable.sources.reset();
      variable.value = std::move(resolved.value);
      return;
    }
    if (resolved.pending) {
      variable.sources = sources;
      return;
    }
    std::string previous_type = *source.type;
    std::string previous_text = describe_source(source);
    sources.erase(sources.begin());
    if (sources.empty()) {
      variable.sources.reset();
      variable.error = std::make_shared<VarError>(VarError{
          at_path(path) + "Value not found at \"" + previous_type + "\" source (" + previous_text + ")",
          "MISSING_VARIABLE_RESULT"});
      return;
    }
  } while (sources.front().type);
  variable.sources.reset();
  variable.value = sources.front().literal;
}

SourceResult Resolver::resolve_variable_source(int batch, const std::string& path,
                                               const VarSource& source) {
  if (source.params) {
    for (const auto& param : *source.params) {
      if (!param->variables) continue;
      resolve_variables(batch, path, *param);
      resolve_internal_result(batch, path, *param);
    }
  }
  if (source.address && source.address->variables) {
    resolve_variables(batch, path, *source.address);
    resolve_internal_result(batch, path, *source.address);
  }
  try {
    return resolve_source_memoized(batch, path, source);
  } catch (const VarFailure& f) {
    if (f.error->code == kMissingDependency) throw;
    if (f.error->is_user_error && starts_with(f.error->message, "Cannot resolve variable at ")) throw;
    fail(at_path(path) + f.error->message, "VARIABLE_RESOLUTION_ERROR", f.error->is_user_error);
  } catch (const std::exception& e) {
    fail(at_path(path) + e.what(), "VARIABLE_RESOLUTION_ERROR", false);
  }
}

SourceResult Resolver::resolve_source_memoized(int batch, const std::string& path,
                                               const VarSource& source) {
  std::string key = memo_key(batch, source);
  if (auto it = source_memo_.find(key); it != source_memo_.end()) {
    if (it->second.error) throw VarFailure{it->second.error};
    return it->second.result;
  }
  SourceCall call;
  call.type = *source.type;
  if (source.params) {
    call.params.emplace();
    for (const auto& p : *source.params) call.params->push_back(p->value);
  }
  if (source.address) call.address = source.address->value;
  call.fulfilled = pass_->fulfilled.count(call.type) != 0;
  call.resolve_property = [this, batch, path](const std::vector<std::string>& keys) {
    return resolve_dependent_property(batch, path, keys);
  };
  call.resolve_in_string = [this, batch, path](const std::string& text) {
    return resolve_in_string(batch, path, text);
  };
  try {
    SourceResult result = resolve_source(call, env_);
    source_memo_[key] = SourceMemo{result, nullptr};
    return result;
  } catch (const VarFailure& f) {
    source_memo_[key] = SourceMemo{{}, f.error};
    throw;
  }
}

void Resolver::resolve_internal_result(int batch, const std::string& path, ValueMeta& meta,
                                       int nest) {
  if (meta.error) throw VarFailure{meta.error};
  if (meta.variables) missing_dependency();
  if (!nest) fail(at_path(path) + "Excessive variables nest depth", "EXCESSIVE_RESOLVED_VARIABLES_NEST_DEPTH");
  if (meta.value.is_string()) {
    VarErrorPtr error;
    auto vars = parse_resolved(meta, path, &error);
    if (error) {
      meta.value = nullptr;
      meta.error = error;
      throw VarFailure{error};
    }
    if (!vars) return;
    meta.variables = std::move(vars);
    meta.source_values.reset();
    resolve_variables(batch, path, meta);
    resolve_internal_result(batch, path, meta, nest - 1);
    return;
  }
  if (!meta.value.is_object() && !meta.value.is_array()) return;
  PropertyMetaMap found;
  collect_property_meta(meta.value, {}, found);
  for (const auto& sub : found.keys()) {
    ValueMetaPtr sub_meta = found.get(sub);
    resolve_variables(batch, path, *sub_meta);
    resolve_internal_result(batch, path, *sub_meta, nest - 1);
    std::vector<std::string> keys = split_path(sub);
    Json* target = own_path_target(meta.value, keys, keys.size() - 1);
    if (!target) continue;
    if (target->is_object()) (*target)[keys.back()] = sub_meta->value;
    else if (Json* slot = own_child(*target, keys.back())) *slot = sub_meta->value;
  }
}

Json Resolver::resolve_in_string(int batch, const std::string& path, const std::string& text) {
  auto vars = parse_variables(text);
  if (!vars) return text;
  ValueMeta meta;
  meta.value = text;
  meta.variables = std::move(vars);
  resolve_variables(batch, path, meta);
  resolve_internal_result(batch, path, meta);
  return meta.value;
}

void Resolver::validate_dependency(const std::string& dependent, const std::string& dependency,
                                   std::set<std::string>& visited) {
  if (dependent == dependency)
    fail("Circular reference. \"" + humanize_path(split_path(dependent)) + "\" refers to itself",
         "CIRCULAR_PROPERTY_DEPENDENCY");
  auto it = dependencies_.find(dependency);
  if (it == dependencies_.end()) return;
  if (it->second.count(dependent))
    fail("Circular reference among \"" + humanize_path(split_path(dependent)) + "\" and \"" +
             humanize_path(split_path(dependency)) + "\" properties",
         "CIRCULAR_PROPERTY_DEPENDENCY");
  const std::set<std::string> next = it->second;
  for (const auto& d : next)
    if (visited.insert(d).second) validate_dependency(dependent, d, visited);
}

void Resolver::register_dependency(const std::string& dependent, const std::string& dependency) {
  std::set<std::string> visited;
  validate_dependency(dependent, dependency, visited);
  dependencies_[dependent].insert(dependency);
}

Json Resolver::resolve_dependent_property(int batch, const std::string& dependent,
                                          const std::vector<std::string>& keys) {
  // The node at keys[0..count) (null pointer: absent), looked up afresh each
  // time because resolution rewrites the configuration. `scratch` holds values
  // that are not stored nodes (string characters, "length").
  auto lookup = [&](std::size_t count, Json& scratch) -> const Json* {
    const Json* node = &config_;
    for (std::size_t i = 0; i < count; ++i) {
      if (node->is_null()) return nullptr;
      if (node->is_object()) {
        auto it = node->find(keys[i]);
        if (it == node->end()) return nullptr;
        node = &*it;
        continue;
      }
      if (node->is_array() && keys[i] != "length") {
        Json* child = own_child(const_cast<Json&>(*node), keys[i]);
        if (!child) return nullptr;
        node = child;
        continue;
      }
      auto child = js_own_property(*node, keys[i]);
      if (!child) return nullptr;
      scratch = std::move(*child);
      node = &scratch;
    }
    return node;
  };
  first_read_.emplace(dependent, join_path(keys));
  Json scratch;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const Json* parent = lookup(i, scratch);
    if (!parent || parent->is_null()) return Json();
    std::string dep = join_path(std::vector<std::string>(keys.begin(), keys.begin() + i + 1));
    if (meta_.has(dep)) {
      register_dependency(dependent, dep);
      resolve_property(batch, dep);
    }
    if (ValueMetaPtr dep_meta = meta_.get(dep)) {
      if (dep_meta->error) throw VarFailure{dep_meta->error};
      missing_dependency();
    }
    if (!lookup(i + 1, scratch)) return Json();
  }
  const Json* value = lookup(keys.size(), scratch);
  if (!value) return Json();
  if (!value->is_object() && !value->is_array()) return *value;
  std::string prefix = keys.empty() ? "" : join_path(keys) + '\0';
  std::optional<VarFailure> first_failure;
  for (const auto& path : meta_.keys()) {
    if (!starts_with(path, prefix)) continue;
    try {
      register_dependency(dependent, path);
      resolve_property(batch, path);
      if (ValueMetaPtr m = meta_.get(path)) {
        if (m->error) throw VarFailure{m->error};
        missing_dependency();
      }
    } catch (const VarFailure& f) {
      if (!first_failure) first_failure = f;
    }
  }
  if (first_failure) throw *first_failure;
  value = lookup(keys.size(), scratch);
  return value ? *value : Json();
}

}  // namespace sls::config::vars
