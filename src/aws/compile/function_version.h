// osls's Lambda version hashing: the AWS::Lambda::Version logical id changes
// whenever the code, the referenced layers or the function configuration change.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/json.h"

namespace sls::compile {

// Base64 SHA-256 of a file's bytes (osls getHashForFilePath). Throws a
// UserError naming the file when it cannot be read.
std::string sha256_base64_of_file(const std::filesystem::path& file);

// String.prototype.localeCompare as Node (ICU root collation) orders ASCII
// keys: punctuation < digits < letters, case-insensitive first, lowercase first on ties.
int locale_compare(std::string_view a, std::string_view b);

// osls deepSortObjectByKey: object keys sorted with locale_compare, recursively.
Json deep_sort_by_key(const Json& value);

// The version digest (base64 SHA-256) over the code hash, the code hashes of
// referenced layers (ordered by their artifact path), and the sorted function
// properties (without Code, ReservedConcurrentExecutions and Tags, plus
// `layerConfigurations`), as osls computes it.
struct LayerHashInput {
  std::string artifact_path;  // sort key, as osls resolves the layer artifact path
  std::string code_hash;      // base64 SHA-256 of the layer zip
};
std::string version_digest(const std::string& code_hash, std::vector<LayerHashInput> layers,
                           const Json& properties_for_hash);

}  // namespace sls::compile
