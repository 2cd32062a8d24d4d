#!/usr/bin/env bash
# The main job on the bundled example: build sls, then package
# examples/billing-service and show what it produced.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/scripts/setup.sh"
bash "$root/scripts/build.sh" "$root/build"
cd "$root/examples/billing-service"
"$root/build/sls" package
echo
echo "Produced in examples/billing-service/.serverless:"
ls -l .serverless
