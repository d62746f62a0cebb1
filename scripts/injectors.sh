#!/usr/bin/env bash
# Several injectors on one machine, as the Kubernetes Indexed Job runs them on several
# (docs/DISTRIBUTED.md, "Several injectors"): one reference engine on loopback, <count> injector JVMs of one
# profile with distinct indexes, a shared run tag and a start barrier, then one merged verification
# of every injector's ledger. Reports land in reports/<runTag>/ (one injector-<i>/ folder each).
#
#   scripts/injectors.sh <count> <profile> [-Dkey=value ...]
#   scripts/injectors.sh 3 smoke -Dsmoke.rate=150 -Dsmoke.duration=30s
#
# Rates are the whole run's: each injector sends rate / count. Exit code: the merged verification's
# (0 pass, 1 fail, 2 unknown).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 2 ]; then
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
count=$1
profile=$2
shift 2
classpath=target/injectors.classpath
mvn -q -B test-compile dependency:build-classpath \
  -Dmdep.outputFile="$classpath" -Dmdep.includeScope=test
exec java "$@" -cp "target/test-classes:target/classes:$(cat "$classpath")" \
  dev.meshhook.load.distributed.LocalInjectorsMain "$count" "$profile"
