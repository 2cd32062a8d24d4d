// The deflate cache: a warm zip is byte-identical to a cold one and reuses
// every entry; a corrupt, truncated or stale entry is detected and deflated
// again; a file in doubt (changed too recently for its stamp to be trusted)
// is checked by its content hash.
#include "package/deflate_cache.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <thread>

#include "package/test_files.h"
#include "package/zip.h"
#include "util/digest.h"

namespace sls::package {
namespace fs = std::filesystem;

namespace {

using testing::slurp;
using testing::spit;

int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

FileStamp stamp_of(const fs::path& p) {
  struct stat st;
  EXPECT_EQ(::stat(p.c_str(), &st), 0);
  return file_stamp(st);
}

struct Fixture {
  fs::path root = fs::temp_directory_path() / ("sls_deflate_cache_test_" + std::to_string(::getpid()));
  fs::path cache = root / "cache";
  fs::path src = root / "src";
  std::vector<std::string> names = {"a.js", "b.txt", "lib/c.js", "stored.bin"};

  Fixture() {
    fs::remove_all(root);
    fs::create_directories(src / "lib");
    std::string text;
    for (int i = 0; i < 4000; ++i) text += "const value" + std::to_string(i) + " = require('x');\n";
    spit(src / "a.js", text);
    spit(src / "b.txt", "hello\n");
    spit(src / "lib/c.js", text.substr(0, 5000));
    std::string noise;
    uint32_t x = 7;
    for (int i = 0; i < 3000; ++i) noise.push_back(char((x = x * 1103515245 + 12345) >> 16));
    spit(src / "stored.bin", noise);
  }
  ~Fixture() { fs::remove_all(root); }

  std::vector<ZipInput> inputs() const {
    std::vector<ZipInput> out;
    for (const auto& n : names) out.push_back(zip_input(n, src / n));
    return out;
  }
  ZipOptions options(bool cached = true) const {
    ZipOptions o;
    o.threads = 2;
    if (cached) o.cache_dir = cache;
    o.cache_id = src.string() + "\nsvc.zip";
    o.cache_min_bytes = 0;
    return o;
  }
  // A zip of the current files: {bytes, cache hits}.
  std::pair<std::string, size_t> zip(bool cached = true, const char* name = "out.zip") const {
    ZipResult r = write_zip(root / name, inputs(), options(cached));
    return {slurp(root / name), r.cache_hits};
  }
  fs::path pack() const { return deflate_pack_path(cache, options().cache_id, 6); }
};

}  // namespace

TEST(DeflateCache, WarmZipIsByteIdenticalAndReusesEveryEntry) {
  Fixture f;
  auto [plain, no_hits] = f.zip(false, "plain.zip");
  auto [cold, cold_hits] = f.zip();
  auto [warm, warm_hits] = f.zip();
  EXPECT_EQ(cold_hits, 0u);
  EXPECT_EQ(warm_hits, f.names.size());
  EXPECT_EQ(cold, plain);
  EXPECT_EQ(warm, plain);
  EXPECT_TRUE(fs::exists(f.pack()));
}

TEST(DeflateCache, CorruptEntryIsDeflatedAgain) {
  Fixture f;
  auto [cold, hits0] = f.zip();
  // Flip a byte in the first entry's deflated bytes (right after the header and id).
  std::string pack = slurp(f.pack());
  size_t data_start = 64 + f.options().cache_id.size();
  pack[data_start + 10] = char(pack[data_start + 10] ^ 0x5a);
  spit(f.pack(), pack);
  auto [warm, hits] = f.zip();
  EXPECT_EQ(hits, f.names.size() - 1);
  EXPECT_EQ(warm, cold);
  // The rebuilt pack serves every entry again.
  EXPECT_EQ(f.zip().second, f.names.size());
}

TEST(DeflateCache, TruncatedOrForeignPackReadsAsEmpty) {
  Fixture f;
  auto [cold, hits0] = f.zip();
  std::string pack = slurp(f.pack());
  spit(f.pack(), pack.substr(0, pack.size() - 7));  // index cut short
  EXPECT_EQ(f.zip(), std::make_pair(cold, size_t(0)));
  spit(f.pack(), "not a pack");
  EXPECT_EQ(f.zip(), std::make_pair(cold, size_t(0)));
  // Another deflate level never reuses these bytes.
  ZipOptions other = f.options();
  other.level = 1;
  EXPECT_EQ(write_zip(f.root / "l1.zip", f.inputs(), other).cache_hits, 0u);
}

TEST(DeflateCache, ChangedMtimeIsAMiss) {
  Fixture f;
  auto [cold, hits0] = f.zip();
  fs::last_write_time(f.src / "a.js", fs::last_write_time(f.src / "a.js") - std::chrono::hours(1));
  auto [warm, hits] = f.zip();
  EXPECT_EQ(hits, f.names.size() - 1);
  EXPECT_EQ(warm, cold);  // same content: same bytes
}

TEST(DeflateCache, ChangedContentWithSameSizeAndMtimeIsAMiss) {
  Fixture f;
  f.zip();
  auto mtime = fs::last_write_time(f.src / "b.txt");
  spit(f.src / "b.txt", "HELLO\n");  // same size
  fs::last_write_time(f.src / "b.txt", mtime);  // mtime put back; ctime cannot be
  auto [warm, hits] = f.zip();
  EXPECT_EQ(hits, f.names.size() - 1);
  EXPECT_EQ(warm, f.zip(false, "plain.zip").first);
  EXPECT_NE(warm.find("HELLO"), std::string::npos);  // b.txt is stored: its new text is in the zip
}

TEST(DeflateCache, EntryInDoubtIsCheckedByContentHash) {
  // The stamp alone cannot tell two writes within the filesystem's clock tick
  // apart: an entry recorded while its file was that fresh carries a hash,
  // and is reused only while the file still has that content.
  Fixture f;
  const fs::path file = f.src / "b.txt";
  const std::string path = file.string();
  const FileStamp stamp = stamp_of(file);
  DeflatedEntry entry{0x363a3020, 6, 0, {'h', 'e', 'l', 'l', 'o', '\n'}, std::nullopt};
  {
    DeflateCache cache(f.cache, "id", 6, now_ns());
    ASSERT_TRUE(cache.in_doubt(stamp));
    cache.record(path, stamp, entry);  // in doubt without a hash: not kept
    cache.commit();
  }
  EXPECT_FALSE(DeflateCache(f.cache, "id", 6, now_ns()).lookup(path, stamp));
  entry.content_hash = [] {
    digest::Sha256 sha;
    sha.update("hello\n");
    return sha.finish();
  }();
  {
    DeflateCache cache(f.cache, "id", 6, now_ns());
    cache.record(path, stamp, entry);
    cache.commit();
  }
  EXPECT_TRUE(DeflateCache(f.cache, "id", 6, now_ns()).lookup(path, stamp));
  spit(file, "HELLO\n");  // a second write; look it up with the first stamp, as a coarse clock would give
  DeflateCache later(f.cache, "id", 6, now_ns());
  EXPECT_FALSE(later.lookup(path, stamp));
  EXPECT_EQ(later.stats().rejected, 1u);
  // Long after the file last changed, the stamp is trusted and no hash is kept.
  DeflateCache much_later(f.cache, "id", 6, now_ns() + 3'600'000'000'000);
  EXPECT_FALSE(much_later.in_doubt(stamp_of(file)));
}

TEST(DeflateCache, UnusableCacheFolderStillWritesTheZip) {
  Fixture f;
  spit(f.cache, "a file where the cache folder should be");
  auto [zip, hits] = f.zip();
  EXPECT_EQ(hits, 0u);
  EXPECT_EQ(zip, f.zip(false, "plain.zip").first);
}

TEST(DeflateCache, TurnedOffBySlsNoCache) {
  ::setenv("SLS_NO_CACHE", "1", 1);
  EXPECT_EQ(default_deflate_cache_dir(), std::nullopt);
  ::setenv("SLS_NO_CACHE", "0", 1);
  ::setenv("XDG_CACHE_HOME", "/tmp/xdg", 1);
  EXPECT_EQ(default_deflate_cache_dir(), fs::path("/tmp/xdg/sls/deflate"));
  ::unsetenv("SLS_NO_CACHE");
  ::unsetenv("XDG_CACHE_HOME");
}

TEST(DeflateCache, LeastRecentlyUsedPacksGoOverTheCap) {
  Fixture f;
  ::setenv("SLS_CACHE_MAX_MB", "1", 1);
  std::string big(600 << 10, 'x');
  for (int i = 0; i < 3; ++i) {
    DeflateCache cache(f.cache, "pack" + std::to_string(i), 6, now_ns() + 3'600'000'000'000);
    DeflatedEntry e{1, big.size(), 0, std::vector<uint8_t>(big.begin(), big.end()), std::nullopt};
    cache.record("/x" + std::to_string(i), FileStamp{big.size(), 1, 1, 1, 1, 0100644}, e);
    cache.commit();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::unsetenv("SLS_CACHE_MAX_MB");
  EXPECT_FALSE(fs::exists(deflate_pack_path(f.cache, "pack0", 6)));
  EXPECT_TRUE(fs::exists(deflate_pack_path(f.cache, "pack2", 6)));
}

}  // namespace sls::package
