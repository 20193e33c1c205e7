#!/usr/bin/env bash
# A/B of the model kernels: the ModelBench workloads with core-models as of git revision BASE and
# as in this checkout, alternating in one run (a fresh JVM per measurement, 1 OpenMP thread), so
# that a change is judged by a ratio measured on the same machine in the same minutes (timings here
# move by ~10 % between runs). Only core-models is swapped; jobs and the rest are this checkout's.
#   submit-scripts/bench-ab.sh BASE [WORKLOADS] [WARMUP] [STEPS] [ROUNDS]
#   e.g. submit-scripts/bench-ab.sh HEAD~1 stcnn-mnist28,draw-t10-fast 3 30 3
# Prints one line per measurement and the mean ms per iteration of each side.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[ $# -ge 1 ] || { echo "usage: $0 BASE [WORKLOADS] [WARMUP] [STEPS] [ROUNDS]" >&2; exit 2; }
base="$(git -C "$ROOT" rev-parse --verify "$1^{commit}")" || { echo "bench-ab: '$1' is not a git revision" >&2; exit 2; }
workloads="${2:-stcnn-mnist28,draw-t10-fast,ntm-copy}"; warmup="${3:-3}"; steps="${4:-30}"; rounds="${5:-3}"
build_if_needed
cd "$ROOT"
tree="$(mktemp -d)"
trap 'git -C "$ROOT" worktree remove --force "$tree" >/dev/null 2>&1 || rm -rf "$tree"' EXIT
git -C "$ROOT" worktree add --detach "$tree" "$base" >/dev/null 2>&1
echo "building core-models at ${base:0:10} ..." >&2
mvn_args=(-B -q -ntp -Dstyle.color=never -DskipTests -pl core-models package)
(cd "$tree" && { mvn -o "${mvn_args[@]}" || mvn "${mvn_args[@]}"; }) >&2
new_jar="$ROOT/core-models/target/core-models-0.1.0-SNAPSHOT.jar"
base_jar="$tree/core-models/target/core-models-0.1.0-SNAPSHOT.jar"
[ -f "$base_jar" ] || { echo "bench-ab: no core-models jar built at ${base:0:10}" >&2; exit 1; }
cp_new="$ROOT/jobs/target/classes:$(cat "$ROOT/jobs/target/classpath.txt")"
cp_base="${cp_new//$new_jar/$base_jar}"
cores="$(nproc)"
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}" OPENBLAS_THREAD_TIMEOUT="${OPENBLAS_THREAD_TIMEOUT:-4}"
echo "machine: $cores cores; load $(cut -d' ' -f1-3 /proc/loadavg); base ${base:0:10}, new = this checkout" >&2
results="$tree.results"
for r in $(seq 1 "$rounds"); do
  for side in base new; do
    cp="$cp_new"; [ "$side" = base ] && cp="$cp_base"
    # shellcheck disable=SC2086
    java -Xmx6g $JVM_FLAGS -Dlog4j.configurationFile="$ROOT/conf/log4j2.properties" -cp "$cp" \
      io.attendspark.jobs.bench.ModelBench "$workloads" "$warmup" "$steps" 2>/dev/null | tail -n +2 \
      | awk -F, -v side="$side" -v round="$r" '{print "round " round ": " side, $1, $4 " ms"}' | tee -a "$results"
  done
done
awk '{sum[$4" "$3] += $5; n[$4" "$3]++} END {for (k in sum) printf "mean %s %.1f ms\n", k, sum[k] / n[k]}' "$results" | sort
rm -f "$results"
