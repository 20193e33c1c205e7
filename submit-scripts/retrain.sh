#!/usr/bin/env bash
# Scheduled retraining: trains a new version of a model in the model store, warm-started from the
# store's LATEST version when there is one (weights and optimiser state; the new version records
# its parent), keeping the newest KEEP versions. Safe to run from cron/systemd/Airflow: one log
# file per run, a lock against overlapping runs, exit status 0 only when a version was committed.
#   submit-scripts/retrain.sh STORE_ROOT MODEL_NAME CONFIG.yaml [--set key=value ...]
#   e.g. submit-scripts/retrain.sh hdfs:///models stcnn-rts conf/train-stcnn-rts.yaml --set data.mnist=hdfs:///data/mnist
# Environment: KEEP (default 5); SPARK_HOME + SPARK_MASTER to submit to a cluster (else runs locally);
# LOG_DIR (default attend-output/retrain-logs).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[ $# -ge 3 ] || { sed -n '2,10p' "$0" >&2; exit 2; }
store="$1"; name="$2"; config="$3"; shift 3
log_dir="${LOG_DIR:-$ROOT/attend-output/retrain-logs}"
mkdir -p "$log_dir"
log="$log_dir/$name-$(date -u +%Y%m%dT%H%M%SZ).log"
exec 9>"$log_dir/.$name.lock"
if ! flock -n 9; then
  echo "$(date -u +%FT%TZ) another retraining of $name is still running; skipping this one" | tee -a "$log" >&2
  exit 75
fi
build_if_needed
runner="$ROOT/submit-scripts/run-local.sh"
[ -n "${SPARK_HOME:-}" ] && [ -n "${SPARK_MASTER:-}" ] && runner="$ROOT/submit-scripts/submit.sh"
warm=()
if "$ROOT/submit-scripts/run-local.sh" store latest "$store" "$name" >/dev/null 2>&1; then
  warm=(--warm-start latest)
fi
echo "$(date -u +%FT%TZ) retraining $name into $store (${warm[*]:-fresh start}) with $config via $(basename "$runner"); log: $log" >&2
"$runner" train --config "$config" --set "store.root=$store" --set "store.name=$name" --set "store.keep=${KEEP:-5}" \
  "${warm[@]}" "$@" > "$log" 2>&1 || { status=$?; echo "retraining failed (exit $status); see $log" >&2; exit "$status"; }
grep '^Trained' "$log" >&2 || true
"$ROOT/submit-scripts/run-local.sh" store latest "$store" "$name" >&2
