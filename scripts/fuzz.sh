#!/usr/bin/env bash
# Builds the libFuzzer target with clang (ASan+UBSan) into build-fuzz/ and runs it for a bounded
# time over a corpus seeded from the golden cases' configurations.
#   scripts/fuzz.sh [SECONDS]      (default 60; FUZZ_JOBS=N for parallel jobs)
# Exits non-zero when the fuzzer finds a crash, a sanitizer report, a leak or a timeout; the
# reproducer is left in build-fuzz/artifacts/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-60}"
dir="$root/build-fuzz"
if ! command -v clang++ >/dev/null || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  echo "fuzz: clang++ with libFuzzer (Debian clang, libclang-rt-dev) not installed: skipped"
  exit 0
fi
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if [ ! -f "$dir/CMakeCache.txt" ]; then
  CXX=clang++ cmake -S "$root" -B "$dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSLS_FUZZ=ON \
    -DSLS_TESTS=OFF -DSLS_STATIC_DEPS=OFF >/dev/null
fi
cmake --build "$dir" --target sls_fuzz_config -j "$(nproc)"
corpus="$dir/corpus"
mkdir -p "$corpus" "$dir/artifacts"
for f in "$root"/tests/golden/*/serverless.yml "$root"/tests/errors/*/serverless.yml; do
  cp "$f" "$corpus/$(basename "$(dirname "$f")").yml"
done
echo "== fuzz: sls_fuzz_config for ${seconds}s over $(ls "$corpus" | wc -l) inputs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  "$dir/sls_fuzz_config" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -artifact_prefix="$dir/artifacts/" -print_final_stats=1 "$corpus" 2>&1 | tail -25
