#!/usr/bin/env bash
# A Spark installation and a standalone cluster on this machine, for users without a cluster.
#   submit-scripts/local-cluster.sh home                 # builds $ATTEND_SPARK_HOME from the Maven build (prints it)
#   submit-scripts/local-cluster.sh start [workers] [cores] [memory]   # Master + Workers on 127.0.0.1 (default 2 1 4g: spark-defaults.conf asks 4g per executor)
#   submit-scripts/local-cluster.sh status | stop
# Then submit to it with the usual wrapper:
#   SPARK_HOME=$(submit-scripts/local-cluster.sh home) SPARK_MASTER=spark://127.0.0.1:7077 \
#     submit-scripts/submit.sh train --config conf/train-stcnn-rts.yaml
# or use real executor JVMs without a standing cluster: SPARK_MASTER='local-cluster[2,1,3072]'.
# The installation is $ATTEND_SPARK_HOME (default target/spark-home): jars/ links the build's
# runtime classpath (Spark, Hadoop, ND4J, ...), bin/ holds spark-class and spark-submit.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
HOME_DIR="${ATTEND_SPARK_HOME:-$ROOT/target/spark-home}"
RUN_DIR="$HOME_DIR/run"
MASTER_PORT="${MASTER_PORT:-7077}"
export SPARK_HOME="$HOME_DIR" SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1

make_home() {
  build_if_needed
  mkdir -p "$HOME_DIR/jars" "$HOME_DIR/bin" "$HOME_DIR/conf" "$RUN_DIR"
  find "$HOME_DIR/jars" -type l -delete
  tr ':' '\n' < "$ROOT/jobs/target/classpath.txt" | while read -r jar; do
    [ -f "$jar" ] && ln -sf "$jar" "$HOME_DIR/jars/$(basename "$jar")"
  done
  # the daemons log at INFO (worker registration, executor launches); jobs keep conf/log4j2.properties
  cat > "$HOME_DIR/conf/log4j2.properties" <<'PROPS'
rootLogger.level = info
rootLogger.appenderRef.stdout.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
logger.hadoop.name = org.apache.hadoop
logger.hadoop.level = warn
PROPS
  cat > "$HOME_DIR/bin/spark-class" <<'SH'
#!/usr/bin/env bash
# Spark's launcher: builds the java command line for a Spark main class (as Spark's own spark-class does).
SPARK_HOME="$(cd "$(dirname "$0")/.." && pwd)"; export SPARK_HOME SPARK_SCALA_VERSION=2.12
RUNNER="${JAVA_HOME:+$JAVA_HOME/bin/}java"
CMD=()
while IFS= read -d '' -r ARG; do CMD+=("$ARG"); done < <("$RUNNER" -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main "$@"; printf '%d\0' $?)
LAST=$((${#CMD[@]} - 1)); STATUS="${CMD[$LAST]}"
[ "$STATUS" = 0 ] || exit "$STATUS"
# the launcher starts its output with a NUL and a newline before the command
[ "${#CMD[@]}" -gt 1 ] && [ -z "${CMD[0]}" ] && CMD=("${CMD[@]:1}") && LAST=$((LAST - 1))
CMD[0]="${CMD[0]#$'\n'}"
exec "${CMD[@]:0:$LAST}"
SH
  cat > "$HOME_DIR/bin/spark-submit" <<'SH'
#!/usr/bin/env bash
exec "$(dirname "$0")/spark-class" org.apache.spark.deploy.SparkSubmit "$@"
SH
  chmod +x "$HOME_DIR/bin/spark-class" "$HOME_DIR/bin/spark-submit"
  echo "$HOME_DIR"
}

start() {
  local workers="${1:-2}" cores="${2:-1}" memory="${3:-4g}"
  [ -d "$HOME_DIR/jars" ] || make_home >/dev/null
  if [ -f "$RUN_DIR/master.pid" ] && kill -0 "$(cat "$RUN_DIR/master.pid")" 2>/dev/null; then
    echo "already running (master pid $(cat "$RUN_DIR/master.pid")); stop it first" >&2; exit 1
  fi
  mkdir -p "$RUN_DIR"
  # shellcheck disable=SC2086
  nohup java -Xmx512m $JVM_FLAGS -cp "$HOME_DIR/conf:$HOME_DIR/jars/*" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$MASTER_PORT" --webui-port 8080 > "$RUN_DIR/master.log" 2>&1 &
  echo $! > "$RUN_DIR/master.pid"
  for i in $(seq 1 "$workers"); do
    # shellcheck disable=SC2086
    OMP_NUM_THREADS=1 nohup java -Xmx512m $JVM_FLAGS -cp "$HOME_DIR/conf:$HOME_DIR/jars/*" \
      org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores "$cores" --memory "$memory" \
      --work-dir "$RUN_DIR/work-$i" --webui-port $((8080 + i)) "spark://127.0.0.1:$MASTER_PORT" > "$RUN_DIR/worker-$i.log" 2>&1 &
    echo $! > "$RUN_DIR/worker-$i.pid"
  done
  for _ in $(seq 1 60); do
    if [ "$(cat "$RUN_DIR"/worker-*.log 2>/dev/null | grep -c 'Successfully registered with master')" -ge "$workers" ]; then
      echo "spark://127.0.0.1:$MASTER_PORT: $workers workers of $cores core(s), $memory (logs in $RUN_DIR)"; return 0
    fi
    sleep 1
  done
  echo "workers did not register within 60 s; see $RUN_DIR/*.log" >&2; exit 1
}

stop() {
  local any=0
  for pid_file in "$RUN_DIR"/*.pid; do
    [ -f "$pid_file" ] || continue
    kill "$(cat "$pid_file")" 2>/dev/null && any=1
    rm -f "$pid_file"
  done
  [ "$any" = 1 ] && echo "stopped" || echo "not running"
}

status() {
  for pid_file in "$RUN_DIR"/*.pid; do
    [ -f "$pid_file" ] || { echo "not running"; return 0; }
    name="$(basename "$pid_file" .pid)"
    if kill -0 "$(cat "$pid_file")" 2>/dev/null; then echo "$name: running (pid $(cat "$pid_file"))"; else echo "$name: dead"; fi
  done
}

case "${1:-}" in
  home) make_home ;;
  start) shift; start "$@" ;;
  stop) stop ;;
  status) status ;;
  *) sed -n '2,12p' "$0" >&2; exit 2 ;;
esac
