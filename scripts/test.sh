#!/usr/bin/env bash
# Builds sls and runs every test: unit tests, golden tests against osls's
# templates, end-to-end tests; then the unit tests again under ASan+UBSan.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/scripts/setup.sh"

echo "== build (release)"
bash "$root/scripts/build.sh" "$root/build"
echo "== tests (release)"
(cd "$root/build" && ctest --output-on-failure -j "$(nproc)")

if [ "${SLS_SKIP_SANITIZERS:-0}" != "1" ]; then
  echo "== build (ASan+UBSan)"
  bash "$root/scripts/build.sh" "$root/build-asan" -DSLS_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
  echo "== unit tests (ASan+UBSan)"
  (cd "$root/build-asan" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
     ctest --output-on-failure -j "$(nproc)" -L unit)
fi

if [ "${SLS_SKIP_FUZZ:-0}" != "1" ]; then
  echo "== fuzz (libFuzzer, ASan+UBSan, bounded)"
  bash "$root/scripts/fuzz.sh" "${SLS_FUZZ_SECONDS:-60}"
fi
