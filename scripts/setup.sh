#!/usr/bin/env bash
# Installs what sls needs to build and test on Debian (idempotent: installs
# only what is missing).
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  libyaml-cpp-dev nlohmann-json3-dev libcurl4-openssl-dev libssl-dev libpugixml-dev
  libdeflate-dev zlib1g-dev libcli11-dev libfmt-dev libvalijson-dev libcpp-httplib-dev
  libgtest-dev libgmock-dev
  python3 nodejs npm unzip
)

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
