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
tool=install-pgbouncer
skip=pgbouncer.skip
. "$(dirname "$0")/debian-packages.sh"

if [ -x /usr/sbin/pgbouncer ]; then
  exit 0
fi
debian_install "the pooler test" pgbouncer
debian_stop_service pgbouncer
pidfile=/run/postgresql/pgbouncer.pid
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  echo "$tool: the system's pgbouncer service is still running (pid $(cat "$pidfile")); stop it with: systemctl disable --now pgbouncer" >&2
fi
echo "$tool: $(/usr/sbin/pgbouncer --version 2>/dev/null | head -n 1 || echo 'pgbouncer installed')"
