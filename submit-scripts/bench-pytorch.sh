#!/usr/bin/env bash
# The PyTorch side of the performance harness (issue 7): the same ST-CNN, DRAW and NTM workloads as
# submit-scripts/bench.sh, written in PyTorch (submit-scripts/pytorch/*.py), timed the same way
# (steady-state ms per training iteration after warm-up) with 1 and 2 threads, so that the ratios
# can be measured side by side on one machine. Optional: needs PyTorch and an optimised BLAS, e.g.
#   apt-get install python3-torch libopenblas0-pthread
# (Debian's torch uses whatever libblas.so.3 points at; with the reference BLAS its matmuls are
# about 10x slower). Not part of the build or CI.
#   submit-scripts/bench-pytorch.sh [THREADS]      e.g. submit-scripts/bench-pytorch.sh 1,2
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-/usr/bin/python3}"
threads="${1:-1,2}"
if ! "$PY" -c 'import torch' 2>/dev/null; then
  echo "bench-pytorch: $PY cannot import torch; install python3-torch (and libopenblas0-pthread) or set PYTHON" >&2
  exit 2
fi
mkdir -p "$ROOT/attend-output/bench"
csv="$ROOT/attend-output/bench/pytorch-$(date -u +%Y%m%dT%H%M%SZ).csv"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
echo "machine: $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); BLAS: $(readlink -f /etc/alternatives/libblas.so.3-x86_64-linux-gnu 2>/dev/null || echo unknown)" >&2
# One process per thread count, with OpenBLAS held to it too: torch.set_num_threads alone leaves
# Debian's pthread OpenBLAS at all cores, which made "1 thread" DRAW T=10 58-68 ms instead of 71-75.
first=1
for n in ${threads//,/ }; do
  export OMP_NUM_THREADS="$n" OPENBLAS_NUM_THREADS="$n"
  "$PY" "$ROOT/submit-scripts/pytorch/stcnn_bench.py" 28,42 "$n" 3 20 | grep -v '^torch' | if [ "$first" = 1 ]; then cat; else tail -n +2; fi
  "$PY" "$ROOT/submit-scripts/pytorch/draw_bench.py" 10,64 "$n" 3 10 | grep -v '^torch\|^workload'
  "$PY" "$ROOT/submit-scripts/pytorch/ntm_bench.py" "$n" 3 30 | grep -v '^torch\|^workload'
  first=0
done \
  | tee "$csv" | column -t -s,
echo "CSV: $csv" >&2
