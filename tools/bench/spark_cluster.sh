#!/usr/bin/env bash
# Times `resnet4j spark classify` on a real standalone cluster on this machine: a master and WORKERS workers (one
# core each), every one a JVM on 127.0.0.1 started from the Spark jars that `./resnet4j spark` uses, the job sent to
# spark://127.0.0.1:PORT. Prints the command's counts line and the largest executor RSS; stops all it started.
#
#   tools/bench/spark_cluster.sh [WORKERS] -- classify options and folders, e.g.
#   tools/bench/spark_cluster.sh 2 -- --arch resnet18 --weights resnet18.pth photos/ --output /tmp/out.parquet --overwrite
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORKERS=2
if [ "${1-}" != "--" ] && [ -n "${1-}" ]; then WORKERS=$1; shift; fi
[ "${1-}" = "--" ] && shift
[ $# -gt 0 ] || { echo "usage: $0 [WORKERS] -- classify options and folders (see ./resnet4j spark classify --help)" >&2; exit 2; }

"$ROOT/resnet4j" spark classify --help >/dev/null  # builds the module and its class-path lists on first use
. "$ROOT/.mvn/find-jdk.sh"
resnet4j_find_jdk || exit 1
MODULE="$ROOT/resnet-spark"
CP="$MODULE/target/classes:$(cat "$MODULE/target/classpath-compile.txt"):$(cat "$MODULE/target/classpath-runtime.txt")"
OPENS=$(sed -n 's:.*<spark.jvm.opens>\([^$].*\)</spark.jvm.opens>.*:\1:p' "$MODULE/pom.xml" | head -n 1)

DIR=$(mktemp -d)
PIDS=()
stop() {
  for pid in "${PIDS[@]}"; do pkill -P "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
  pkill -f "$DIR" 2>/dev/null || true  # executors, whose command lines name the workers' folders
  rm -rf "$DIR"
}
trap stop EXIT
# A worker builds each executor's command from SPARK_HOME: an empty jars folder satisfies it; the executors get
# their classes from spark.executor.extraClassPath.
mkdir -p "$DIR/spark-home/jars"
export SPARK_HOME="$DIR/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
MASTER_PORT=$(port)
# shellcheck disable=SC2086 # OPENS is a list of options
"$JAVA_HOME/bin/java" -Xmx256m $OPENS -cp "$CP" org.apache.spark.deploy.master.Master --host 127.0.0.1 \
  --port "$MASTER_PORT" --webui-port "$(port)" >"$DIR/master.log" 2>&1 &
PIDS+=($!)
sleep 5
for i in $(seq 1 "$WORKERS"); do
  mkdir -p "$DIR/worker$i"
  # shellcheck disable=SC2086
  "$JAVA_HOME/bin/java" -Xmx256m $OPENS -cp "$CP" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 \
    --memory 2g --work-dir "$DIR/worker$i" --webui-port "$(port)" "spark://127.0.0.1:$MASTER_PORT" >"$DIR/worker$i.log" 2>&1 &
  PIDS+=($!)
done
for _ in $(seq 1 60); do
  [ "$(grep -l 'Successfully registered with master' "$DIR"/worker*.log 2>/dev/null | wc -l)" -ge "$WORKERS" ] && break
  sleep 1
done
(peak=0; while sleep 1; do
   for rss in $(ps -eo rss,args | grep "[C]oarseGrainedExecutorBackend" | awk '{print $1}'); do
     [ "$rss" -gt "$peak" ] && peak=$rss && echo "$peak" >"$DIR/executor-rss"
   done
 done) &
SAMPLER=$!
status=0
"$ROOT/resnet4j" spark classify --master "spark://127.0.0.1:$MASTER_PORT" \
  --conf "spark.executor.extraClassPath=$CP" \
  --conf "spark.executor.extraJavaOptions=$OPENS --add-modules jdk.incubator.vector" \
  --conf spark.executor.memory=1g "$@" 2>&1 | tr '\r' '\n' | grep -E '^resnet4j spark: ' || status=$?
kill "$SAMPLER" 2>/dev/null || true
echo "largest executor RSS: $(( $(cat "$DIR/executor-rss" 2>/dev/null || echo 0) / 1024 )) MiB ($WORKERS workers, 1 core each)"
exit "$status"
