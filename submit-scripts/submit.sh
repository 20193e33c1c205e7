#!/usr/bin/env bash
# Submits a job to an installed Spark ($SPARK_HOME/bin/spark-submit): YARN, Kubernetes or standalone.
#   SPARK_MASTER=yarn submit-scripts/submit.sh prep --config conf/prep-mnist-rts.yaml \
#       --set output=hdfs:///datasets/mnist-rts --set mnist=hdfs:///datasets/mnist-idx
# Extra spark-submit options go in SPARK_SUBMIT_OPTS_EXTRA (e.g. "--num-executors 4 --executor-cores 2").
# ND4J keeps its arrays off-heap (JavaCPP): EXECUTOR_OFFHEAP caps them per executor (default 3G) and
# EXECUTOR_PHYSICAL caps the executor process (heap + off-heap, default 8G); keep
# spark.executor.memory + spark.executor.memoryOverhead (conf/spark-defaults.conf) above the latter.
# The YAML is read by the driver: in cluster deploy mode ship it with --files and pass its base name.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[ $# -ge 1 ] || { echo "usage: $0 <job> [--config conf/x.yaml] [--set key=value ...]" >&2; exit 2; }
: "${SPARK_HOME:?set SPARK_HOME to a Spark 3.5 installation (Scala 2.12)}"
class="$(job_class "$1")"; shift
build_if_needed
# shellcheck disable=SC2086
exec "$SPARK_HOME/bin/spark-submit" \
  --class "$class" \
  ${SPARK_MASTER:+--master "$SPARK_MASTER"} \
  --properties-file "$ROOT/conf/spark-defaults.conf" \
  --driver-java-options "$JVM_FLAGS -Dlog4j.configurationFile=$ROOT/conf/log4j2.properties -Dattend.git.commit=$ATTEND_GIT_COMMIT" \
  --conf "spark.executor.extraJavaOptions=$JVM_FLAGS -Dorg.bytedeco.javacpp.maxbytes=${EXECUTOR_OFFHEAP:-3G} -Dorg.bytedeco.javacpp.maxphysicalbytes=${EXECUTOR_PHYSICAL:-8G}" \
  ${SPARK_SUBMIT_OPTS_EXTRA:-} \
  "$JOB_JAR" "$@"
