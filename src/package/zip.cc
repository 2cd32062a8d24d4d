#include "package/zip.h"

#include <libdeflate.h>
#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "package/deflate_cache.h"
#include "util/digest.h"
#include "util/error.h"

namespace sls::package {
namespace fs = std::filesystem;

namespace {

constexpr uint16_t kDosTime = 0;                    // 00:00:00
constexpr uint16_t kDosDate = (0 << 9) | (1 << 5) | 1;  // 1980-01-01
constexpr uint16_t kMadeBy = (3 << 8) | 63;         // unix, spec 6.3 (as yazl)
constexpr uint16_t kUtf8Flag = 1 << 11;
constexpr uint16_t kDescriptorFlag = 1 << 3;
constexpr uint32_t kMax32 = 0xffffffffu;
constexpr uint64_t kInlineBelow = 64 << 10;  // total input bytes compressed without worker threads

std::string read_error(const fs::path& p, const std::string& why) {
  return "Cannot read file " + p.string() + " due to: " + why;
}

struct Compressed {
  bool ready = false;
  bool streamed = false;   // written by the writer itself (large file)
  uint64_t reserved = 0;   // bytes counted against the memory budget
  uint32_t crc = 0;
  uint64_t usize = 0;
  uint16_t method = 8;
  std::vector<uint8_t> data;
  std::string error;
  std::optional<FileStamp> stamp;          // set when the cache is on
  std::optional<ContentHash> content_hash;  // for entries in doubt
  const uint8_t* cached = nullptr;          // the bytes in the cache's pack, instead of `data`
  uint64_t cached_size = 0;

  const uint8_t* bytes() const { return cached ? cached : data.data(); }
  uint64_t size() const { return cached ? cached_size : data.size(); }
};

struct Sink {
  std::FILE* f = nullptr;
  digest::Sha256 sha;
  uint64_t offset = 0;
  fs::path path;

  void write(const void* p, size_t n) {
    if (n == 0) return;
    if (std::fwrite(p, 1, n, f) != n) throw UserError("Cannot write " + path.string() + ": " + std::strerror(errno));
    sha.update(p, n);
    offset += n;
  }
  void u16(uint16_t v) {
    uint8_t b[2] = {uint8_t(v), uint8_t(v >> 8)};
    write(b, 2);
  }
  void u32(uint32_t v) {
    uint8_t b[4] = {uint8_t(v), uint8_t(v >> 8), uint8_t(v >> 16), uint8_t(v >> 24)};
    write(b, 4);
  }
  void u64(uint64_t v) {
    u32(uint32_t(v));
    u32(uint32_t(v >> 32));
  }
};

struct CentralRecord {
  std::string name;
  uint32_t mode;
  uint16_t method;
  uint16_t flags;
  uint32_t crc;
  uint64_t csize, usize, offset;
};

std::optional<std::vector<uint8_t>> read_all(const fs::path& p, uint64_t expected, std::string& err) {
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    err = std::strerror(errno);
    return std::nullopt;
  }
  std::vector<uint8_t> buf(expected);
  in.read(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(expected));
  if (static_cast<uint64_t>(in.gcount()) != expected) {
    err = "file changed while being read";
    return std::nullopt;
  }
  return buf;
}

// The cached deflate of the file when its stamp still matches; records the stamp either way.
bool reuse_cached(const DeflateCache& cache, const ZipInput& in, uint64_t size, Compressed& out) {
  if (in.stamp) {
    out.stamp = in.stamp;
  } else {
    struct stat st;
    if (::stat(in.path.c_str(), &st) != 0) return false;
    out.stamp = file_stamp(st);
  }
  if (out.stamp->size != size) return false;
  std::optional<DeflatedEntry> hit = cache.lookup(in.path.string(), *out.stamp);
  if (!hit) return false;
  out.crc = hit->crc;
  out.usize = hit->usize;
  out.method = hit->method;
  out.cached = hit->cached;
  out.cached_size = hit->cached_size;
  out.content_hash = hit->content_hash;
  return true;
}

void compress_entry(libdeflate_compressor* c, const ZipInput& in, uint64_t size, Compressed& out,
                    const DeflateCache* cache = nullptr) {
  if (cache && !in.data && reuse_cached(*cache, in, size, out)) return;
  std::string err;
  auto data = in.data ? std::optional<std::vector<uint8_t>>(std::in_place, in.data->begin(), in.data->end())
                      : read_all(in.path, size, err);
  if (!data) {
    out.error = read_error(in.path, err);
    return;
  }
  out.usize = data->size();
  out.crc = libdeflate_crc32(0, data->data(), data->size());
  if (out.stamp && cache->in_doubt(*out.stamp)) {
    digest::Sha256 sha;
    sha.update(data->data(), data->size());
    out.content_hash = sha.finish();
  }
  std::vector<uint8_t> z(libdeflate_deflate_compress_bound(c, data->size()));
  size_t n = libdeflate_deflate_compress(c, data->data(), data->size(), z.data(), z.size());
  if (n != 0 && n < data->size()) {
    z.resize(n);
    out.data = std::move(z);
    out.method = 8;
  } else {
    out.data = std::move(*data);  // stored: deflate would not make it smaller
    out.method = 0;
  }
}

void write_local_header(Sink& s, const std::string& name, uint16_t flags, uint16_t method,
                        uint32_t crc, uint64_t csize, uint64_t usize, bool zip64) {
  s.u32(0x04034b50);
  s.u16(zip64 ? 45 : 20);
  s.u16(flags);
  s.u16(method);
  s.u16(kDosTime);
  s.u16(kDosDate);
  s.u32(crc);
  s.u32(zip64 ? kMax32 : uint32_t(csize));
  s.u32(zip64 ? kMax32 : uint32_t(usize));
  s.u16(uint16_t(name.size()));
  s.u16(zip64 ? 20 : 0);
  s.write(name.data(), name.size());
  if (zip64) {
    s.u16(1);
    s.u16(16);
    s.u64(usize);
    s.u64(csize);
  }
}

// Streams a large file through zlib, with a data descriptor after the data.
CentralRecord write_streamed(Sink& s, const ZipInput& in, uint64_t size, int level) {
  CentralRecord rec{in.name, in.mode, 8, uint16_t(kUtf8Flag | kDescriptorFlag), 0, 0, 0, s.offset};
  bool zip64 = size > 0xf0000000ull;
  write_local_header(s, in.name, rec.flags, 8, 0, 0, 0, zip64);
  std::FILE* f = std::fopen(in.path.c_str(), "rb");
  if (!f) throw UserError(read_error(in.path, std::strerror(errno)), "CANNOT_READ_FILE");
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> guard(f, std::fclose);
  z_stream zs{};
  deflateInit2(&zs, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
  std::vector<uint8_t> ibuf(1 << 20), obuf(1 << 20);
  uint32_t crc = 0;
  uint64_t usize = 0, csize = 0;
  int flush = Z_NO_FLUSH;
  do {
    size_t n = std::fread(ibuf.data(), 1, ibuf.size(), f);
    if (std::ferror(f)) {
      deflateEnd(&zs);
      throw UserError(read_error(in.path, "read failed"), "CANNOT_READ_FILE");
    }
    crc = libdeflate_crc32(crc, ibuf.data(), n);
    usize += n;
    flush = std::feof(f) ? Z_FINISH : Z_NO_FLUSH;
    zs.next_in = ibuf.data();
    zs.avail_in = static_cast<uInt>(n);
    do {
      zs.next_out = obuf.data();
      zs.avail_out = static_cast<uInt>(obuf.size());
      deflate(&zs, flush);
      size_t produced = obuf.size() - zs.avail_out;
      s.write(obuf.data(), produced);
      csize += produced;
    } while (zs.avail_out == 0);
  } while (flush != Z_FINISH);
  deflateEnd(&zs);
  s.u32(0x08074b50);
  s.u32(crc);
  if (zip64) {
    s.u64(csize);
    s.u64(usize);
  } else {
    s.u32(uint32_t(csize));
    s.u32(uint32_t(usize));
  }
  rec.crc = crc;
  rec.csize = csize;
  rec.usize = usize;
  return rec;
}

int64_t wall_clock_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The cache is an optimisation: when its folder cannot be used the zip is written without it.
std::unique_ptr<DeflateCache> open_cache(const ZipOptions& options, uint64_t total) {
  if (options.cache_dir.empty() || total < options.cache_min_bytes) return nullptr;
  try {
    return std::make_unique<DeflateCache>(options.cache_dir, options.cache_id, options.level, wall_clock_ns());
  } catch (const std::exception&) {
    return nullptr;
  }
}

void record_cached(DeflateCache& cache, const ZipInput& in, Compressed& r) {
  DeflatedEntry e{r.crc, r.usize, r.method, std::move(r.data), r.content_hash, r.cached, r.cached_size};
  try {
    cache.record(in.path.string(), *r.stamp, e);
  } catch (const std::exception&) {
  }
}

size_t commit_cache(DeflateCache& cache) {
  try {
    cache.commit();
  } catch (const std::exception&) {
  }
  return cache.stats().hits;
}

}  // namespace

uint32_t zip_mode_for(const fs::path& file) { return zip_input("", file).mode; }

ZipInput zip_input(std::string name, fs::path file) {
  ZipInput in{std::move(name), std::move(file)};
  struct stat st;
  if (::stat(in.path.c_str(), &st) == 0) {
    if (st.st_mode & 0100) in.mode = 0100755;
    if (S_ISREG(st.st_mode)) {
      in.size = static_cast<uint64_t>(st.st_size);
      in.stamp = file_stamp(st);
    }
  }
  return in;
}

std::pair<std::string, std::string> sha256_file(const fs::path& file) {
  std::FILE* f = std::fopen(file.c_str(), "rb");
  if (!f) throw UserError(read_error(file, std::strerror(errno)), "CANNOT_READ_FILE");
  digest::Sha256 sha;
  std::vector<char> buf(1 << 20);
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0) sha.update(buf.data(), n);
  std::fclose(f);
  auto d = sha.finish();
  return {digest::hex(d), digest::base64(d)};
}

ZipResult write_zip(const fs::path& out, const std::vector<ZipInput>& entries,
                    const ZipOptions& options) {
  const size_t count = entries.size();
  std::vector<uint64_t> sizes(count);
  for (size_t i = 0; i < count; ++i) {
    if (entries[i].data || entries[i].size) {
      sizes[i] = entries[i].data ? entries[i].data->size() : *entries[i].size;
      continue;
    }
    std::error_code ec;
    sizes[i] = fs::file_size(entries[i].path, ec);
    if (ec) throw UserError(read_error(entries[i].path, ec.message()), "CANNOT_READ_FILE");
  }

  uint64_t total = 0;
  for (uint64_t size : sizes) total += size;
  std::unique_ptr<DeflateCache> cache = open_cache(options, total);

  std::vector<Compressed> results(count);
  std::mutex mu;
  std::condition_variable cv;
  size_t next = 0, written = 0;
  uint64_t in_flight = 0;
  bool abort = false;
  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  const size_t window = std::max<size_t>(16, 8 * threads);

  auto worker = [&] {
    libdeflate_compressor* c = libdeflate_alloc_compressor(options.level);
    for (;;) {
      size_t i;
      uint64_t reserve;
      {
        std::unique_lock lock(mu);
        if (abort || next >= count) break;
        i = next++;
        bool stream = !entries[i].data && sizes[i] > options.stream_threshold;
        reserve = stream ? 0 : sizes[i];
        cv.wait(lock, [&] {
          return abort || (i < written + window &&
                           (i == written || in_flight + reserve <= options.memory_budget));
        });
        if (abort) break;
        in_flight += reserve;
        if (stream) {
          results[i].streamed = true;
          results[i].ready = true;
          cv.notify_all();
          continue;
        }
      }
      Compressed r;
      r.reserved = reserve;
      compress_entry(c, entries[i], sizes[i], r, cache.get());
      {
        std::lock_guard lock(mu);
        r.ready = true;
        results[i] = std::move(r);
      }
      cv.notify_all();
    }
    libdeflate_free_compressor(c);
  };

  fs::create_directories(out.parent_path());
  Sink s;
  s.path = out;
  s.f = std::fopen(out.c_str(), "wb");
  if (!s.f) throw UserError("Cannot write " + out.string() + ": " + std::strerror(errno));
  // Not zero-filled: a 1 MiB memset is most of the work for a small service.
  const size_t iobuf_size = static_cast<size_t>(std::clamp<uint64_t>(total + 65536, 65536, 1 << 20));
  std::unique_ptr<char[]> iobuf(new char[iobuf_size]);
  std::setvbuf(s.f, iobuf.get(), _IOFBF, iobuf_size);

  // Small inputs are compressed on this thread: starting and waking workers
  // costs more than deflating a few kilobytes.
  const bool inline_mode = threads <= 1 || count <= 1 || total < kInlineBelow;
  std::unique_ptr<libdeflate_compressor, decltype(&libdeflate_free_compressor)> inline_compressor(
      inline_mode ? libdeflate_alloc_compressor(options.level) : nullptr, &libdeflate_free_compressor);
  std::vector<std::thread> pool;
  if (!inline_mode)
    for (unsigned t = 0; t < std::min<size_t>(threads, count); ++t) pool.emplace_back(worker);

  std::vector<CentralRecord> central;
  central.reserve(count);
  std::string failure;
  try {
    for (size_t i = 0; i < count; ++i) {
      Compressed r;
      if (inline_mode) {
        if (!entries[i].data && sizes[i] > options.stream_threshold) r.streamed = true;
        else compress_entry(inline_compressor.get(), entries[i], sizes[i], r, cache.get());
      } else {
        std::unique_lock lock(mu);
        cv.wait(lock, [&] { return results[i].ready; });
        r = std::move(results[i]);
        results[i] = Compressed{};
      }
      if (!r.error.empty()) throw UserError(r.error, "CANNOT_READ_FILE");
      if (r.streamed) {
        central.push_back(write_streamed(s, entries[i], sizes[i], options.level));
      } else {
        bool zip64 = r.usize > 0xfffffffeull || r.size() > 0xfffffffeull;
        CentralRecord rec{entries[i].name, entries[i].mode, r.method, kUtf8Flag, r.crc,
                          r.size(), r.usize, s.offset};
        write_local_header(s, rec.name, rec.flags, rec.method, rec.crc, rec.csize, rec.usize, zip64);
        s.write(r.bytes(), r.size());
        central.push_back(std::move(rec));
        if (cache && r.stamp) record_cached(*cache, entries[i], r);
      }
      {
        std::lock_guard lock(mu);
        in_flight -= r.reserved;
        ++written;
      }
      cv.notify_all();
    }
  } catch (...) {
    {
      std::lock_guard lock(mu);
      abort = true;
    }
    cv.notify_all();
    for (auto& t : pool) t.join();
    std::fclose(s.f);
    std::error_code ec;
    fs::remove(out, ec);
    throw;
  }
  for (auto& t : pool) t.join();

  const uint64_t cd_start = s.offset;
  for (const auto& rec : central) {
    bool zip64 = rec.usize > 0xfffffffeull || rec.csize > 0xfffffffeull || rec.offset > 0xfffffffeull;
    s.u32(0x02014b50);
    s.u16(kMadeBy);
    s.u16(zip64 ? 45 : 20);
    s.u16(rec.flags);
    s.u16(rec.method);
    s.u16(kDosTime);
    s.u16(kDosDate);
    s.u32(rec.crc);
    s.u32(zip64 ? kMax32 : uint32_t(rec.csize));
    s.u32(zip64 ? kMax32 : uint32_t(rec.usize));
    s.u16(uint16_t(rec.name.size()));
    s.u16(uint16_t(9 + (zip64 ? 28 : 0)));
    s.u16(0);  // comment
    s.u16(0);  // disk
    s.u16(0);  // internal attributes
    s.u32(rec.mode << 16);
    s.u32(zip64 ? kMax32 : uint32_t(rec.offset));
    s.write(rec.name.data(), rec.name.size());
    // Info-ZIP universal timestamp: mtime 0 (flags mtime|atime, as yazl).
    s.u16(0x5455);
    s.u16(5);
    uint8_t ut_flags = 3;
    s.write(&ut_flags, 1);
    s.u32(0);
    if (zip64) {
      s.u16(1);
      s.u16(24);
      s.u64(rec.usize);
      s.u64(rec.csize);
      s.u64(rec.offset);
    }
  }
  const uint64_t cd_size = s.offset - cd_start;
  const bool zip64_end = count >= 0xffff || cd_start >= kMax32 || cd_size >= kMax32;
  if (zip64_end) {
    const uint64_t eocd64 = s.offset;
    s.u32(0x06064b50);
    s.u64(44);
    s.u16(kMadeBy);
    s.u16(45);
    s.u32(0);
    s.u32(0);
    s.u64(count);
    s.u64(count);
    s.u64(cd_size);
    s.u64(cd_start);
    s.u32(0x07064b50);
    s.u32(0);
    s.u64(eocd64);
    s.u32(1);
  }
  s.u32(0x06054b50);
  s.u16(0);
  s.u16(0);
  s.u16(zip64_end ? 0xffff : uint16_t(count));
  s.u16(zip64_end ? 0xffff : uint16_t(count));
  s.u32(zip64_end ? kMax32 : uint32_t(cd_size));
  s.u32(zip64_end ? kMax32 : uint32_t(cd_start));
  s.u16(0);

  bool ok = std::fflush(s.f) == 0;
  ok = (std::fclose(s.f) == 0) && ok;
  auto d = s.sha.finish();
  if (!ok) throw UserError("Cannot write " + out.string());
  ZipResult result{s.offset, 0, digest::hex(d), digest::base64(d)};
  if (cache) result.cache_hits = commit_cache(*cache);
  return result;
}

}  // namespace sls::package
