#!/usr/bin/env bash
# Prep throughput on local Spark: writes RTS MNIST (60,000 examples) and the copy task
# (64,000 episodes) and prints examples/s of the shard-writing phase (Spark start-up and
# MNIST reading excluded). Usage: submit-scripts/bench-prep.sh [MASTER] [MNIST_DIR]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
master="${1:-local[2]}"
mnist="${2:-}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
echo "master=$master OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} cores=$(nproc)"
for spec in "prep-mnist-rts.yaml examples=0" "prep-copy.yaml examples=64000"; do
  set -- $spec
  extra=()
  [[ "$1" == prep-mnist* && -n "$mnist" ]] && extra=(--set "mnist=$mnist")
  line="$("$ROOT/submit-scripts/run-local.sh" prep --config "$ROOT/conf/$1" --set "master=$master" --set "$2" \
          --set "output=$out/${1%.yaml}" "${extra[@]}" 2>/dev/null | grep '^Prepared')"
  echo "$1: $line"
done
