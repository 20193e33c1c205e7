#!/usr/bin/env bash
# The performance harness (issue 7): steady-state ms per training iteration (forward + backward +
# Adam update, after warm-up, batch as in PyTorch reference) of every model at its reference size,
# in one JVM per OpenMP thread count (1 and 2), with analytic FLOPs, achieved GFLOP/s and the ratio
# to the PyTorch 1.13.1 figure given in issue 7 (side by side on this machine: bench-pytorch.sh).
# Prints a table and writes the CSV to attend-output/bench/models-<UTC time>.csv.
#   submit-scripts/bench.sh [workload,...|all] [WARMUP] [STEPS]   (defaults: all 3 30; with 10 steps the
#   NTM moved between 45 and 66 ms per iteration from run to run here)
#   workloads: stcnn-mnist28, stcnn-rts42 (hand-written spatial transformer), stcnn-mnist28-samediff,
#   cnn-mnist28, draw-t10, draw-t64 (SameDiff layer), draw-t10-fast, draw-t64-fast (hand-written layer),
#   ntm-copy (hand-written layer), ntm-copy-samediff
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
build_if_needed
cd "$ROOT"
mkdir -p attend-output/bench
csv="attend-output/bench/models-$(date -u +%Y%m%dT%H%M%SZ).csv"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}" OPENBLAS_THREAD_TIMEOUT="${OPENBLAS_THREAD_TIMEOUT:-4}"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg);" \
  "OMP_WAIT_POLICY=$OMP_WAIT_POLICY OPENBLAS_THREAD_TIMEOUT=$OPENBLAS_THREAD_TIMEOUT" >&2
first=1
for threads in ${BENCH_THREADS:-1 2}; do
  # shellcheck disable=SC2086
  OMP_NUM_THREADS=$threads java -Xmx6g $JVM_FLAGS -Dlog4j.configurationFile="$ROOT/conf/log4j2.properties" \
    -cp "$ROOT/jobs/target/classes:$(cat "$ROOT/jobs/target/classpath.txt")" \
    io.attendspark.jobs.bench.ModelBench "${1:-all}" "${2:-3}" "${3:-30}" | if [ "$first" = 1 ]; then cat; else tail -n +2; fi
  first=0
done | tee "$csv" | column -t -s,
echo "CSV: $csv" >&2
