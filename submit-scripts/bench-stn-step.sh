#!/usr/bin/env bash
# Steady-state ms per training step (forward + backward + Adam update) of the ST-CNN and the CNN
# baseline at 28×28 and 42×42, batch 64, random data, in one JVM, for 1 and 2 OpenMP threads.
# Prints CSV lines. Usage: submit-scripts/bench-stn-step.sh [BATCH] [WARMUP] [STEPS]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
build_if_needed
cd "$ROOT"
for threads in 1 2; do
  # shellcheck disable=SC2086
  OMP_NUM_THREADS=$threads java -Xmx4g $JVM_FLAGS -Dlog4j.configurationFile="$ROOT/conf/log4j2.properties" \
    -cp "$ROOT/jobs/target/classes:$(cat "$ROOT/jobs/target/classpath.txt")" \
    io.attendspark.jobs.bench.StnBench "${1:-64}" "${2:-3}" "${3:-10}" | if [ "$threads" = 1 ]; then cat; else tail -n +2; fi
done
