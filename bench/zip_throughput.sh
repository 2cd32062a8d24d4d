#!/usr/bin/env bash
# Times packaging a service with a large node_modules (~100 MB: aws-sdk v2,
# lodash, moment, ... plus typescript as a devDependency, which must be left
# out) with sls and with osls, and compares zip sizes and file lists.
#   bench/zip_throughput.sh [work-dir]
# Env: SLS (default build/sls), OSLS (default /tmp/oracle/node_modules/.bin/osls).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-$(mktemp -d /tmp/sls-zip-bench.XXXXXX)}"
SLS="${SLS:-$root/build/sls}"
OSLS="${OSLS:-/tmp/oracle/node_modules/.bin/osls}"
out="$(mktemp -d /tmp/sls-zip-bench-out.XXXXXX)"  # outside the service: not zipped
mkdir -p "$work/src"
cd "$work"
cat > package.json <<'JSON'
{ "name": "zip-bench", "version": "1.0.0", "private": true,
  "dependencies": { "aws-sdk": "2.1692.0", "lodash": "4.17.21", "moment": "2.30.1",
                    "uuid": "9.0.1", "axios": "1.7.7", "date-fns": "3.6.0" },
  "devDependencies": { "typescript": "5.6.3", "@types/node": "20.16.10" } }
JSON
echo 'exports.create = async () => ({ statusCode: 200 });' > src/handler.js
cat > serverless.yml <<'YAML'
service: zip-bench
provider:
  name: aws
  runtime: nodejs24.x
functions:
  create:
    handler: src/handler.create
YAML
[ -d node_modules ] || npm install --no-audit --no-fund --silent
echo "node_modules: $(du -sm node_modules | cut -f1) MB, $(find node_modules -type f | wc -l) files"

t0=$(date +%s.%N)
"$OSLS" package --package "$out/osls" >/dev/null 2>&1
t1=$(date +%s.%N)
SLS_NO_CACHE=1 "$SLS" package --package "$out/sls" >/dev/null  # cold: no deflate cache
t2=$(date +%s.%N)

o="$out/osls/zip-bench.zip"; s="$out/sls/zip-bench.zip"
printf 'osls: %6.2f s  %10d bytes\n' "$(echo "$t1 - $t0" | bc)" "$(stat -c %s "$o")"
printf 'sls:  %6.2f s  %10d bytes\n' "$(echo "$t2 - $t1" | bc)" "$(stat -c %s "$s")"
if diff <(unzip -Z1 "$o" | sort) <(unzip -Z1 "$s" | sort) >/dev/null; then
  echo "file lists: identical"
else
  echo "file lists: DIFFER"; diff <(unzip -Z1 "$o" | sort) <(unzip -Z1 "$s" | sort) | head -20
fi
