#!/usr/bin/env bash
# certflow benchmark: runs target/certflow.jar as a user would (own data dir, -Xmx512m, instant simulated CA, accounts
# from the environment) and, on the same database kind, the in-process ceilings. Prints a table, writes
# bench/results/latest.md, docs/benchmark-latency.png and docs/benchmark-capacity.png. Never fails on the figures,
# only when something breaks.
#   bench/run.sh [--quick|--full] [--db h2|postgres|both]
#   --quick: seconds, for CI (proves it runs); default: about 14 minutes per database kind; --full: 1,000,000 waiting.
#   PostgreSQL: Debian's first cluster is started if needed; the databases certflow_bench and
#   certflow_bench_ceiling (owner certflow_bench) are recreated for each run. Override with BENCH_PG_URL/_USER/_PASSWORD.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
SETTING=default DB=h2
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) SETTING=quick ;;
    --full) SETTING=full ;;
    --db) DB=$2; shift ;;
    *) echo "usage: bench/run.sh [--quick|--full] [--db h2|postgres|both]" >&2; exit 2 ;;
  esac
  shift
done

# certflow (target/certflow.jar) and the benchmark in one reactor: the benchmark builds on certflow's own classes.
./mvnw -B -q -f parent/pom.xml -pl :certflow-bench -am -DskipTests package

WORK=bench/work
rm -rf "$WORK"; mkdir -p "$WORK"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$WORK/bench.key" \
    -subj "/CN=bench.example.com" -out "$WORK/bench.csr" 2>/dev/null

if [ "$DB" != h2 ] && [ -z "${BENCH_PG_URL:-}" ]; then
  # Debian's first cluster, whatever its version and port (as .ci/postgres-for-tests.sh finds it).
  read -r pg_version pg_cluster pg_port pg_status _ < <(pg_lsclusters -h | head -1)
  [[ $pg_status == online* ]] || pg_ctlcluster "$pg_version" "$pg_cluster" start
  export BENCH_PG_URL="jdbc:postgresql://127.0.0.1:${pg_port}/"
  psql_() { runuser -u postgres -- psql -q -p "$pg_port" -v ON_ERROR_STOP=1 "$@"; }
  psql_ -tc "SELECT 1 FROM pg_roles WHERE rolname = 'certflow_bench'" | grep -q 1 \
    || psql_ -c "CREATE ROLE certflow_bench LOGIN PASSWORD 'certflow_bench'"
  for db in certflow_bench certflow_bench_ceiling; do   # only the benchmark's own databases
    psql_ -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db OWNER certflow_bench"
  done
fi

export BENCH_LOAD="$(uptime | sed 's/.*load average: //')"
echo "machine: $(nproc) cores; load average before the run: $BENCH_LOAD"
java -Xmx256m -Dbench.jar=bench/target/certflow-bench.jar -jar bench/target/certflow-bench.jar \
    run "$SETTING" "$DB" "$REPO" "$WORK" "$WORK/bench.csr" bench/results
echo "load average after the run: $(uptime | sed 's/.*load average: //')"
