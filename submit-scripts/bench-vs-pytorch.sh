#!/usr/bin/env bash
# Our models against the same models in PyTorch, alternating in one run (ours, then PyTorch, for
# ROUNDS rounds; one thread each, the same warm-up and timed iterations), with the mean of each
# side and their ratio: a per-core comparison that the ~10 % drift between runs on this machine
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
echo "machine: $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); one thread; $rounds rounds of $warmup + $steps iterations" >&2
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}" OPENBLAS_THREAD_TIMEOUT="${OPENBLAS_THREAD_TIMEOUT:-4}"
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
awk '{o[$1] += $2; t[$1] += $3; n[$1]++} END {for (w in o) printf "mean %s: ours %.1f ms, PyTorch %.1f ms, ratio %.2f\n", w, o[w] / n[w], t[w] / n[w], o[w] / t[w]}' "$results" | sort
