#!/usr/bin/env bash
# Installs what the manifests check (K8sManifestsIT) lints deploy/k8s with: Debian's yamllint.
# Called by `mvn verify` before the integration tests (exec-maven-plugin, pre-integration-test), so
# a fresh Debian machine with only a JDK and Maven runs that check too. Does nothing when a yamllint
# is already on the PATH (Debian's, or one installed with pip).
#
# yamllint is a command-line tool only: the package brings no system service, so there is nothing
# to stop afterwards.
set -euo pipefail
tool=install-yamllint
skip=yamllint.skip
. "$(dirname "$0")/debian-packages.sh"

if command -v yamllint >/dev/null 2>&1; then
  exit 0
fi
debian_install "the Kubernetes manifests check" yamllint
echo "$tool: $(yamllint --version 2>&1 | head -n 1 || echo 'yamllint installed')"
