#!/usr/bin/env bash
# Installs what the live-metrics test (LiveMetricsPrometheusIT) scrapes a run with: Debian's
# prometheus, at /usr/bin/prometheus. Called by `mvn verify` before the integration tests
# (exec-maven-plugin, pre-integration-test), so a fresh Debian machine with only a JDK and Maven
# runs that test too. Does nothing when the binary is already there.
#
# Only the binary is wanted: the test starts its own Prometheus, on loopback, a free port and a
# temporary data folder, as a child process. Debian's package also brings a system service
# (prometheus.service, listening on every interface at 9090); when this script installed the
# package, it stops that service and disables it, so nothing is left running system-wide.
set -euo pipefail

if [ -x /usr/bin/prometheus ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-prometheus: no apt-get here; install Prometheus as /usr/bin/prometheus, or skip with -Dprometheus.skip=true" >&2
  exit 1
fi
run_as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1 || ! sudo -n true 2>/dev/null; then
    echo "install-prometheus: prometheus is missing and this user cannot install it; run: sudo apt-get install prometheus" >&2
    exit 1
  fi
  run_as_root=(sudo -n)
fi
echo "install-prometheus: installing Debian's prometheus for the live-metrics test"
export DEBIAN_FRONTEND=noninteractive
"${run_as_root[@]}" apt-get -qq update
# No recommends: they would add the node exporter, another service the test does not use.
"${run_as_root[@]}" apt-get -qq install -y --no-install-recommends prometheus >/dev/null

# The package's own service, started by its postinst where the init system allows it: stopped and
# disabled (the test never uses it; a reboot must not bring it back).
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  "${run_as_root[@]}" systemctl disable --now prometheus.service >/dev/null 2>&1 || true
else
  if [ -x /etc/init.d/prometheus ]; then
    "${run_as_root[@]}" /etc/init.d/prometheus stop >/dev/null 2>&1 || true
  fi
  if command -v update-rc.d >/dev/null 2>&1; then
    "${run_as_root[@]}" update-rc.d prometheus disable >/dev/null 2>&1 || true
  fi
fi
if command -v pgrep >/dev/null 2>&1 && pgrep -u prometheus -x prometheus >/dev/null 2>&1; then
  echo "install-prometheus: the system's prometheus service is still running; stop it with: systemctl disable --now prometheus" >&2
fi
echo "install-prometheus: $(/usr/bin/prometheus --version 2>&1 | head -n 1 || echo 'prometheus installed')"
