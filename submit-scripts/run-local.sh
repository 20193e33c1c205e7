#!/usr/bin/env bash
# Runs a job in this JVM on local Spark (master from the job's YAML, local[*] by default).
#   submit-scripts/run-local.sh prep --config conf/prep-mnist-rts.yaml --preview
# Environment: DRIVER_MEMORY (default 6g), OMP_NUM_THREADS (default 1 per Spark task thread).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[ $# -ge 1 ] || { echo "usage: $0 <job> [--config conf/x.yaml] [--set key=value ...]" >&2; exit 2; }
class="$(job_class "$1")"; shift
build_if_needed
cd "$ROOT"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
# With more than one thread, idle OpenMP and OpenBLAS threads must not spin on the cores the other
# pool needs (measured: ST-CNN with 2 threads 129 -> 79 ms per iteration, DRAW T=10 304 -> 128).
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}" OPENBLAS_THREAD_TIMEOUT="${OPENBLAS_THREAD_TIMEOUT:-4}"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# shellcheck disable=SC2086
exec java -Xmx"${DRIVER_MEMORY:-6g}" $JVM_FLAGS \
  -Dlog4j.configurationFile="$ROOT/conf/log4j2.properties" -Dattend.git.commit="$ATTEND_GIT_COMMIT" \
  -cp "$ROOT/jobs/target/classes:$(cat "$ROOT/jobs/target/classpath.txt")" \
  "$class" "$@"
