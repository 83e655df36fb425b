#!/usr/bin/env bash
# Runs the memmap JMH benchmarks (see BENCHMARKS.md at the repository root).
#
#   benchmarks/run.sh quick [regex]   ~6-8 min on 2 cores: 1 fork, 2 x 1 s warm-up, 3 x 1 s measured
#   benchmarks/run.sh full  [regex]   ~40 min: 3 forks, 3 x 1 s warm-up, 5 x 1 s measured (the gate
#                                      protocol of shared/spec/performance.md section 4)
#   benchmarks/run.sh gc    [regex]   quick settings with -prof gc (allocation per op)
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
case "$mode" in
  quick) opts=(-f 1 -wi 2 -w 1s -i 3 -r 1s) ;;
  full)  opts=(-f 3 -wi 3 -w 1s -i 5 -r 1s) ;;
  gc)    opts=(-f 1 -wi 2 -w 1s -i 3 -r 1s -prof gc) ;;
  *) echo "usage: $0 quick|full|gc [regex]" >&2; exit 2 ;;
esac
out="benchmarks/target/jmh-$mode"
java -jar "$jar" "$regex" "${opts[@]}" "${common[@]}" -rff "$out.json" | tee "$out.txt"
python3 benchmarks/ratios.py "$out.json" || true
