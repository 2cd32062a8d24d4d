#!/usr/bin/env bash
# Installs what sls needs to build and test on Debian (idempotent: installs
# only what is missing).
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  libyaml-dev nlohmann-json3-dev libcurl4-openssl-dev nettle-dev libpugixml-dev
  libdeflate-dev zlib1g-dev libfmt-dev libcpp-httplib-dev
  libgtest-dev libgmock-dev libmimalloc-dev libboost-dev
  unzip curl
  tzdata                  # /usr/share/zoneinfo: schedule `timezone` under `sls offline`
  clang libclang-rt-dev   # the libFuzzer target (scripts/fuzz.sh)
)
# Runtimes the tests use (handlers run in real node/python3). Any install on
# PATH will do (nodejs from another source ships its own npm); apt only if absent.
command -v python3 >/dev/null || PACKAGES+=(python3)
command -v node >/dev/null || PACKAGES+=(nodejs)
command -v npm >/dev/null || PACKAGES+=(npm)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The moto server for the AWS end-to-end tests (a Python package). Where PyPI
# cannot be reached those tests report themselves skipped.
if ! command -v moto_server >/dev/null 2>&1; then
  python3 -m pip install --quiet "moto[server]" >/dev/null 2>&1 ||
    echo "setup: moto_server unavailable; AWS end-to-end tests will be skipped"
fi
