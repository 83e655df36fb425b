#!/usr/bin/env bash
# Runs the memmap JMH benchmarks (see BENCHMARKS.md at the repository root).
#
#   benchmarks/run.sh quick [regex]   ~6-8 min on 2 cores: 1 fork, 2 x 1 s warm-up, 3 x 1 s measured
#   benchmarks/run.sh full  [regex]   ~40 min: 3 forks, 3 x 1 s warm-up, 5 x 1 s measured (the gate
#                                      protocol of BENCHMARKS.md)
#   benchmarks/run.sh gc    [regex]   quick settings with -prof gc (allocation per op)
#   benchmarks/run.sh fleet            goal F1: `./memmap check` once per log (one process each) over
#                                      testdata/corpus/*.tsv, then FleetBench (the same logs in one
#                                      process, JMH), then the per-process loop again; prints both
#                                      rates and their ratio (FLEET_ROUNDS: loop passes each side, 1)
#   benchmarks/run.sh cpu              the kmap, kmap_local, T3 and layout figures in thread CPU time
#                                      (CpuTimeProbe: plain, kmap2, t3), for a machine shared with
#                                      other work; prints the load average before and after
#
# Builds benchmarks/target/benchmarks.jar first if it is missing (never `mvn install`).
# Results: benchmarks/target/jmh-<mode>.json (and .txt). Never more than 2 worker threads.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-quick}"
regex="${2:-.*}"
jar=benchmarks/target/benchmarks.jar
if [ ! -f "$jar" ]; then
  mvn -B -q package -pl benchmarks -am -DskipTests
fi
common=(-bm avgt -rf json)

# One pass of `./memmap check` over every corpus row, one process per log; prints "LOGS NANOS".
per_process_pass() {
  local testdata n=0 start end log opts rest
  testdata="$(pwd)/testdata"
  start=$(date +%s%N)
  for tsv in testdata/corpus/*.tsv; do
    while IFS=$'\t' read -r log opts rest; do
      case "$log" in ''|'#'*) continue ;; esac
      # shellcheck disable=SC2086 # the options are words
      if ! ./memmap check "testdata/$log" ${opts//'${testdata}'/$testdata} >/dev/null; then
        echo "fleet: ./memmap check testdata/$log $opts did not pass" >&2
        exit 1
      fi
      n=$((n + 1))
    done < "$tsv"
  done
  end=$(date +%s%N)
  echo "$n $((end - start))"
}

if [ "$mode" = fleet ]; then
  rounds="${FLEET_ROUNDS:-1}"
  out=benchmarks/target/jmh-fleet
  ./memmap --version >/dev/null # build the CLI if needed, outside the timing
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out-load.txt"
  logs=0; nanos=0
  for ((r = 0; r < rounds; r++)); do
    read -r l t < <(per_process_pass); logs=$((logs + l)); nanos=$((nanos + t))
  done
  echo "load after the first per-process loop: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out-load.txt"
  java -jar "$jar" 'FleetBench' -f 1 -wi 3 -w 2s -i 5 -r 2s "${common[@]}" -rff "$out.json" | tee "$out.txt"
  echo "load after JMH: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out-load.txt"
  for ((r = 0; r < rounds; r++)); do
    read -r l t < <(per_process_pass); logs=$((logs + l)); nanos=$((nanos + t))
  done
  echo "load after the second per-process loop: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out-load.txt"
  python3 - "$out.json" "$logs" "$nanos" <<'PY'
import json, sys
r = [x for x in json.load(open(sys.argv[1])) if x["benchmark"].endswith("FleetBench.checkLog")][0]
m = r["primaryMetric"]
us, err = float(m["score"]), float(m["scoreError"])
logs, nanos = int(sys.argv[2]), int(sys.argv[3])
per_proc = logs / (nanos / 1e9)
in_proc = 1e6 / us
print("F1 in one process: %.1f +- %.1f us per log = %.0f logs/s (JMH)" % (us, err, in_proc))
print("F1 one process per log: %d checks in %.2f s = %.2f logs/s (%.0f ms per log)"
      % (logs, nanos / 1e9, per_proc, nanos / 1e6 / logs))
print("F1 ratio: %.0fx (range %.0f..%.0f from the JMH error), target >= 20x: %s" % (
    in_proc / per_proc, 1e6 / (us + err) / per_proc,
    (1e6 / (us - err) / per_proc) if us > err else float("inf"),
    "met" if in_proc / per_proc >= 20 else "NOT met"))
PY
  exit 0
fi
if [ "$mode" = cpu ]; then
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  for what in '' kmap2 t3; do
    # shellcheck disable=SC2086 # no argument for the plain probe
    java -Xms1g -Xmx1g -cp "$jar" org.memmap.benchmarks.CpuTimeProbe $what
  done
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi
case "$mode" in
  quick) opts=(-f 1 -wi 2 -w 1s -i 3 -r 1s) ;;
  full)  opts=(-f 3 -wi 3 -w 1s -i 5 -r 1s) ;;
  gc)    opts=(-f 1 -wi 2 -w 1s -i 3 -r 1s -prof gc) ;;
  *) echo "usage: $0 quick|full|gc [regex] | fleet | cpu" >&2; exit 2 ;;
esac
out="benchmarks/target/jmh-$mode"
java -jar "$jar" "$regex" "${opts[@]}" "${common[@]}" -rff "$out.json" | tee "$out.txt"
python3 benchmarks/ratios.py "$out.json" || true
