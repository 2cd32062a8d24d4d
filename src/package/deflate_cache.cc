#include "package/deflate_cache.h"

#include <fcntl.h>
#include <libdeflate.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "util/cache_dir.h"
#include "util/digest.h"

namespace sls::package {
namespace fs = std::filesystem;

namespace {

constexpr char kMagic[8] = {'S', 'L', 'S', 'D', 'E', 'F', 'L', '1'};
// Bump when the pack layout, or the way zip.cc turns a file into an entry (deflate
// parameters, the stored-when-not-smaller rule), changes; packs of other sls
// versions are not even looked at (the version is part of the pack's name).
constexpr uint32_t kFormat = 1;
constexpr uint32_t kLibraryVersion = (LIBDEFLATE_VERSION_MAJOR << 16) | LIBDEFLATE_VERSION_MINOR;
constexpr size_t kHeaderSize = 64;
constexpr int64_t kDoubtWindowNs = 2'000'000'000;  // 2 s

uint32_t crc_of(const uint8_t* p, size_t n) { return libdeflate_crc32(0, p, n); }

// Little-endian writer into a byte string.
struct Out {
  std::string bytes;
  template <typename T>
  void num(T v) {
    for (size_t i = 0; i < sizeof(T); ++i) bytes.push_back(char(uint64_t(v) >> (8 * i)));
  }
  void raw(const void* p, size_t n) { bytes.append(static_cast<const char*>(p), n); }
};

// Bounds-checked little-endian reader; `ok` turns false on any overrun.
struct In {
  const uint8_t* p;
  size_t n, at = 0;
  bool ok = true;
  template <typename T>
  T num() {
    if (!ok || n - at < sizeof(T)) {
      ok = false;
      return T{};
    }
    uint64_t v = 0;
    for (size_t i = 0; i < sizeof(T); ++i) v |= uint64_t(p[at + i]) << (8 * i);
    at += sizeof(T);
    return static_cast<T>(v);
  }
  std::string str(size_t len) {
    if (!ok || n - at < len) {
      ok = false;
      return "";
    }
    std::string s(reinterpret_cast<const char*>(p + at), len);
    at += len;
    return s;
  }
};

struct IndexEntry {
  FileStamp stamp;
  uint32_t crc = 0;
  uint64_t usize = 0;
  uint16_t method = 8;
  uint64_t offset = 0;  // in the pack file
  uint64_t csize = 0;
  uint32_t data_crc = 0;
  std::optional<ContentHash> hash;
  bool operator==(const IndexEntry&) const = default;
};

void put_entry(Out& o, const std::string& path, const IndexEntry& e) {
  o.num<uint32_t>(uint32_t(path.size()));
  o.raw(path.data(), path.size());
  o.num(e.stamp.size);
  o.num(e.stamp.mtime_ns);
  o.num(e.stamp.ctime_ns);
  o.num(e.stamp.inode);
  o.num(e.stamp.device);
  o.num(e.stamp.mode);
  o.num(e.crc);
  o.num(e.usize);
  o.num(e.method);
  o.num(e.offset);
  o.num(e.csize);
  o.num(e.data_crc);
  o.num<uint8_t>(e.hash ? 1 : 0);
  if (e.hash) o.raw(e.hash->data(), e.hash->size());
}

bool get_entry(In& in, std::string& path, IndexEntry& e) {
  path = in.str(in.num<uint32_t>());
  e.stamp.size = in.num<uint64_t>();
  e.stamp.mtime_ns = in.num<int64_t>();
  e.stamp.ctime_ns = in.num<int64_t>();
  e.stamp.inode = in.num<uint64_t>();
  e.stamp.device = in.num<uint64_t>();
  e.stamp.mode = in.num<uint32_t>();
  e.crc = in.num<uint32_t>();
  e.usize = in.num<uint64_t>();
  e.method = in.num<uint16_t>();
  e.offset = in.num<uint64_t>();
  e.csize = in.num<uint64_t>();
  e.data_crc = in.num<uint32_t>();
  if (in.num<uint8_t>()) {
    std::string h = in.str(32);
    if (in.ok) std::memcpy(e.hash.emplace().data(), h.data(), 32);
  }
  return in.ok;
}

std::optional<ContentHash> hash_file(const std::string& path, uint64_t size) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return std::nullopt;
  digest::Sha256 sha;
  std::vector<char> buf(1 << 16);
  uint64_t total = 0;
  size_t got;
  while ((got = std::fread(buf.data(), 1, buf.size(), f)) > 0) {
    sha.update(buf.data(), got);
    total += got;
  }
  std::fclose(f);
  if (total != size) return std::nullopt;
  return sha.finish();
}

uint64_t cache_cap_bytes() {
  const char* v = std::getenv("SLS_CACHE_MAX_MB");
  long long mb = v && *v ? std::atoll(v) : 2048;
  return uint64_t(std::max(1LL, mb)) << 20;
}

// Removes the least recently used packs of `dir` while they exceed the cap.
void evict(const fs::path& dir, const fs::path& keep) {
  std::error_code ec;
  struct Pack {
    fs::path path;
    fs::file_time_type used;
    uint64_t size;
  };
  std::vector<Pack> packs;
  uint64_t total = 0;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() != ".pack") continue;
    Pack p{e.path(), e.last_write_time(ec), e.file_size(ec)};
    if (ec) continue;
    total += p.size;
    packs.push_back(std::move(p));
  }
  const uint64_t cap = cache_cap_bytes();
  std::sort(packs.begin(), packs.end(), [](const Pack& a, const Pack& b) { return a.used < b.used; });
  for (const auto& p : packs) {
    if (total <= cap) break;
    if (p.path == keep) continue;
    if (fs::remove(p.path, ec)) total -= p.size;
  }
}

}  // namespace

FileStamp file_stamp(const struct stat& st) {
  FileStamp s;
  s.size = uint64_t(st.st_size);
  s.mtime_ns = int64_t(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  s.ctime_ns = int64_t(st.st_ctim.tv_sec) * 1'000'000'000 + st.st_ctim.tv_nsec;
  s.inode = uint64_t(st.st_ino);
  s.device = uint64_t(st.st_dev);
  s.mode = uint32_t(st.st_mode);
  return s;
}

std::optional<fs::path> default_deflate_cache_dir() {
  if (const char* off = std::getenv("SLS_NO_CACHE"); off && *off && std::strcmp(off, "0") != 0) return std::nullopt;
  return user_cache_dir("deflate");
}

fs::path deflate_pack_path(const fs::path& dir, const std::string& id, int level) {
  std::string key = id + "\n" + std::to_string(level) + "\n" + SLS_VERSION + "\n" + std::to_string(kFormat);
  std::string name = digest::hex(digest::sha256(key)).substr(0, 32);
  return dir / (name + ".pack");
}

struct DeflateCache::Impl {
  fs::path dir, pack;
  std::string id;
  int level = 6;
  int64_t run_start_ns = 0;

  // The old pack, mapped.
  const uint8_t* map = nullptr;
  size_t map_size = 0;
  std::unordered_map<std::string, IndexEntry> old;
  std::vector<std::pair<std::string, IndexEntry>> old_order;

  // The next pack.
  std::vector<std::pair<std::string, IndexEntry>> next;
  std::vector<bool> next_from_old;  // data still in the old pack
  std::FILE* tmp = nullptr;
  fs::path tmp_path;
  uint64_t tmp_offset = 0;

  mutable std::atomic<size_t> hits{0}, misses{0}, rejected{0};
  bool broken = false;  // a write failed: the next pack is not written

  void load() {
    int fd = ::open(pack.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st;
    if (::fstat(fd, &st) != 0 || size_t(st.st_size) < kHeaderSize) {
      ::close(fd);
      return;
    }
    void* m = ::mmap(nullptr, size_t(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (m == MAP_FAILED) return;
    map = static_cast<const uint8_t*>(m);
    map_size = size_t(st.st_size);
    if (!parse()) {
      old.clear();
      old_order.clear();
    }
  }

  bool parse() {
    if (std::memcmp(map, kMagic, sizeof kMagic) != 0) return false;
    In h{map, kHeaderSize, sizeof kMagic};
    uint32_t format = h.num<uint32_t>(), lvl = h.num<uint32_t>(), lib = h.num<uint32_t>(), id_len = h.num<uint32_t>();
    uint64_t count = h.num<uint64_t>(), index_offset = h.num<uint64_t>(), index_size = h.num<uint64_t>();
    uint32_t index_crc = h.num<uint32_t>();
    if (!h.ok || format != kFormat || int(lvl) != level || lib != kLibraryVersion) return false;
    if (map_size - kHeaderSize < id_len || std::string(reinterpret_cast<const char*>(map + kHeaderSize), id_len) != id)
      return false;
    if (index_offset > map_size || map_size - index_offset < index_size) return false;
    if (crc_of(map + index_offset, index_size) != index_crc) return false;
    In in{map + index_offset, index_size};
    for (uint64_t i = 0; i < count; ++i) {
      std::string path;
      IndexEntry e;
      if (!get_entry(in, path, e)) return false;
      if (e.offset > map_size || map_size - e.offset < e.csize) return false;
      old.emplace(path, e);
      old_order.emplace_back(std::move(path), e);
    }
    return in.at == in.n;
  }

  void open_tmp() {
    if (tmp) return;
    fs::create_directories(dir);
    static std::atomic<unsigned> counter{0};
    tmp_path = pack;
    tmp_path += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
    tmp = std::fopen(tmp_path.c_str(), "wb");
    if (!tmp) throw std::runtime_error("cannot write " + tmp_path.string());
    std::string header(kHeaderSize, '\0');
    write(header.data(), header.size());
    write(id.data(), id.size());
  }

  void write(const void* p, size_t n) {
    if (n && std::fwrite(p, 1, n, tmp) != n) throw std::runtime_error("cannot write " + tmp_path.string());
    tmp_offset += n;
  }

  void drop_tmp() {
    if (tmp) std::fclose(tmp);
    tmp = nullptr;
    std::error_code ec;
    if (!tmp_path.empty()) fs::remove(tmp_path, ec);
  }

  bool unchanged() const {
    if (tmp || next.size() != old_order.size()) return false;
    for (size_t i = 0; i < next.size(); ++i)
      if (next[i] != old_order[i]) return false;
    return true;
  }
};

DeflateCache::DeflateCache(fs::path dir, std::string id, int level, int64_t run_start_ns)
    : impl_(std::make_unique<Impl>()) {
  impl_->dir = std::move(dir);
  impl_->id = std::move(id);
  impl_->level = level;
  impl_->run_start_ns = run_start_ns;
  impl_->pack = deflate_pack_path(impl_->dir, impl_->id, level);
  impl_->load();
}

DeflateCache::~DeflateCache() {
  impl_->drop_tmp();
  if (impl_->map) ::munmap(const_cast<uint8_t*>(impl_->map), impl_->map_size);
}

bool DeflateCache::in_doubt(const FileStamp& stamp) const {
  return std::max(stamp.mtime_ns, stamp.ctime_ns) + kDoubtWindowNs > impl_->run_start_ns;
}

std::optional<DeflatedEntry> DeflateCache::lookup(const std::string& path, const FileStamp& stamp) const {
  auto it = impl_->old.find(path);
  if (it == impl_->old.end() || !(it->second.stamp == stamp)) {
    ++impl_->misses;
    return std::nullopt;
  }
  const IndexEntry& e = it->second;
  const uint8_t* data = impl_->map + e.offset;
  if (crc_of(data, e.csize) != e.data_crc || (e.method == 0 && e.csize != e.usize)) {
    ++impl_->rejected;
    return std::nullopt;
  }
  if (e.hash || in_doubt(stamp)) {
    std::optional<ContentHash> now = hash_file(path, stamp.size);
    if (!e.hash || !now || *now != *e.hash) {
      ++impl_->rejected;
      return std::nullopt;
    }
  }
  DeflatedEntry out;
  out.crc = e.crc;
  out.usize = e.usize;
  out.method = e.method;
  out.cached = data;
  out.cached_size = e.csize;
  out.content_hash = e.hash;
  ++impl_->hits;
  return out;
}

void DeflateCache::record(const std::string& path, const FileStamp& stamp, const DeflatedEntry& entry) {
  IndexEntry e;
  e.stamp = stamp;
  e.crc = entry.crc;
  e.usize = entry.usize;
  e.method = entry.method;
  e.csize = entry.size();
  if (in_doubt(stamp)) {
    if (!entry.content_hash) return;  // in doubt without a hash: not cached
    e.hash = entry.content_hash;
  }
  if (impl_->broken) return;
  auto it = impl_->old.find(path);
  // Bytes lookup() checked in the old pack stay where they are.
  bool from_old = entry.cached && it != impl_->old.end() && entry.cached == impl_->map + it->second.offset &&
                  it->second.stamp == stamp;
  if (from_old) {
    e.offset = it->second.offset;
    e.data_crc = it->second.data_crc;
  } else {
    e.data_crc = crc_of(entry.bytes(), entry.size());
    try {
      impl_->open_tmp();
      e.offset = impl_->tmp_offset;
      impl_->write(entry.bytes(), entry.size());
    } catch (...) {
      impl_->broken = true;
      impl_->drop_tmp();
      throw;
    }
  }
  impl_->next.emplace_back(path, e);
  impl_->next_from_old.push_back(from_old);
}

void DeflateCache::commit() {
  Impl& m = *impl_;
  std::error_code ec;
  if (m.broken) return;
  if (m.unchanged()) {
    fs::last_write_time(m.pack, fs::file_time_type::clock::now(), ec);  // recently used
    return;
  }
  try {
    m.open_tmp();
    for (size_t i = 0; i < m.next.size(); ++i) {
      if (!m.next_from_old[i]) continue;
      IndexEntry& e = m.next[i].second;
      uint64_t at = m.tmp_offset;
      m.write(m.map + e.offset, e.csize);
      e.offset = at;
    }
    Out index;
    for (const auto& [path, e] : m.next) put_entry(index, path, e);
    const uint64_t index_offset = m.tmp_offset;
    m.write(index.bytes.data(), index.bytes.size());
    Out header;
    header.raw(kMagic, sizeof kMagic);
    header.num(kFormat);
    header.num(uint32_t(m.level));
    header.num(kLibraryVersion);
    header.num(uint32_t(m.id.size()));
    header.num(uint64_t(m.next.size()));
    header.num(index_offset);
    header.num(uint64_t(index.bytes.size()));
    header.num(crc_of(reinterpret_cast<const uint8_t*>(index.bytes.data()), index.bytes.size()));
    header.bytes.resize(kHeaderSize, '\0');
    if (std::fseek(m.tmp, 0, SEEK_SET) != 0 || std::fwrite(header.bytes.data(), 1, kHeaderSize, m.tmp) != kHeaderSize)
      throw std::runtime_error("cannot write " + m.tmp_path.string());
    bool ok = std::fclose(m.tmp) == 0;
    m.tmp = nullptr;
    if (!ok) throw std::runtime_error("cannot write " + m.tmp_path.string());
    fs::rename(m.tmp_path, m.pack);
    m.tmp_path.clear();
  } catch (...) {
    m.drop_tmp();
    throw;
  }
  evict(m.dir, m.pack);
}

DeflateCache::Stats DeflateCache::stats() const {
  return Stats{impl_->hits.load(), impl_->misses.load(), impl_->rejected.load()};
}

}  // namespace sls::package
