#!/usr/bin/env bash
# The nightly runs: every profile at full size (the soak shortened), one after the other, each
# ending in verification and the regression check against its profile's earlier runs
# (reports/history.jsonl).
# Every profile runs even when an earlier one failed; the script exits non-zero if any failed
# (a threshold, a verdict or a regression), so cron mail or CI shows it.
#
#   scripts/nightly.sh                      # every profile, about two hours
#   NIGHTLY_PROFILES="load chaos" scripts/nightly.sh
#   scripts/nightly.sh --list               # the profiles it would run, and nothing else
#   SOAK_DURATION=1h REPORTS_KEEP=40 scripts/nightly.sh
#
# Used as is by .github/workflows/nightly.yml and from cron on a plain host (docs/REPORTS.md, "Across runs").
set -uo pipefail
cd "$(dirname "$0")/.."

# Every profile: the pom's profiles that pick a simulation, in the pom's order (the quick ones
# first, so a broken build shows in minutes; the soak last, as its half hour of drift says least
# about a regression). A new profile joins the nightly by its pom profile alone.
all=$(awk '
  /<profile>/ { inside = 1; id = "" }
  inside && id == "" && /<id>/ { id = $0; gsub(/.*<id>|<\/id>.*/, "", id) }
  inside && /<gatling.simulationClass>/ { print id }
  /<\/profile>/ { inside = 0 }
' pom.xml | tr '\n' ' ')
profiles=${NIGHTLY_PROFILES:-$all}
if [ "${1:-}" = --list ]; then
  echo $profiles
  exit 0
fi
# Two hours of soak do not fit a night beside the others; 30 minutes still give six 5-minute windows.
soak_duration=${SOAK_DURATION:-30m}
# Run folders to keep under reports/ (0 = all); the run index keeps every run's row regardless.
keep=${REPORTS_KEEP:-0}

# One nightly at a time on a host: a second one started while the first runs would share its CPUs.
if command -v flock >/dev/null 2>&1; then
  mkdir -p reports
  exec 9>reports/.nightly.lock
  if ! flock -n 9; then
    echo "nightly: another nightly run holds reports/.nightly.lock; not starting" >&2
    exit 3
  fi
fi

failed=()
for profile in $profiles; do
  extra=()
  if [ "$profile" = soak ]; then
    extra+=("-Dsoak.duration=$soak_duration")
  fi
  echo "nightly: $(date -u +%FT%TZ) -P$profile ${extra[*]:-}"
  if ! mvn -B gatling:test "-P$profile" "-Dreports.keep=$keep" ${extra[@]+"${extra[@]}"}; then
    failed+=("$profile")
  fi
done

echo "nightly: run index file://$PWD/reports/index.html"
if [ ${#failed[@]} -gt 0 ]; then
  echo "nightly: FAILED: ${failed[*]} (a threshold, a verification verdict or a regression; see the index)" >&2
  exit 1
fi
echo "nightly: all passed: $profiles"
