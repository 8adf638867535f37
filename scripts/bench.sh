#!/usr/bin/env bash
# The benchmark, in one run: a release build, PostgreSQL and RabbitMQ (scripts/infra.sh start), the five
# services from the release build (scripts/run.sh, without its demo), optionally N orders of history, then
# complete orders driven end to end by o2c-demo --react (it reacts to the events on o2c.events, no polling),
# and one table: complete sagas/s, per-step and HTTP p50/p99, transactions and statements per order from
# PostgreSQL's counters, CPU per order per process, memory per service, and the machine's commit rate.
# The services are stopped at the end (scripts/stop.sh); PostgreSQL and RabbitMQ keep running.
#
#   scripts/bench.sh [--orders 600] [--concurrency 32 | --rate R] [--history N] [--timeout 120]
#
#   --orders N        complete orders to drive in the measured window (default 600)
#   --concurrency C   orders in flight at once, closed loop (default 32)
#   --rate R          open loop instead: start R orders per second whatever is in flight
#   --history N       before measuring, make orders.orders hold at least N orders: drive a template of
#                     O2C_BENCH_TEMPLATE (100) orders end to end, then copy them with scripts/history.sql
#   --timeout S       seconds a driver waits for an order's next event before failing it (default 120)
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
TEMPLATE=${O2C_BENCH_TEMPLATE:-100}
usage() { sed -n '9,15p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --orders) ORDERS=${2:?}; shift 2 ;;
    --concurrency) CONCURRENCY=${2:?}; shift 2 ;;
    --rate) RATE=${2:?}; shift 2 ;;
    --history) HISTORY=${2:?}; shift 2 ;;
    --timeout) TIMEOUT=${2:?}; shift 2 ;;
    -h|--help) usage ;;
    *) echo "bench: unknown argument $1" >&2; usage ;;
  esac
done
for n in "$ORDERS" "$CONCURRENCY" "$HISTORY" "$TIMEOUT" "$TEMPLATE"; do
  [[ $n =~ ^[0-9]+$ ]] || { echo "bench: '$n' is not a whole number" >&2; exit 2; }
done
[ -z "$RATE" ] || [[ $RATE =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "bench: --rate takes a number of orders per second" >&2; exit 2; }

PORTS="8081 8082 8083 8084 8085"
for port in $PORTS; do
  if ss -ltn "sport = :$port" | grep -q LISTEN; then
    echo "bench: something already listens on port $port (scripts/stop.sh stops a suite started by run.sh)" >&2
    exit 1
  fi
done

scripts/infra.sh start
if [ "${O2C_BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "bench: building release (swift build -c release; several minutes the first time)..."
  swift build -c release 2>&1 | tail -1
fi
BIN=$(swift build -c release --show-bin-path)
for exe in orders credit warehouse-dispatch finance-collections after-sales o2c-demo; do
  [ -x "$BIN/$exe" ] || { echo "bench: $BIN/$exe is missing (build release first)" >&2; exit 1; }
done
eval "$(scripts/infra.sh env)"

mkdir -p .run
RUNLOG=.run/bench-run.log
echo "bench: starting the five services from the release build (scripts/run.sh; its output in $RUNLOG)..."
O2C_BUILD_CONFIG=release O2C_RUN_SKIP_BUILD=1 O2C_BIN=$BIN O2C_DEMO=0 \
  scripts/run.sh >"$RUNLOG" 2>&1 &
RUN_PID=$!
cleanup() {
  echo "bench: stopping the services (scripts/stop.sh)..."
  scripts/stop.sh || true
  wait "$RUN_PID" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for port in $PORTS; do
  ready=no
  for _ in $(seq 1 240); do
    kill -0 "$RUN_PID" 2>/dev/null || { echo "bench: scripts/run.sh exited; see $RUNLOG" >&2; cat "$RUNLOG" >&2; exit 1; }
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready" || true)" = 200 ]; then ready=yes; break; fi
    sleep 0.5
  done
  [ $ready = yes ] || { echo "bench: the service on port $port is not ready after 120 s; see .run/logs/" >&2; exit 1; }
done
echo "bench: the five services are ready"

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

count_orders() { scripts/infra.sh psql -d o2c -XAtqc "select count(*) from orders.orders"; }

if [ "$HISTORY" -gt 0 ]; then
  have=$(count_orders)
  if [ "$have" -lt "$HISTORY" ]; then
    if [ "$have" -lt "$TEMPLATE" ]; then
      echo "bench: history: driving a template of $TEMPLATE orders end to end..."
      "$BIN/o2c-demo" --react --orders "$TEMPLATE" --concurrency 16 --timeout "$TIMEOUT" --settle 0 >.run/bench-template.log ||
        { echo "bench: the template orders did not all complete; see .run/bench-template.log" >&2; exit 1; }
      have=$(count_orders)
    fi
    [ "$have" -gt 0 ] || { echo "bench: no order to copy (O2C_BENCH_TEMPLATE=$TEMPLATE)" >&2; exit 1; }
    [ -f scripts/history.sql ] || { echo "bench: scripts/history.sql is missing" >&2; exit 1; }
    # scripts/history.sql copies every order of the five schemas `copies` times (new ids, same shape).
    copies=$(( (HISTORY - have + have - 1) / have ))
    echo "bench: history: $have orders; copying them $copies times with scripts/history.sql..."
    # psql runs as the postgres user from /: the file goes in on stdin (-f -), then the call in the same session.
    scripts/infra.sh psql -d o2c -v ON_ERROR_STOP=1 -XAtq -f - \
      -c "select pg_temp.o2c_multiply_history($copies, array['orders','credit','warehouse','finance','aftersales'])" \
      <scripts/history.sql >/dev/null
    scripts/infra.sh psql -d o2c -XAtqc "vacuum (analyze)" >/dev/null 2>&1 || true
  fi
  echo "bench: history: $(count_orders) orders in orders.orders"
fi

if [ -n "$RATE" ]; then LOAD=(--rate "$RATE"); else LOAD=(--concurrency "$CONCURRENCY"); fi
echo "bench: o2c-demo --react --orders $ORDERS ${LOAD[*]} --watch $WATCH --bench"
status=0
"$BIN/o2c-demo" --react --orders "$ORDERS" "${LOAD[@]}" --timeout "$TIMEOUT" --watch "$WATCH" \
  --settle "${O2C_BENCH_SETTLE:-11}" --bench || status=$?
echo "bench: the services' logs are in .run/logs/"
exit $status
