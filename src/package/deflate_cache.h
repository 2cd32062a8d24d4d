// The deflated bytes of each file of a zip, kept between runs so that
// repackaging a service whose files did not change reuses them instead of
// deflating again. One pack file per artifact (its `id`: the service folder
// and zip name) under $XDG_CACHE_HOME/sls/deflate (or ~/.cache/sls/deflate),
// outside the package folder; SLS_NO_CACHE=1 turns it off.
//
// An entry is reused only when the file's path, size, mtime, ctime, inode and
// mode all match what they were when it was deflated (a rewrite changes mtime
// and ctime, and restoring the mtime with `touch -d` still changes ctime). A
// file changed within 2 seconds before it was deflated is "in doubt" (the
// filesystem clock may not have ticked between two writes): its entry carries
// the SHA-256 of the content and is reused only when the file still hashes to
// it. Every entry's deflated bytes carry a CRC-32 checked before reuse and the
// index its own; a pack that is truncated, corrupt, of another deflate level
// or library version, or of another artifact reads as empty. A rejected
// entry is deflated again, never shipped.
#pragma once
#include <sys/stat.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace sls::package {

struct FileStamp {
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  int64_t ctime_ns = 0;
  uint64_t inode = 0;
  uint64_t device = 0;
  uint32_t mode = 0;
  bool operator==(const FileStamp&) const = default;
};
FileStamp file_stamp(const struct stat& st);

using ContentHash = std::array<uint8_t, 32>;

// One deflated entry, as the zip writer stores it.
struct DeflatedEntry {
  uint32_t crc = 0;        // CRC-32 of the file's content (the zip's)
  uint64_t usize = 0;
  uint16_t method = 8;     // 8 deflate, 0 stored
  std::vector<uint8_t> data;
  std::optional<ContentHash> content_hash;  // kept for entries in doubt
  // From lookup(): the checked bytes in the cache's mapped pack (`data` stays
  // empty), valid while the DeflateCache lives.
  const uint8_t* cached = nullptr;
  uint64_t cached_size = 0;

  const uint8_t* bytes() const { return cached ? cached : data.data(); }
  uint64_t size() const { return cached ? cached_size : data.size(); }
};

// ./sls/deflate under $XDG_CACHE_HOME or ~/.cache; nullopt when SLS_NO_CACHE
// is set (to anything but "" or "0") or neither variable is.
std::optional<std::filesystem::path> default_deflate_cache_dir();

class DeflateCache {
 public:
  // Opens the pack of `id` in `dir` (made when missing). `run_start_ns` is the
  // wall-clock time (ns) before any file of this run was looked at.
  DeflateCache(std::filesystem::path dir, std::string id, int level, int64_t run_start_ns);
  ~DeflateCache();
  DeflateCache(const DeflateCache&) = delete;
  DeflateCache& operator=(const DeflateCache&) = delete;

  // The cached entry of `path` when its stamp matches and its bytes check out;
  // entries in doubt are hashed against the file first. Safe from many threads.
  std::optional<DeflatedEntry> lookup(const std::string& path, const FileStamp& stamp) const;

  // Whether a file with this stamp is in doubt (changed within 2 s of the run's
  // start): its content hash must be stored.
  bool in_doubt(const FileStamp& stamp) const;

  // Adds the entry of `path` to the next pack; call from one thread.
  void record(const std::string& path, const FileStamp& stamp, const DeflatedEntry& entry);

  // Writes the next pack in place of the old one (temp file + rename) when it
  // differs; otherwise only marks the pack used. Then keeps the folder under
  // SLS_CACHE_MAX_MB (default 2048) by removing the least recently used packs.
  void commit();

  struct Stats {
    size_t hits = 0, misses = 0, rejected = 0;  // rejected: matched but failed a check
  };
  Stats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The pack file of `id` in `dir` (for tests and tools).
std::filesystem::path deflate_pack_path(const std::filesystem::path& dir, const std::string& id, int level);

}  // namespace sls::package
