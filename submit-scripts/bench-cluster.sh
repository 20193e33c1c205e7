#!/usr/bin/env bash
# Distributed figures of the performance harness: one workload trained through the job's Spark
# trainer with real executor JVMs (local-cluster, 1 core each) for 1 and 2 executors, averaging
# every 5 and 20 minibatches (and the single-JVM loop), with the round split into DL4J's phases,
# the first round's time and each executor's peak memory. Prints a table, writes the CSV.
#   submit-scripts/bench-cluster.sh [WORKLOAD] [EXECUTORS] [FREQUENCIES] [ROUNDS]
#   e.g. submit-scripts/bench-cluster.sh stcnn-mnist28 1,2 10 200   (ROUNDS default 200; the steady figures
#   leave out the first half of the rounds, at least the first 5 s: the executors' JIT keeps compiling
#   per-round code for tens of seconds, and 30-round figures understated two executors by 10-15 %)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
home="$("$ROOT/submit-scripts/local-cluster.sh" home)"
cd "$ROOT"
mkdir -p attend-output/bench
csv="attend-output/bench/cluster-${1:-stcnn-rts42}-$(date -u +%Y%m%dT%H%M%SZ).csv"
echo "machine: $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); executors and driver with OMP_NUM_THREADS=1" >&2
# shellcheck disable=SC2086
SPARK_HOME="$home" SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1 OMP_NUM_THREADS=1 \
  java -Xmx4g $JVM_FLAGS -Dlog4j.configurationFile="$ROOT/conf/log4j2.properties" \
  -cp "$ROOT/jobs/target/classes:$(cat "$ROOT/jobs/target/classpath.txt")" \
  io.attendspark.jobs.bench.ClusterBench "${1:-stcnn-rts42}" "${2:-1,2}" "${3:-5,20}" "${4:-200}" "$ROOT/conf/jvm.options" \
  | tee "$csv" | column -t -s,
echo "CSV: $csv" >&2
