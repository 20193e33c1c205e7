# Shared by the scripts in this folder: project paths, the JVM flags, job names -> main classes.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JOB_JAR="$ROOT/jobs/target/attend-spark-jobs.jar"
# The JDK 17 --add-opens flags live in conf/jvm.options, one per line.
JVM_FLAGS="$(grep -v '^[[:space:]]*$' "$ROOT/conf/jvm.options" | tr '\n' ' ')"
# The code's commit, recorded in model provenance (empty outside a git checkout).
ATTEND_GIT_COMMIT="${ATTEND_GIT_COMMIT:-$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || true)}"

job_class() {
  case "$1" in
    prep) echo io.attendspark.jobs.prep.PrepJob ;;
    train) echo io.attendspark.jobs.train.TrainJob ;;
    sample) echo io.attendspark.jobs.draw.SampleJob ;;
    evaluate) echo io.attendspark.jobs.ntm.EvaluateJob ;;
    store) echo io.attendspark.store.ModelStoreCli ;;
    *) echo "unknown job '$1' (known: prep, train, evaluate, sample, store)" >&2; return 2 ;;
  esac
}

# Builds the modules when the job jar is missing or older than any source or pom.
build_if_needed() {
  if [ ! -f "$JOB_JAR" ] || [ ! -f "$ROOT/jobs/target/classpath.txt" ] || \
     [ -n "$(find "$ROOT" -path "$ROOT/attend-output" -prune -o \( -path '*/src/*' -o -name pom.xml \) -newer "$JOB_JAR" -print -quit)" ]; then
    echo "Building attend-spark (mvn package) ..." >&2
    (cd "$ROOT" && mvn -B -q -ntp -DskipTests package) >&2
  fi
}
