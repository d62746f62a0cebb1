#!/usr/bin/env bash
# Installs what the pooler test (PoolerIT) puts between the checker and PostgreSQL: Debian's
# pgbouncer, at /usr/sbin/pgbouncer. Called by `mvn verify` before the integration tests
# (exec-maven-plugin, pre-integration-test), so a fresh Debian machine with only a JDK and Maven
# runs the pooler test too. Does nothing when the binary is already there.
#
# Only the binary is wanted: the test starts its own pgbouncer, on loopback and a free port, as a
# child process. Debian's package also brings a system service (pgbouncer.service, listening on
# 127.0.0.1:6432); when this script installed the package, it stops that service and disables it,
# so nothing is left running system-wide.
set -euo pipefail

if [ -x /usr/sbin/pgbouncer ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-pgbouncer: no apt-get here; install PgBouncer as /usr/sbin/pgbouncer, or skip with -Dpgbouncer.skip=true" >&2
  exit 1
fi
run_as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1 || ! sudo -n true 2>/dev/null; then
    echo "install-pgbouncer: pgbouncer is missing and this user cannot install it; run: sudo apt-get install pgbouncer" >&2
    exit 1
  fi
  run_as_root=(sudo -n)
fi
echo "install-pgbouncer: installing Debian's pgbouncer for the pooler test"
export DEBIAN_FRONTEND=noninteractive
"${run_as_root[@]}" apt-get -qq update
"${run_as_root[@]}" apt-get -qq install -y --no-install-recommends pgbouncer >/dev/null

# The package's own service, started by its postinst where the init system allows it: stopped and
# disabled (the test never uses it; a reboot must not bring it back).
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  "${run_as_root[@]}" systemctl disable --now pgbouncer.service >/dev/null 2>&1 || true
else
  if [ -x /etc/init.d/pgbouncer ]; then
    "${run_as_root[@]}" /etc/init.d/pgbouncer stop >/dev/null 2>&1 || true
  fi
  if command -v update-rc.d >/dev/null 2>&1; then
    "${run_as_root[@]}" update-rc.d pgbouncer disable >/dev/null 2>&1 || true
  fi
fi
pidfile=/run/postgresql/pgbouncer.pid
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  echo "install-pgbouncer: the system's pgbouncer service is still running (pid $(cat "$pidfile")); stop it with: systemctl disable --now pgbouncer" >&2
fi
echo "install-pgbouncer: $(/usr/sbin/pgbouncer --version 2>/dev/null | head -n 1 || echo 'pgbouncer installed')"
