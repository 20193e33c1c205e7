#!/usr/bin/env bash
# Our models against the same models in PyTorch, alternating in one run (ours, then PyTorch, for
# ROUNDS rounds; one thread each, the same warm-up and timed iterations), with the mean of each
# side and the ratio of each round (median, min, max): a per-core comparison that the ~10 % drift between runs on this machine
# cannot fake (back-to-back runs of bench.sh and bench-pytorch.sh can). Needs python3-torch, as
# bench-pytorch.sh does.
#   submit-scripts/bench-vs-pytorch.sh [WORKLOADS] [ROUNDS] [WARMUP] [STEPS]
#   WORKLOADS: any of stcnn-mnist28,stcnn-rts42,draw-t10-fast,draw-t64-fast,ntm-copy (default: all)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
workloads="${1:-stcnn-mnist28,stcnn-rts42,draw-t10-fast,draw-t64-fast,ntm-copy}"
rounds="${2:-3}"; warmup="${3:-3}"; steps="${4:-20}"
PY="${PYTHON:-/usr/bin/python3}"
"$PY" -c 'import torch' 2>/dev/null || { echo "bench-vs-pytorch: $PY cannot import torch (apt-get install python3-torch)" >&2; exit 2; }
build_if_needed
cd "$ROOT"
echo "machine: $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); one thread; $rounds rounds of a warm-up (>= $warmup iterations and >= ${BENCH_WARMUP_SECONDS:-5} s) + $steps timed iterations" >&2
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}" OPENBLAS_THREAD_TIMEOUT="${OPENBLAS_THREAD_TIMEOUT:-4}"
cp="$ROOT/jobs/target/classes:$(cat "$ROOT/jobs/target/classpath.txt")"
pytorch() {   # our workload name -> the PyTorch script's ms per iteration
  local py="$ROOT/submit-scripts/pytorch"
  case "$1" in
    stcnn-mnist28) "$PY" "$py/stcnn_bench.py" 28 1 "$warmup" "$steps" ;;
    stcnn-rts42) "$PY" "$py/stcnn_bench.py" 42 1 "$warmup" "$steps" ;;
    draw-t10-fast) "$PY" "$py/draw_bench.py" 10 1 "$warmup" "$steps" ;;
    draw-t64-fast) "$PY" "$py/draw_bench.py" 64 1 "$warmup" "$steps" ;;
    ntm-copy) "$PY" "$py/ntm_bench.py" 1 "$warmup" "$steps" ;;
    *) echo "bench-vs-pytorch: no PyTorch twin for '$1'" >&2; exit 2 ;;
  esac 2>/dev/null | grep -v '^torch\|^workload' | cut -d, -f4
}
results="$(mktemp)"
trap 'rm -f "$results"' EXIT
for r in $(seq 1 "$rounds"); do
  for w in ${workloads//,/ }; do
    # shellcheck disable=SC2086
    ours="$(java -Xmx6g $JVM_FLAGS -Dlog4j.configurationFile="$ROOT/conf/log4j2.properties" -cp "$cp" \
      io.attendspark.jobs.bench.ModelBench "$w" "$warmup" "$steps" 2>/dev/null | tail -n +2 | cut -d, -f4)"
    theirs="$(pytorch "$w")"
    echo "round $r: $w ours $ours ms, PyTorch $theirs ms" >&2
    echo "$w $ours $theirs" >> "$results"
  done
done
# Per workload: the means, and the ratio of each round (ours / PyTorch of the same round) as median,
# min and max: this machine's speed swings by up to 2x for minutes (a fixed sgemm ran at 100 and at
# 180 GFLOP/s in successive runs), so a round's ratio is steadier than either side's mean.
awk '{print $1, $2 / $3, $2, $3}' "$results" | LC_ALL=C sort -k1,1 -k2,2g | awk '
  function report() {
    if (n == 0) return
    median = n % 2 ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2
    printf "%s: ours %.1f ms, PyTorch %.1f ms (means of %d rounds); ratio per round: median %.2f, min %.2f, max %.2f\n",
      w, o / n, t / n, n, median, r[1], r[n]
  }
  $1 != w { report(); w = $1; o = t = n = 0 }
  { n++; r[n] = $2; o += $3; t += $4 }
  END { report() }'
