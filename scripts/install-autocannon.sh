#!/usr/bin/env bash
# Installs autocannon, the keep-alive HTTP load generator -Pbench-overhead compares Gatling's
# latency with, from the npm registry into target/autocannon (Node.js and npm from Debian's
# packages when missing). Does nothing when the pinned version is already there.
set -euo pipefail
tool=install-autocannon
skip=bench.skipPeer
. "$(dirname "$0")/debian-packages.sh"

version=9.0.0
dir="$(cd "$(dirname "$0")/.." && pwd)/target/autocannon"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  debian_install "the keep-alive comparison of -Pbench-overhead" nodejs npm
fi
installed="$dir/node_modules/autocannon/package.json"
if [ -f "$installed" ] && grep -q "\"version\": \"$version\"" "$installed"; then
  exit 0
fi
mkdir -p "$dir"
# --prefix keeps it out of the project's own files; no package.json of ours is written or read.
npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error "autocannon@$version" >/dev/null
echo "$tool: autocannon $version (npm) in $dir"
