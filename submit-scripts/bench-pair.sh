#!/usr/bin/env bash
# The scaling ceiling of this machine for the distributed figures (issue 7): each workload's
# ModelBench alone, then two copies at once (one thread each, both after their warm-up), and the
# throughput of the pair over one. Two executors of one core cannot beat what two independent
# processes get on the same cores (shared caches, memory bandwidth, the host's scheduling). The two
# timed runs start after their own warm-up and overlap mostly, not exactly.
#   submit-scripts/bench-pair.sh [WORKLOADS] [STEPS]   (defaults: stcnn-mnist28,draw-t10-fast,ntm-copy 150)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
build_if_needed
cd "$ROOT"
workloads="${1:-stcnn-mnist28,draw-t10-fast,ntm-copy}"; steps="${2:-150}"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
echo "machine: $(getconf _NPROCESSORS_ONLN) cores; load $(cut -d' ' -f1-3 /proc/loadavg); one thread per process; warm-up >= ${BENCH_WARMUP_SECONDS:-5} s, then $steps timed iterations" >&2
cp="$ROOT/jobs/target/classes:$(cat "$ROOT/jobs/target/classpath.txt")"
ms() {   # workload -> ms per iteration
  # shellcheck disable=SC2086
  java -Xmx4g $JVM_FLAGS -Dlog4j.configurationFile="$ROOT/conf/log4j2.properties" -cp "$cp" \
    io.attendspark.jobs.bench.ModelBench "$1" 3 "$steps" 2>/dev/null | tail -n 1 | cut -d, -f4
}
a="$(mktemp)"; b="$(mktemp)"; pid=""
trap 'rm -f "$a" "$b"; [ -z "$pid" ] || kill "$pid" 2>/dev/null || true' EXIT
for w in ${workloads//,/ }; do
  alone="$(ms "$w")"
  ms "$w" > "$a" & pid=$!
  ms "$w" > "$b"
  wait "$pid"; pid=""
  for v in "$alone" "$(cat "$a")" "$(cat "$b")"; do
    [ -n "$v" ] || { echo "bench-pair: a ModelBench run of $w printed no figure" >&2; exit 1; }
  done
  awk -v w="$w" -v one="$alone" -v p="$(cat "$a")" -v q="$(cat "$b")" 'BEGIN {
    printf "%s: alone %.1f ms; two at once %.1f and %.1f ms; throughput of two over one %.2fx\n", w, one, p, q, one / p + one / q }'
done
