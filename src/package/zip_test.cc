#include "package/zip.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <random>

#include "package/test_files.h"
#include "util/error.h"

namespace sls::package {
namespace fs = std::filesystem;

namespace {
using testing::slurp;

struct Tree {
  fs::path root = fs::temp_directory_path() / ("sls_zip_test_" + std::to_string(::getpid()));
  std::vector<ZipInput> inputs;
  Tree() {
    fs::remove_all(root);
    fs::create_directories(root / "src");
    std::ofstream(root / "src/handler.js") << "exports.h = async () => 'hello';\n";
    std::ofstream(root / "empty.txt");
    {
      std::ofstream big(root / "big.txt");
      for (int i = 0; i < 20000; ++i) big << "line " << i << " of some compressible text\n";
    }
    {
      std::mt19937 rng(42);
      std::ofstream rnd(root / "random.bin", std::ios::binary);
      for (int i = 0; i < 100000; ++i) rnd.put(static_cast<char>(rng()));
    }
    std::ofstream(root / "run.sh") << "#!/bin/sh\necho hi\n";
    fs::permissions(root / "run.sh", fs::perms::owner_exec, fs::perm_options::add);
    for (const char* n : {"big.txt", "empty.txt", "random.bin", "run.sh", "src/handler.js"})
      inputs.push_back({n, root / n, zip_mode_for(root / n)});
  }
  ~Tree() { fs::remove_all(root); }
};
}  // namespace

TEST(Zip, SameInputsGiveSameBytes) {
  Tree t;
  ZipOptions one_thread;
  one_thread.threads = 1;
  ZipOptions tiny_budget;  // many threads, memory budget forcing waits, streaming path
  tiny_budget.threads = 4;
  tiny_budget.memory_budget = 1;
  ZipResult a = write_zip(t.root / "out/a.zip", t.inputs, one_thread);
  ZipResult b = write_zip(t.root / "out/b.zip", t.inputs, tiny_budget);
  EXPECT_EQ(slurp(t.root / "out/a.zip"), slurp(t.root / "out/b.zip"));
  EXPECT_EQ(a.sha256_hex, b.sha256_hex);
  EXPECT_EQ(a.sha256_hex.size(), 64u);
  EXPECT_EQ(a.sha256_base64.size(), 44u);
  EXPECT_EQ(a.size, fs::file_size(t.root / "out/a.zip"));
  EXPECT_EQ(sha256_file(t.root / "out/a.zip").first, a.sha256_hex);
  EXPECT_EQ(sha256_file(t.root / "out/a.zip").second, a.sha256_base64);
}

TEST(Zip, InMemoryEntriesEqualTheSameFilesOnDisk) {
  Tree t;
  std::vector<ZipInput> memory;
  for (const auto& in : t.inputs) {
    ZipInput m{in.name, "/nonexistent/" + in.name, in.mode};
    m.data = slurp(in.path);
    memory.push_back(m);
  }
  ZipOptions streamed;  // data entries are never streamed, whatever the threshold
  streamed.stream_threshold = 1;
  write_zip(t.root / "out/disk.zip", t.inputs);
  write_zip(t.root / "out/memory.zip", memory, streamed);
  EXPECT_EQ(slurp(t.root / "out/disk.zip"), slurp(t.root / "out/memory.zip"));
}

TEST(Zip, InputsCarryModeAndSizeFromOneStat) {
  Tree t;
  ZipInput run = zip_input("run.sh", t.root / "run.sh");
  EXPECT_EQ(run.mode, 0100755u);
  EXPECT_EQ(run.size, fs::file_size(t.root / "run.sh"));
  ZipInput missing = zip_input("nope", t.root / "nope");
  EXPECT_EQ(missing.mode, 0100644u);
  EXPECT_FALSE(missing.size.has_value());
  EXPECT_THROW(write_zip(t.root / "out/m.zip", {missing}), sls::UserError);  // reported as before
}

TEST(Zip, StreamedEntriesAreTheSameInlineAndOnWorkers) {
  Tree t;
  ZipOptions inline_opts;  // one thread: compressed and streamed by the writer itself
  inline_opts.threads = 1;
  inline_opts.stream_threshold = 1000;
  ZipOptions workers = inline_opts;
  workers.threads = 3;
  write_zip(t.root / "out/a.zip", t.inputs, inline_opts);
  write_zip(t.root / "out/b.zip", t.inputs, workers);
  EXPECT_EQ(slurp(t.root / "out/a.zip"), slurp(t.root / "out/b.zip"));
  // A small input takes the inline path whatever the thread count.
  std::vector<ZipInput> small(t.inputs.end() - 2, t.inputs.end());
  write_zip(t.root / "out/c.zip", small, workers);
  write_zip(t.root / "out/d.zip", small, inline_opts);
  EXPECT_EQ(slurp(t.root / "out/c.zip"), slurp(t.root / "out/d.zip"));
}

TEST(Zip, ReadableByPythonZipfileWithModes) {
  Tree t;
  ZipOptions streamed;
  streamed.stream_threshold = 1000;  // big.txt and random.bin go through the zlib stream path
  for (const ZipOptions& opt : {ZipOptions{}, streamed}) {
    write_zip(t.root / "out/c.zip", t.inputs, opt);
    std::string script = t.root.string() + "/check.py";
    std::ofstream(script) << "import zipfile, sys\n"
                             "z = zipfile.ZipFile(sys.argv[1])\n"
                             "assert z.testzip() is None\n"
                             "names = [i.filename for i in z.infolist()]\n"
                             "assert names == ['big.txt','empty.txt','random.bin','run.sh','src/handler.js'], names\n"
                             "modes = {i.filename: i.external_attr >> 16 for i in z.infolist()}\n"
                             "assert modes['run.sh'] == 0o100755 and modes['big.txt'] == 0o100644, modes\n"
                             "assert all(i.date_time == (1980,1,1,0,0,0) for i in z.infolist())\n"
                             "assert z.read('src/handler.js').startswith(b'exports.h')\n"
                             "assert z.read('empty.txt') == b''\n";
    std::string cmd = "python3 " + script + " " + (t.root / "out/c.zip").string();
    EXPECT_EQ(std::system(cmd.c_str()), 0);
    std::string unzip = "unzip -tq " + (t.root / "out/c.zip").string() + " >/dev/null";
    EXPECT_EQ(std::system(unzip.c_str()), 0);
  }
}

TEST(Zip, Zip64WhenMoreThan65535Entries) {
  fs::path root = fs::temp_directory_path() / ("sls_zip64_test_" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root);
  std::ofstream(root / "f") << "x";
  std::vector<ZipInput> inputs;
  for (int i = 0; i < 70000; ++i) inputs.push_back({"d/" + std::to_string(100000 + i), root / "f", 0100644});
  write_zip(root / "many.zip", inputs);
  std::string cmd = "python3 -c \"import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); "
                    "assert len(z.infolist())==70000; assert z.read('d/169999')==b'x'\" " +
                    (root / "many.zip").string();
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  fs::remove_all(root);
}

TEST(Zip, MissingFileIsAUserError) {
  fs::path root = fs::temp_directory_path() / ("sls_zip_missing_" + std::to_string(::getpid()));
  EXPECT_ANY_THROW(write_zip(root / "x.zip", {{"nope", root / "nope", 0100644}}));
}

}  // namespace sls::package
