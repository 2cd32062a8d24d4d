// Deterministic zip writer. The same inputs give byte-identical archives:
// entries in the given order (callers sort by name), DOS time 1980-01-01
// 00:00 plus a zero "UT" timestamp (what osls's yazl writes for mtime 0),
// unix modes in the external attributes, zip64 records when sizes or counts
// need them. Files are read and deflated (libdeflate) on a pool of threads
// and written in order; files above a size threshold are streamed (zlib).
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "package/deflate_cache.h"

namespace sls::package {

struct ZipInput {
  std::string name;             // name inside the archive ('/'-separated)
  std::filesystem::path path;   // file on disk
  uint32_t mode = 0100644;      // unix mode stored in the external attributes
  std::optional<uint64_t> size;  // the file's size when already known (else write_zip stats it)
  std::optional<FileStamp> stamp;  // from the same stat, for the deflate cache
  // The entry's bytes when they come from memory (embedded files) instead of `path`.
  std::optional<std::string> data;
};

struct ZipOptions {
  int level = 6;                               // deflate level
  // The deflated bytes of unchanged files are reused from a cache in this folder
  // (package/deflate_cache.h) under `cache_id` when the input is at least
  // `cache_min_bytes`; an empty folder turns the cache off.
  std::filesystem::path cache_dir;
  std::string cache_id;
  uint64_t cache_min_bytes = 1ull << 20;
  unsigned threads = 0;                        // 0: hardware_concurrency
  uint64_t stream_threshold = 32ull << 20;     // files larger than this are streamed
  uint64_t memory_budget = 256ull << 20;       // bytes of file data held at once
};

struct ZipResult {
  uint64_t size = 0;
  size_t cache_hits = 0;  // entries whose deflated bytes came from the cache
  std::string sha256_hex;
  std::string sha256_base64;
};

// Writes `entries` to `out`. Throws UserError naming the file that cannot be read.
ZipResult write_zip(const std::filesystem::path& out, const std::vector<ZipInput>& entries,
                    const ZipOptions& options = {});

// osls's mode rule: 0100755 if the owner may execute the file, else 0100644.
uint32_t zip_mode_for(const std::filesystem::path& file);

// The entry for `file` with its mode and size from a single stat.
ZipInput zip_input(std::string name, std::filesystem::path file);

// SHA-256 of a file (hex, base64).
std::pair<std::string, std::string> sha256_file(const std::filesystem::path& file);

}  // namespace sls::package
