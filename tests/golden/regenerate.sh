#!/usr/bin/env bash
# Rewrites tests/golden/<case>/expected/ with what osls 4.3.1 produces.
#   tests/golden/regenerate.sh [CASE ...]
# Installs osls@4.3.1 with npm into a temporary folder (set OSLS=/path/to/osls to reuse an
# existing install instead), then runs `osls package` in a temporary copy of each case
# (with its `args` and `env`), and writes the two templates exactly as osls writes them
# plus files.txt (the entries of each produced zip, `<zip>:<entry>`, sorted). A case's
# plugins.txt / test-deps.txt (`name@version` lines) are installed from npm into a cache folder
# and linked into the temporary copy as node_modules first (tests/golden/npm_deps.py).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tmp=""
cleanup() { [ -n "$tmp" ] && rm -rf "$tmp"; }
trap cleanup EXIT
if [ -z "${OSLS:-}" ]; then
  tmp="$(mktemp -d)"
  echo "installing osls@4.3.1 into $tmp"
  npm install --no-save --no-audit --no-fund --prefix "$tmp" osls@4.3.1 >/dev/null
  OSLS="$tmp/node_modules/.bin/osls"
fi
"$OSLS" --version
python3 "$here/compare.py" --regenerate --sls "$OSLS" "$@"
