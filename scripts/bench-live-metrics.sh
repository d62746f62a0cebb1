#!/usr/bin/env bash
# What live metrics cost the suite: runs the load profile with live.enabled on and off, alternating
# (on/off, then off/on, ...) so that a machine that drifts during the session weighs on both
# settings alike, and prints each run's suite CPU per request, each setting's median and the
# medians' difference. The figures are what every run prints: this JVM's CPU time from its first
# request to the end of the load, over the requests made, for the whole process and for its Java
# threads alone (no JIT compiler, no GC: they vary from run to run by more than the bookkeeping
# costs). The engine and PostgreSQL are processes of their own and not counted.
#
#   scripts/bench-live-metrics.sh [pairs=4] [rate=50] [duration=90s]
#   KNOB=resources.enabled scripts/bench-live-metrics.sh ...   (any boolean knob, the same way:
#   resources.enabled measures what server-side sampling costs)
#
# Each run is a ramp of 5 s and then `duration` at `rate` webhooks/s against the embedded engine;
# reports go to target/bench-<knob>, not to reports/. MVN_FLAGS (e.g. -o) is passed to Maven.
set -euo pipefail

knob=${KNOB:-live.enabled}
pairs=${1:-4}
rate=${2:-50}
duration=${3:-90s}
cd "$(dirname "$0")/.."
out=target/bench-$knob
mkdir -p "$out"
results="$out/results.tsv"
: >"$results"

run() { # $1 = true|false, $2 = run number
  local log="$out/run-$2-$knob-$1.log"
  # shellcheck disable=SC2086
  mvn -q ${MVN_FLAGS:-} gatling:test -Pload -Dreports.dir="$out/reports" -D"$knob"="$1" \
    -Dload.rate="$rate" -Dload.rampDuration=5s -Dload.duration="$duration" >"$log" 2>&1 || true
  local line
  line=$(grep -m1 'suite CPU during the load' "$log" || true)
  if [ -z "$line" ]; then
    echo "bench-live-metrics: run $2 ($knob $1) printed no CPU figure; see $log" >&2
    exit 1
  fi
  local ms threads requests
  ms=$(sed -E 's/.* requests, ([0-9.]+) ms per request;.*/\1/' <<<"$line")
  threads=$(sed -E 's/.*its threads [^)]*\) ([0-9.]+) ms per request.*/\1/' <<<"$line")
  requests=$(sed -E 's/.* for ([0-9,]+) requests.*/\1/' <<<"$line" | tr -d ,)
  if ! [[ $ms =~ ^[0-9.]+$ && $threads =~ ^[0-9.]+$ ]]; then
    echo "bench-live-metrics: run $2 ($knob $1) printed no figures per request: $line" >&2
    exit 1
  fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$2" "$1" "$ms" "$threads" "$requests" >>"$results"
  printf 'run %2d  %s %-5s  process %8s ms, threads %8s ms per request  (%s requests)\n' \
    "$2" "$knob" "$1" "$ms" "$threads" "$requests"
}

echo "bench-live-metrics: $knob true and false, $pairs pairs of runs, ${rate} webhooks/s for $duration each"
n=0
for ((p = 1; p <= pairs; p++)); do
  if ((p % 2)); then order=(true false); else order=(false true); fi
  for live in "${order[@]}"; do
    n=$((n + 1))
    run "$live" "$n"
  done
done

median() { sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
# compare <column> <label>: each setting's median and spread of one figure, and on against off.
compare() {
  local on off
  on=$(awk -F'\t' -v c="$1" '$2=="true"{print $c}' "$results" | median)
  off=$(awk -F'\t' -v c="$1" '$2=="false"{print $c}' "$results" | median)
  for setting in true false; do
    awk -F'\t' -v c="$1" -v s="$setting" -v l="$2" -v m="$([ $setting = true ] && echo "$on" || echo "$off")" \
      -v k="$knob" '$2==s{if(min==""||$c<min)min=$c; if($c>max)max=$c} END {printf "%s, %s %-5s: median %.3f ms per request (runs %.3f to %.3f ms)\n", l, k, s, m, min, max}' "$results"
  done
  awk -v on="$on" -v off="$off" -v l="$2" 'BEGIN {printf "%s: on against off %+.1f %%\n", l, 100 * (on - off) / off}'
}
# Each pair's two runs ran next to each other: their ratio cancels a machine that drifts during the
# session, which the medians above do not (two 3-pair benches of the same code read -0.2 % and
# +7.1 %).
paired() {
  local ratio
  ratio=$(awk -F'\t' -v c="$1" '{v[$1]=$c; s[$1]=$2} END {
      for (p = 1; 2 * p <= NR; p++) {
        a = 2 * p - 1; b = 2 * p
        on = s[a] == "true" ? v[a] : v[b]; off = s[a] == "true" ? v[b] : v[a]
        print on / off
      }}' "$results" | median)
  awk -v r="$ratio" -v l="$2" 'BEGIN {printf "%s: on against off, median of the pairs %+.1f %%\n", l, 100 * (r - 1)}'
}
compare 3 "process"
compare 4 "threads"
paired 3 "process"
paired 4 "threads"
