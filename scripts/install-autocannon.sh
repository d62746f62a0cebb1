#!/usr/bin/env bash
# Installs autocannon, the keep-alive HTTP load generator -Pbench-overhead compares Gatling's
# latency with, from the npm registry into target/autocannon (Node.js and npm from Debian's
# packages when missing). Does nothing when the pinned version is already there.
set -euo pipefail
tool=install-autocannon
skip=bench.skipPeer
. "$(dirname "$0")/debian-packages.sh"
. "$(dirname "$0")/npm-tools.sh"

npm_tool autocannon 9.0.0 "the keep-alive comparison of -Pbench-overhead"
