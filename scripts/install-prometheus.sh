#!/usr/bin/env bash
# Installs what the live-metrics check (MixedSimulationIT) scrapes a run with: Debian's
# prometheus, at /usr/bin/prometheus. Called by `mvn verify` before the integration tests
# (exec-maven-plugin, pre-integration-test), so a fresh Debian machine with only a JDK and Maven
# runs that check too. Does nothing when the binary is already there.
#
# Only the binary is wanted: the test starts its own Prometheus, on loopback, a free port and a
# temporary data folder, as a child process. Debian's package also brings a system service
# (prometheus.service, listening on every interface at 9090); when this script installed the
# package, it stops that service and disables it, so nothing is left running system-wide.
set -euo pipefail
tool=install-prometheus
skip=prometheus.skip
. "$(dirname "$0")/debian-packages.sh"

if [ -x /usr/bin/prometheus ]; then
  exit 0
fi
# No recommends (in debian_install): they would add the node exporter, one more service.
debian_install "the live-metrics test" prometheus
debian_stop_service prometheus
if command -v pgrep >/dev/null 2>&1 && pgrep -x prometheus >/dev/null 2>&1; then
  echo "$tool: a prometheus is still running; if it is the system's service: systemctl disable --now prometheus" >&2
fi
echo "$tool: $(/usr/bin/prometheus --version 2>&1 | head -n 1 || echo 'prometheus installed')"
