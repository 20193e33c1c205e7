#!/usr/bin/env bash
# ST-CNN training throughput on RTS MNIST (42×42, batch 64): the single-JVM loop, then the Spark
# job on local[2] averaging every 5 and every 20 minibatches. Prints examples/s of the training
# rounds (data preparation, start-up and evaluation excluded; the first round includes graph set-up).
# Usage: submit-scripts/bench-train.sh [BUDGET_EXAMPLES] [MNIST_DIR]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
budget="${1:-12800}"
mnist="${2:-}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cache="$ROOT/attend-output/data"
echo "budget=$budget examples, OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}, cores=$(nproc)"
run() {
  local name="$1"; shift
  local line
  line="$("$ROOT/submit-scripts/run-local.sh" train --config "$ROOT/conf/train-stcnn-rts.yaml" \
      --set "budgetExamples=$budget" --set "data.cache=$cache" ${mnist:+--set "data.mnist=$mnist"} \
      --set "output=$out/$name" --set pictures=0 "$@" 2>/dev/null | grep '^Trained')"
  echo "$name: $line"
}
run single-jvm --set mode=SINGLE_JVM --set master='local[2]'
run spark-avg5 --set mode=SPARK --set master='local[2]' --set averaging.averagingFrequency=5
run spark-avg20 --set mode=SPARK --set master='local[2]' --set averaging.averagingFrequency=20
