#!/usr/bin/env bash
# The benchmark, in one run: a release build, PostgreSQL and RabbitMQ (scripts/infra.sh start), the five
# services from the release build (scripts/run.sh, without its demo), optionally N orders of history, then
# complete orders driven end to end by o2c-demo --react (it reacts to the events on o2c.events, no polling),
# and one table: complete sagas/s, per-step and HTTP p50/p99, transactions and statements per order from
# PostgreSQL's counters, CPU per order per process, memory per service, and the machine's commit rate.
# The services are stopped at the end (scripts/stop.sh); PostgreSQL and RabbitMQ keep running.
# With --infra cluster the same run is made on the cluster of scripts/infra.sh cluster; with --infra both,
# on the single node and then on the cluster, each table kept in .run/bench-<infra>.txt, then the two side
# by side.
#
#   scripts/bench.sh [--orders 600] [--concurrency 32 | --rate R] [--history N] [--timeout 120]
#                    [--infra single|cluster|both]
#
#   --orders N        complete orders to drive in the measured window (default 600)
#   --concurrency C   orders in flight at once, closed loop (default 32)
#   --rate R          open loop instead: start R orders per second whatever is in flight
#   --history N       before measuring, make orders.orders hold at least N orders: drive a template of
#                     O2C_BENCH_TEMPLATE (100) orders end to end, then copy them with scripts/history.sql
#   --timeout S       seconds a driver waits for an order's next event before failing it (default 120)
#   --infra I         single (default): the single-node PostgreSQL and RabbitMQ; cluster: three RabbitMQ
#                     nodes and a PostgreSQL primary with a synchronous standby, through the multi-host
#                     URLs; both: one, then the other, with both running throughout, and a side-by-side table
#
# Environment: O2C_BENCH_SKIP_BUILD=1 uses the release build there is; O2C_BENCH_SETTLE (11) seconds waited
# before each reading of pg_stat_database (backends report their counters when idle, within 10 s);
# O2C_LOG_LEVEL for the services (run.sh's default, info).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

ORDERS=600
CONCURRENCY=32
RATE=""
HISTORY=0
TIMEOUT=120
INFRA=single
TEMPLATE=${O2C_BENCH_TEMPLATE:-100}
usage() { sed -n '12,23p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --orders) ORDERS=${2:?}; shift 2 ;;
    --concurrency) CONCURRENCY=${2:?}; shift 2 ;;
    --rate) RATE=${2:?}; shift 2 ;;
    --history) HISTORY=${2:?}; shift 2 ;;
    --timeout) TIMEOUT=${2:?}; shift 2 ;;
    --infra) INFRA=${2:?}; shift 2 ;;
    -h|--help) usage ;;
    *) echo "bench: unknown argument $1" >&2; usage ;;
  esac
done
for n in "$ORDERS" "$CONCURRENCY" "$HISTORY" "$TIMEOUT" "$TEMPLATE"; do
  [[ $n =~ ^[0-9]+$ ]] || { echo "bench: '$n' is not a whole number" >&2; exit 2; }
done
case "$INFRA" in single|cluster|both) ;; *) echo "bench: --infra takes single, cluster or both" >&2; exit 2 ;; esac
[ -z "$RATE" ] || [[ $RATE =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "bench: --rate takes a number of orders per second" >&2; exit 2; }

PORTS="8081 8082 8083 8084 8085"
for port in $PORTS; do
  if ss -ltn "sport = :$port" | grep -q LISTEN; then
    echo "bench: something already listens on port $port (scripts/stop.sh stops a suite started by run.sh)" >&2
    exit 1
  fi
done

case "$INFRA" in both) RUNS="single cluster" ;; *) RUNS=$INFRA ;; esac
scripts/infra.sh start
# Both are started before either is measured, so each run has the same processes on the machine.
[ "$INFRA" = single ] || echo "bench: the cluster is up after $(scripts/infra.sh cluster start) s"
if [ "${O2C_BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "bench: building release (swift build -c release; several minutes the first time)..."
  swift build -c release 2>&1 | tail -1
fi
BIN=$(swift build -c release --show-bin-path)
for exe in orders credit warehouse-dispatch finance-collections after-sales o2c-demo; do
  [ -x "$BIN/$exe" ] || { echo "bench: $BIN/$exe is missing (build release first)" >&2; exit 1; }
done
mkdir -p .run

RUN_PID=""
stop_services() {
  [ -n "$RUN_PID" ] || return 0
  echo "bench: stopping the services (scripts/stop.sh)..."
  scripts/stop.sh || true
  wait "$RUN_PID" 2>/dev/null || true
  RUN_PID=""
}
trap stop_services EXIT
trap 'exit 130' INT TERM

# One measured run on $1 (single|cluster): the services started by scripts/run.sh on that infrastructure,
# the history when asked, the driven orders; the table on the screen and in .run/bench-$1.txt. The
# driver's exit status goes in DRIVEN (the function itself runs under set -e: any other failure ends it all).
measure() {
  local infra=$1 port ready entry name pid have copies
  if [ "$infra" = single ]; then eval "$(scripts/infra.sh env)"; else eval "$(scripts/infra.sh cluster env --plain)"; fi
  local runlog=.run/bench-run-$infra.log
  echo "bench: $infra: starting the five services from the release build (scripts/run.sh; its output in $runlog)..."
  O2C_INFRA=$infra O2C_BUILD_CONFIG=release O2C_RUN_SKIP_BUILD=1 O2C_BIN=$BIN O2C_DEMO=0 \
    scripts/run.sh >"$runlog" 2>&1 &
  RUN_PID=$!
  for port in $PORTS; do
    ready=no
    for _ in $(seq 1 240); do
      kill -0 "$RUN_PID" 2>/dev/null || { echo "bench: scripts/run.sh exited; see $runlog" >&2; cat "$runlog" >&2; exit 1; }
      if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready" || true)" = 200 ]; then ready=yes; break; fi
      sleep 0.5
    done
    [ $ready = yes ] || { echo "bench: the service on port $port is not ready after 120 s; see .run/logs/" >&2; exit 1; }
  done
  echo "bench: $infra: the five services are ready"

  # The auth secret run.sh used (the generated one unless O2C_AUTH_SECRET was given).
  if [ -z "${O2C_AUTH_SECRET:-}" ]; then
    O2C_AUTH_SECRET=$(cat "${O2C_AUTH_SECRET_FILE:-${O2C_RUN_DIR:-/var/tmp/o2c-run}/secrets/auth-secret}")
  fi
  export O2C_AUTH_SECRET

  # The pid listening on each port, for the CPU and memory columns.
  WATCH=""
  for entry in orders:8081 credit:8082 warehouse-dispatch:8083 finance-collections:8084 after-sales:8085; do
    name=${entry%%:*} port=${entry##*:}
    pid=$(ss -ltnpH "sport = :$port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
    [ -n "$pid" ] || { echo "bench: no pid listens on $port" >&2; exit 1; }
    WATCH+="${WATCH:+,}$name=$pid"
  done

  if [ "$HISTORY" -gt 0 ]; then
    have=$(count_orders)
    if [ "$have" -lt "$HISTORY" ]; then
      if [ "$have" -lt "$TEMPLATE" ]; then
        echo "bench: $infra: history: driving a template of $TEMPLATE orders end to end..."
        "$BIN/o2c-demo" --react --orders "$TEMPLATE" --concurrency 16 --timeout "$TIMEOUT" --settle 0 >".run/bench-template-$infra.log" ||
          { echo "bench: the template orders did not all complete; see .run/bench-template-$infra.log" >&2; exit 1; }
        have=$(count_orders)
      fi
      [ "$have" -gt 0 ] || { echo "bench: no order to copy (O2C_BENCH_TEMPLATE=$TEMPLATE)" >&2; exit 1; }
      [ -f scripts/history.sql ] || { echo "bench: scripts/history.sql is missing" >&2; exit 1; }
      # scripts/history.sql copies every order of the five schemas `copies` times (new ids, same shape).
      copies=$(( (HISTORY - have + have - 1) / have ))
      echo "bench: $infra: history: $have orders; copying them $copies times with scripts/history.sql..."
      # The file goes in on stdin (-f -), then the call in the same session.
      admin_psql -v ON_ERROR_STOP=1 -f - \
        -c "select pg_temp.o2c_multiply_history($copies, array['orders','credit','warehouse','finance','aftersales'])" \
        <scripts/history.sql >/dev/null
      admin_psql -c "vacuum (analyze)" >/dev/null 2>&1 || true
    fi
    echo "bench: $infra: history: $(count_orders) orders in orders.orders"
  fi

  if [ -n "$RATE" ]; then LOAD=(--rate "$RATE"); else LOAD=(--concurrency "$CONCURRENCY"); fi
  echo "bench: $infra: o2c-demo --react --orders $ORDERS ${LOAD[*]} --watch $WATCH --bench"
  set +e
  "$BIN/o2c-demo" --react --orders "$ORDERS" "${LOAD[@]}" --timeout "$TIMEOUT" --watch "$WATCH" \
    --settle "${O2C_BENCH_SETTLE:-11}" --bench | tee ".run/bench-$infra.txt"
  DRIVEN=${PIPESTATUS[0]}
  set -e
  stop_services
}

# psql as the superuser of the infrastructure measured (O2C_ADMIN_DATABASE_URL, multi-host on the cluster).
admin_psql() { psql "$O2C_ADMIN_DATABASE_URL" -XAtq "$@"; }
count_orders() { admin_psql -c "select count(*) from orders.orders"; }

status=0
for infra in $RUNS; do
  measure "$infra"
  [ "$DRIVEN" = 0 ] || status=$DRIVEN
done

if [ "$INFRA" = both ]; then
  # The two tables side by side, row by row (labels as o2c-demo prints them: 2 spaces, 50 characters, value).
  python3 - .run/bench-single.txt .run/bench-cluster.txt <<'PY'
import re, sys

def rows(path):
    # (label, n) keys: the n-th row of that label (CPU and memory both have a row per service).
    out, seen = [], {}
    for line in open(path, encoding="utf-8").read().splitlines():
        if not line.startswith("  ") or line.startswith("  FAILED") or len(line) < 52:
            continue
        label = re.sub(r" \(\d+ process(es)?\)", "", line[2:52].strip())
        seen[label] = seen.get(label, 0) + 1
        out.append(((label, seen[label]), line[52:].rstrip()))
    return out

single, cluster = rows(sys.argv[1]), dict(rows(sys.argv[2]))
print()
print("o2c benchmark: the single node and the cluster (3 RabbitMQ nodes, PostgreSQL with a synchronous standby), same run")
print("-" * 110)
print("  " + "".ljust(50) + "single node".ljust(30) + "cluster")
for key, value in single:
    print("  " + key[0].ljust(50) + (value.ljust(28) + "  ") + cluster.get(key, "n/a" if value else ""))
print("-" * 110)
PY
fi
echo "bench: the services' logs are in .run/logs/"
exit $status
