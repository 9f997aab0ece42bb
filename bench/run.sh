#!/usr/bin/env bash
# Builds the service and runs the benchmark scenarios: bench/run.sh [--quick] [scenario ...]
#   bench/run.sh --list            the scenarios
#   bench/run.sh --data            only generate the 1M-customer demo tenant (kept for later runs)
#   bench/run.sh                   all of them; rewrites docs/benchmarks.md, raw results in bench/results/<run>/
#   bench/run.sh --quick memory    a small trial run (report in its results directory only)
#   bench/run.sh reliability       the reliability suite; rewrites docs/reliability.md (see bench/README.md)
# Uses CRM_BENCH_DB_URL, else the local PostgreSQL on 127.0.0.1:5432, else an embedded one.
# BENCH_JFR=1 records a JFR profile of every server process into the results. BENCH_SKIP_BUILD=1 reuses the build.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "bench: building (mvn -B -q -DskipTests package)"
  mvn -B -q -DskipTests package
fi
exec java -Xmx2g -Dfile.encoding=UTF-8 -Dbench.repo="$(pwd)" \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" com.chatcrm.bench.BenchMain "$@"
