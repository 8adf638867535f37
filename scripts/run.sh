#!/usr/bin/env bash
# Brings the whole suite up on this machine: PostgreSQL and RabbitMQ (installed if needed), a build,
# the five services (each migrates its own schema at start) on ports 8081-8085, and their health.
# Stays in the foreground until Ctrl-C (or scripts/stop.sh), then shuts the services down gracefully.
#
# Takes O2C_AUTH_SECRET and O2C_TEST_CLOCK from the environment when set (O2C_AUTH_SECRET_FILE moves the
# generated secret's file; O2C_RUN_SKIP_BUILD=1 uses what is built, in O2C_BIN if given). After the health table it runs
# o2c-demo once (O2C_DEMO=0 skips it; O2C_DEMO_ARGS replaces its arguments) and prints its summary.
# O2C_INFRA=cluster runs the services on the cluster of scripts/infra.sh cluster (three RabbitMQ nodes, a
# PostgreSQL primary with a synchronous standby) through its multi-host URLs; the single node is still
# started (it installs the packages, and its generated passwords are the cluster's).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUN=$ROOT/.run
mkdir -p "$RUN/logs"

INFRA=${O2C_INFRA:-single}
case "$INFRA" in single|cluster) ;; *) echo "run.sh: O2C_INFRA must be single or cluster (got '$INFRA')" >&2; exit 2 ;; esac
scripts/infra.sh start
[ "$INFRA" = single ] || scripts/infra.sh cluster start >/dev/null
if [ "${O2C_RUN_SKIP_BUILD:-0}" != 1 ]; then
  echo "building (the first build takes several minutes)..."
  swift build -c "${O2C_BUILD_CONFIG:-debug}" 2>&1 | tail -1
fi
BIN=${O2C_BIN:-$(swift build -c "${O2C_BUILD_CONFIG:-debug}" --show-bin-path)}

if [ "$INFRA" = single ]; then
  eval "$(scripts/infra.sh env)"
  MANAGEMENT=http://127.0.0.1:15672
else
  eval "$(scripts/infra.sh cluster env --plain)"
  MANAGEMENT=$O2C_MANAGEMENT
fi
# No well-known secret: without O2C_AUTH_SECRET, one is generated for this installation the first time and
# kept (mode 0600) under the run folder, beside the servers' data; tokens are minted with it.
SECRET_FILE=${O2C_AUTH_SECRET_FILE:-${O2C_RUN_DIR:-/var/tmp/o2c-run}/secrets/auth-secret}
if [ -z "${O2C_AUTH_SECRET:-}" ]; then
  if [ ! -s "$SECRET_FILE" ]; then
    mkdir -p "$(dirname "$SECRET_FILE")" && chmod 700 "$(dirname "$SECRET_FILE")"
    (umask 077; head -c 32 /dev/urandom | base64 | tr -d '\n=' > "$SECRET_FILE")
    echo "generated an auth secret for this installation in $SECRET_FILE (shown once):"
    echo "  $(cat "$SECRET_FILE")"
    echo "mint a token with: O2C_AUTH_SECRET=\$(cat $SECRET_FILE) swift run o2cctl token --role finance"
  else
    echo "auth secret: $SECRET_FILE (O2C_AUTH_SECRET=\$(cat $SECRET_FILE) to mint tokens)"
  fi
  O2C_AUTH_SECRET=$(cat "$SECRET_FILE")
fi
export O2C_AUTH_SECRET
export O2C_TEST_CLOCK=${O2C_TEST_CLOCK:-0}
export O2C_LOG_LEVEL=${O2C_LOG_LEVEL:-info}

# executable  port  database-url variable  broker-url variable (each service is its own database role and
# its own RabbitMQ user; scripts/infra.sh env prints both)
SERVICES="orders:8081:O2C_DATABASE_URL_ORDERS:O2C_AMQP_URL_ORDERS credit:8082:O2C_DATABASE_URL_CREDIT:O2C_AMQP_URL_CREDIT warehouse-dispatch:8083:O2C_DATABASE_URL_WAREHOUSE:O2C_AMQP_URL_WAREHOUSE_DISPATCH finance-collections:8084:O2C_DATABASE_URL_FINANCE:O2C_AMQP_URL_FINANCE_COLLECTIONS after-sales:8085:O2C_DATABASE_URL_AFTERSALES:O2C_AMQP_URL_AFTER_SALES"

# Each service runs under a small supervisor: a process that dies (a crash, a kill) is started again after
# a second, with a line in its log; one that exits cleanly (SIGTERM from stop, status 0) is not.
supervise() {
  local name=$1 port=$2 dbvar=$3 amqpvar=$4 child="" status
  trap 'stopping=1; [ -n "$child" ] && kill -TERM "$child" 2>/dev/null' TERM INT
  stopping=0
  while true; do
    O2C_DATABASE_URL=${!dbvar} O2C_AMQP_URL=${!amqpvar} O2C_HTTP_PORT=$port "$BIN/$name" >>"$RUN/logs/$name.log" 2>&1 &
    child=$!
    status=0
    while kill -0 "$child" 2>/dev/null; do wait "$child" && status=0 || status=$?; done
    [ "$stopping" = 1 ] || [ "$status" = 0 ] && exit 0
    echo "run.sh: $name (pid $child) exited with status $status; starting it again in 1 s" | tee -a "$RUN/logs/$name.log" >&2
    sleep 1
  done
}

pids=()
stop_all() {
  echo; echo "stopping the services (graceful: in-flight messages finish, the outbox is flushed)..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -f "$RUN/services.pid"
  if [ "$INFRA" = single ]; then echo "stopped. PostgreSQL and RabbitMQ keep running: scripts/infra.sh stop"
  else echo "stopped. The cluster keeps running: scripts/infra.sh cluster stop"; fi
}
trap stop_all INT TERM

: > "$RUN/services.pid"
for entry in $SERVICES; do
  IFS=: read -r name port dbvar amqpvar <<<"$entry"
  : >"$RUN/logs/$name.log"
  supervise "$name" "$port" "$dbvar" "$amqpvar" &
  pids+=($!)
  echo $! >> "$RUN/services.pid"
done

printf '%-22s %-6s %s\n' service port ready
all_ready=yes
for entry in $SERVICES; do
  IFS=: read -r name port _ <<<"$entry"
  status=000
  for _ in $(seq 1 120); do
    status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready" || true)
    [ "$status" = 200 ] && break
    sleep 0.5
  done
  printf '%-22s %-6s %s\n' "$name" "$port" "$([ "$status" = 200 ] && echo yes || echo "NO (see .run/logs/$name.log)")"
  [ "$status" = 200 ] || all_ready=no
done
echo

# A short demo over HTTP (seeds customers of grades A/B/C, drives orders to completed); O2C_DEMO=0 skips it.
if [ "${O2C_DEMO:-1}" != 0 ] && [ "$all_ready" = yes ]; then
  echo "running the demo: o2c-demo ${O2C_DEMO_ARGS:---orders 12 --concurrency 4 --returns 2}"
  # shellcheck disable=SC2086
  "$BIN/o2c-demo" ${O2C_DEMO_ARGS:---orders 12 --concurrency 4 --returns 2} || echo "the demo did not finish cleanly (see above and .run/logs/)"
  echo
fi
echo "The suite is up ($INFRA). Logs: .run/logs/. RabbitMQ management: $MANAGEMENT (o2c/o2c)."
echo "Press Ctrl-C to stop, or run scripts/stop.sh from another terminal."
wait
