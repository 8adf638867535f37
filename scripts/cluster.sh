#!/usr/bin/env bash
# The cluster mode of the suite's infrastructure (issue 15), beside the single-node servers of
# scripts/infra.sh and on loopback ports of its own: three clustered RabbitMQ nodes and a PostgreSQL 15
# primary with a streaming standby (synchronous unless made async). Run as root, directly or as
# `scripts/infra.sh cluster CMD ...`. Data in ${O2C_RUN_DIR:-/var/tmp/o2c-run}/cluster; the passwords are
# the single node's ($RUN_DIR/secrets/pg-<role>, amqp-<user>, generated when missing).
#
#   RabbitMQ  o2cN@localhost, N = 1..3: AMQP 127.0.0.1:568N, management 127.0.0.1:1568N, DIST_PORT 2578N;
#             a cookie of their own; operator o2c/o2c (administrator); the suite's users, permissions and
#             topology in vhost o2c (deploy/rabbitmq/apply.sh); 2 and 3 joined to 1.
#   PostgreSQL 127.0.0.1:5442 (primary when made) and 127.0.0.1:5443 (standby: pg_basebackup -R -X stream);
#             database o2c with the five schemas, roles and passwords as infra.sh makes them.
#
#   cluster.sh start              start what of the five is not running (a fresh cluster when there is none);
#                                 a PostgreSQL node that is no longer the primary's standby (crashed, then
#                                 the other promoted) is made again as a standby of the primary; prints seconds
#   cluster.sh stop               stop all of it (in parallel)
#   cluster.sh status             one line per part; exit 0 when the three nodes and a writable primary answer
#   cluster.sh env [--plain]      the O2C_CLUSTER_* multi-host URLs, for `eval`; --plain: under the names
#                                 `scripts/infra.sh env` prints (O2C_AMQP_URL_ORDERS, ...)
#   cluster.sh rabbit-kill N      SIGKILL node N's Erlang VM, wait until its AMQP port refuses
#   cluster.sh rabbit-start N     start node N (it rejoins the cluster) and wait until it runs; no-op if it runs
#   cluster.sh rabbit-stop N      graceful `rabbitmqctl shutdown` of node N
#   cluster.sh rabbit-leader QUEUE [VHOST]  the number of the node leading quorum queue QUEUE (vhost o2c)
#   cluster.sh rabbitmqctl N ARGS...        node N's rabbitmqctl
#   cluster.sh pg-reset [sync|async]        a fresh primary (5442) and standby (5443); default sync
#   cluster.sh pg-primary         the port of the running primary
#   cluster.sh pg-crash [--pause-walsender SECONDS]  crash the primary (pg_ctl -m immediate stop); with the
#                                 option, SIGSTOP its walsender for SECONDS first (commits go on), then
#                                 SIGKILL the postmaster and all its children at once (unsent WAL is never sent)
#   cluster.sh pg-promote         promote the running standby (refused while a primary runs), wait for writes
#
# Synchronous mode: synchronous_standby_names = '*' is set on the primary only after the base backup and
# removed from every standby's copy, so a promoted standby never waits for a standby it does not have.
set -euo pipefail

# infra.sh's functions and settings (its commands run only when it is executed).
# shellcheck source=scripts/infra.sh
source "$(dirname "${BASH_SOURCE[0]}")/infra.sh"

CL=$RUN_DIR/cluster
RHOME=$CL/rabbit-home
RMQ_BIN=/usr/lib/rabbitmq/bin
NODES="1 2 3"
PG_PORTS="5442 5443"
HOSTS_AMQP=127.0.0.1:5681,127.0.0.1:5682,127.0.0.1:5683
HOSTS_PG=127.0.0.1:5442,127.0.0.1:5443

log() { printf 'cluster: %s\n' "$*" >&2; }
die() { printf 'cluster: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
# Whether something accepts TCP connections on 127.0.0.1:$1.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
check_node() { case "${1:-}" in 1|2|3) ;; *) die "node number must be 1, 2 or 3 (got '${1:-}')" ;; esac; }

# --- RabbitMQ ---------------------------------------------------------------------------------------
ndir() { echo "$CL/rabbit$1"; }
# Tool $2 (rabbitmqctl, rabbitmq-server, ...) for node $1, with the cluster's own HOME (cookie) and env file.
rmq() {
  local n=$1 tool=$2; shift 2
  (cd / && runuser -u rabbitmq -- env HOME="$RHOME" RABBITMQ_CONF_ENV_FILE="$(ndir "$n")/rabbitmq-env.conf" \
    ERL_EPMD_ADDRESS=127.0.0.1 "$RMQ_BIN/$tool" "$@")
}

# The cookie the three share (not the single node's), in their own HOME.
ensure_cookie() {
  mkdir -p "$RHOME"
  [ -s "$RHOME/.erlang.cookie" ] || (umask 077 && generate_secret | tr -dc 'a-z0-9' > "$RHOME/.erlang.cookie")
  chown -R rabbitmq:rabbitmq "$RHOME" && chmod 700 "$RHOME" && chmod 400 "$RHOME/.erlang.cookie"
}

# Node $1's env file, config (listeners, management, default user o2c) and plugins.
write_node_conf() {
  local n=$1 d; d=$(ndir "$1")
  mkdir -p "$d/mnesia" "$d/log"
  cat > "$d/rabbitmq-env.conf" <<CONF
NODENAME=o2c$n@localhost
CONFIG_FILE=$d/rabbitmq.conf
MNESIA_BASE=$d/mnesia
LOG_BASE=$d/log
ENABLED_PLUGINS_FILE=$d/enabled_plugins
PID_FILE=$d/rabbit.pid
DIST_PORT=$((25780 + n))
CTL_DIST_PORT_MIN=35780
CTL_DIST_PORT_MAX=35799
SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
CONF
  # The operator's user is the node's default user (made at the first boot, no CLI round trip).
  cat > "$d/rabbitmq.conf" <<CONF
listeners.tcp.1 = 127.0.0.1:$((5680 + n))
management.tcp.ip = 127.0.0.1
management.tcp.port = $((15680 + n))
loopback_users = none
default_user = $AMQP_USER
default_pass = $AMQP_PASSWORD
default_user_tags.administrator = true
default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*
CONF
  echo '[rabbitmq_management].' > "$d/enabled_plugins"
  chown -R rabbitmq:rabbitmq "$d"
}

# The OS pid of node $1's Erlang VM, from its PID_FILE, else from the VM listening on its DIST_PORT
# (a failed second start deletes the PID_FILE of a running node). Fails when it does not run.
node_pid() {
  local n=$1 pid=""
  pid=$(cat "$(ndir "$n")/rabbit.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && [ "$(ps -o comm= -p "$pid" 2>/dev/null)" = beam.smp ]; then echo "$pid"; return 0; fi
  pid=$(ss -Hltnp "sport = :$((25780 + n))" 2>/dev/null | grep -o 'beam.smp",pid=[0-9]*' | head -1 | cut -d= -f2)
  [ -n "$pid" ] && echo "$pid"
}
node_running() { node_pid "$1" >/dev/null; }

# Starts node $1 unless its VM runs (never twice: see the notes); does not wait.
launch_node() {
  local n=$1
  node_running "$n" && return 0
  write_node_conf "$n"
  rm -f "$(ndir "$n")/rabbit.pid"
  rmq "$n" rabbitmq-server -detached >/dev/null 2>&1 || die "rabbitmq-server -detached failed for o2c$n@localhost"
}

# Waits until node $1's application runs and its AMQP port accepts.
wait_node() {
  local n=$1 d; d=$(ndir "$1")
  for _ in $(seq 1 50); do [ -f "$d/rabbit.pid" ] && break; sleep 0.1; done
  rmq "$n" rabbitmqctl -q wait --timeout 120 "$d/rabbit.pid" >/dev/null 2>&1 ||
    die "node o2c$n@localhost did not start (see $d/log)"
  for _ in $(seq 1 100); do port_open $((5680 + n)) && return 0; sleep 0.1; done
  die "node o2c$n@localhost runs but its AMQP port $((5680 + n)) does not accept"
}

# Joins nodes 2 and 3 to node 1 when they are not in its cluster yet (one at a time).
join_nodes() {
  local members n
  members=$(rmq 1 rabbitmqctl -q cluster_status --formatter json) || die "cluster_status of o2c1@localhost failed"
  for n in 2 3; do
    grep -q "\"o2c$n@localhost\"" <<<"$members" && continue
    log "joining o2c$n@localhost to o2c1@localhost"
    rmq "$n" rabbitmqctl -q stop_app >/dev/null &&
      rmq "$n" rabbitmqctl -q join_cluster o2c1@localhost >/dev/null &&
      rmq "$n" rabbitmqctl -q start_app >/dev/null || die "o2c$n@localhost could not join o2c1@localhost"
  done
}

# The operator user (should the default user be missing), then the suite's users and topology via node 1.
apply_broker() {
  if ! curl -fs -o /dev/null -u "$AMQP_USER:$AMQP_PASSWORD" http://127.0.0.1:15681/api/whoami; then
    rmq 1 rabbitmqctl -q add_user "$AMQP_USER" "$AMQP_PASSWORD" >/dev/null 2>&1 || true
    rmq 1 rabbitmqctl -q set_user_tags "$AMQP_USER" administrator >/dev/null
    rmq 1 rabbitmqctl -q set_permissions -p / "$AMQP_USER" '.*' '.*' '.*' >/dev/null
  fi
  MGMT_PORT=15681 apply_broker_users
}

start_rabbit_all() {
  local n pids=()
  ensure_cookie
  for n in $NODES; do launch_node "$n"; done
  for n in $NODES; do wait_node "$n" & pids+=($!); done
  for n in "${pids[@]}"; do wait "$n" || exit 1; done
  join_nodes
  apply_broker
}

# SIGKILL of node $1's VM; waits until its AMQP port refuses.
rabbit_kill() {
  local n=$1 pid
  pid=$(node_pid "$n") || die "node o2c$n@localhost does not run"
  kill -KILL "$pid"
  for _ in $(seq 1 100); do
    port_open $((5680 + n)) || { log "killed o2c$n@localhost (pid $pid)"; return 0; }
    sleep 0.05
  done
  die "node o2c$n@localhost's AMQP port still accepts after SIGKILL"
}

rabbit_start() {
  local n=$1 t0; t0=$(now)
  if node_running "$n"; then wait_node "$n"; log "o2c$n@localhost runs already"; return 0; fi
  ensure_cookie
  launch_node "$n"
  wait_node "$n"
  log "o2c$n@localhost running after $(since "$t0") s"
}

rabbit_stop() {
  local n=$1 pid
  pid=$(node_pid "$n") || { log "o2c$n@localhost is not running"; return 0; }
  rmq "$n" rabbitmqctl -q shutdown >/dev/null 2>&1 || { kill "$pid" 2>/dev/null || true; }
  for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && die "o2c$n@localhost (pid $pid) did not stop"
  rm -f "$(ndir "$n")/rabbit.pid"
}

rabbit_leader() {
  local queue=$1 vhost=${2:-o2c} n out leader
  for n in $NODES; do
    node_running "$n" || continue
    out=$(rmq "$n" rabbitmqctl -q list_queues -p "$vhost" --no-table-headers name leader 2>/dev/null) || continue
    leader=$(awk -F'\t' -v q="$queue" '$1 == q { print $2 }' <<<"$out")
    [[ "$leader" =~ ^o2c([123])@localhost$ ]] || die "no leader for queue '$queue' in vhost '$vhost' (not a quorum queue, or none such)"
    echo "${BASH_REMATCH[1]}"
    return 0
  done
  die "no running node answered list_queues"
}

# --- PostgreSQL -------------------------------------------------------------------------------------
# Points infra.sh's functions (psql_admin, start_postgres, ...) at the node on port $1.
use_pg() { PG_PORT=$1; PG_DIR=$CL/pg$1; }
other_port() { [ "$1" = 5442 ] && echo 5443 || echo 5442; }
pg_node_running() { (use_pg "$1"; [ -s "$PG_DIR/data/PG_VERSION" ] && pg_running); }
pg_q() { (use_pg "$1"; psql_admin -d postgres -tAc "$2"); }
# Whether the node on port $1 runs and is not in recovery.
pg_is_primary() { pg_node_running "$1" && [ "$(pg_q "$1" 'select pg_is_in_recovery()' 2>/dev/null)" = f ]; }
pg_is_standby() { pg_node_running "$1" && [ "$(pg_q "$1" 'select pg_is_in_recovery()' 2>/dev/null)" = t ]; }
pg_ctl_node() { local port=$1; shift; su postgres -c "$PG_BIN/pg_ctl -D $CL/pg$port/data -l $CL/pg$port/postgres.log $*" >/dev/null; }
pg_mode() { cat "$CL/pg-mode" 2>/dev/null || echo sync; }

primary_port() {
  local p
  for p in $PG_PORTS; do pg_is_primary "$p" && { echo "$p"; return 0; }; done
  return 1
}

# Makes the node on port $1 again, as a streaming standby of the primary on port $2.
make_standby() {
  local port=$1 primary=$2 d=$CL/pg$1
  pg_node_running "$port" && pg_ctl_node "$port" -m immediate -w stop
  rm -rf "$d" && mkdir -p "$d" && chown postgres:postgres "$d"
  (cd / && runuser -u postgres -- env PGPASSWORD="$(secret "pg-$PG_ADMIN")" PGPASSFILE=/dev/null \
    "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$primary" -U "$PG_ADMIN" -D "$d/data" -R -X stream -c fast) ||
    die "pg_basebackup from port $primary failed"
  # The trap: a standby that copied synchronous_standby_names would hang every commit once promoted.
  sed -i '/^synchronous_standby_names/d' "$d/data/postgresql.auto.conf"
  printf "port = %s\nunix_socket_directories = '%s'\n" "$port" "$d" >> "$d/data/postgresql.conf"
  pg_ctl_node "$port" -w -t 60 start || die "the standby on port $port did not start (see $d/postgres.log)"
}

# Synchronous (or not, $2) replication on the primary on port $1; waits until the standby streams so.
set_replication_mode() {
  local port=$1 mode=$2 want
  if [ "$mode" = sync ]; then
    pg_q "$port" "alter system set synchronous_standby_names = '*'" >/dev/null; want=sync
  else
    pg_q "$port" "alter system reset synchronous_standby_names" >/dev/null; want=async
  fi
  pg_q "$port" 'select pg_reload_conf()' >/dev/null
  for _ in $(seq 1 100); do
    [ "$(pg_q "$port" "select sync_state from pg_stat_replication where state = 'streaming' limit 1")" = "$want" ] && return 0
    sleep 0.05
  done
  die "the standby does not stream $want from port $port"
}

# Database o2c with its schemas, and the roles, on the primary on port $1 (as infra.sh start makes them).
ensure_database() { (use_pg "$1"; ensure_roles; create_database "$DB_NAME") >/dev/null; }

# Throws both nodes away and makes a fresh pair in mode $1 (sync|async): primary 5442, standby 5443.
pg_reset() {
  local mode=${1:-sync} p
  case "$mode" in sync|async) ;; *) die "mode must be sync or async (got '$mode')" ;; esac
  for p in $PG_PORTS; do pg_node_running "$p" && pg_ctl_node "$p" -m immediate -w stop; done
  rm -rf "$CL/pg5442" "$CL/pg5443"
  mkdir -p "$CL" && echo "$mode" > "$CL/pg-mode" && echo 5442 > "$CL/pg-primary"
  (use_pg 5442; start_postgres >/dev/null)
  ensure_database 5442
  pg_q 5442 "alter system set wal_keep_size = '256MB'" >/dev/null
  pg_q 5442 'select pg_reload_conf()' >/dev/null
  make_standby 5443 5442
  set_replication_mode 5442 "$mode"
}

# Starts the pair as it was left: the recorded primary first, then its standby (made again when the
# other node is no longer one, e.g. the crashed old primary after a promotion).
start_pg_all() {
  local primary other mode; mode=$(pg_mode)
  primary=$(cat "$CL/pg-primary" 2>/dev/null || echo 5442)
  [ -s "$CL/pg$primary/data/PG_VERSION" ] || { log "PostgreSQL: a fresh $mode pair"; pg_reset "$mode"; return 0; }
  other=$(other_port "$primary")
  pg_node_running "$primary" || pg_ctl_node "$primary" -w -t 60 start || die "the primary on port $primary did not start"
  pg_is_primary "$primary" || die "the node on port $primary was to be the primary but is in recovery"
  if pg_node_running "$other"; then
    pg_is_standby "$other" || die "two primaries: ports $primary and $other (run pg-reset)"
  elif [ -f "$CL/pg$other/data/standby.signal" ] && grep -q "port=$primary" "$CL/pg$other/data/postgresql.auto.conf"; then
    pg_ctl_node "$other" -w -t 60 start || die "the standby on port $other did not start"
  else
    log "PostgreSQL: making port $other again as a standby of $primary"
    make_standby "$other" "$primary"
  fi
  set_replication_mode "$primary" "$mode"
  ensure_database "$primary"
}

# Crashes the primary; $1, optional: seconds to hold its walsender stopped first.
pg_crash() {
  local pause=${1:-} port pm wal kids pids
  port=$(primary_port) || die "no primary runs"
  if [ -z "$pause" ]; then
    pg_ctl_node "$port" -m immediate -w stop || die "pg_ctl -m immediate stop failed on port $port"
    log "crashed the primary on port $port"
    return 0
  fi
  wal=$(pg_q "$port" 'select pid from pg_stat_replication limit 1')
  [ -n "$wal" ] || die "the primary on port $port has no walsender (no standby streams)"
  pm=$(head -1 "$CL/pg$port/data/postmaster.pid")
  kill -STOP "$wal"
  sleep "$pause"
  # Freeze the postmaster (no new children), then kill the walsender, the postmaster and every child at
  # once: the stopped walsender never runs again, so what it had not sent is never sent.
  kill -STOP "$pm"
  kids=$(pgrep -P "$pm" | tr '\n' ' ')
  pids="$wal $pm $kids"
  # shellcheck disable=SC2086
  kill -KILL $pids 2>/dev/null || true
  for _ in $(seq 1 100); do
    # shellcheck disable=SC2086
    # All dead: drop the stale postmaster.pid, else pg_ctl may take a reused pid for the server (and signal it).
    ps -o pid= -p "${pids// /,}" >/dev/null 2>&1 || { rm -f "$CL/pg$port/data/postmaster.pid"; log "crashed the primary on port $port (walsender $wal held $pause s)"; return 0; }
    sleep 0.05
  done
  die "processes of the crashed primary remain: $(ps -o pid= -p "${pids// /,}" | tr '\n' ' ')"
}

pg_promote() {
  local p standby=""
  for p in $PG_PORTS; do
    if pg_is_primary "$p"; then die "the primary on port $p still runs: crash it first (pg-crash)"; fi
    pg_is_standby "$p" && standby=$p
  done
  [ -n "$standby" ] || die "no standby runs"
  pg_ctl_node "$standby" -w -t 60 promote || die "pg_ctl promote failed on port $standby"
  # It has no standby of its own: it must not wait for one.
  if [ -n "$(pg_q "$standby" 'show synchronous_standby_names')" ]; then
    pg_q "$standby" 'alter system reset synchronous_standby_names' >/dev/null
    pg_q "$standby" 'select pg_reload_conf()' >/dev/null
  fi
  for _ in $(seq 1 100); do
    pg_q "$standby" 'select txid_current()' >/dev/null 2>&1 && { echo "$standby" > "$CL/pg-primary"; log "port $standby is the primary"; return 0; }
    sleep 0.05
  done
  die "the promoted node on port $standby does not accept writes"
}

# --- The whole ------------------------------------------------------------------------------------------
cluster_start() {
  local t0 pgjob role user; t0=$(now)
  mkdir -p "$CL"
  for role in $(db_roles); do secret "pg-$role" >/dev/null; done
  for user in $BROKER_USERS; do secret "amqp-$user" >/dev/null; done
  (start_pg_all) & pgjob=$!
  start_rabbit_all
  wait "$pgjob" || die "PostgreSQL did not start (see $CL/pg5442/postgres.log, $CL/pg5443/postgres.log)"
  log "cluster running after $(since "$t0") s: RabbitMQ 127.0.0.1:5681-5683, PostgreSQL primary 127.0.0.1:$(primary_port)"
  since "$t0"; echo
}

cluster_stop() {
  local n p pids=()
  for n in $NODES; do node_running "$n" && { rabbit_stop "$n" & pids+=($!); }; done
  for p in $PG_PORTS; do pg_node_running "$p" && { pg_ctl_node "$p" -m fast -w -t 60 stop & pids+=($!); }; done
  local rc=0
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  [ "$rc" = 0 ] || die "some part did not stop"
  log "stopped"
}

cluster_status() {
  local n p rc=0 primary="" standby state
  for n in $NODES; do
    if node_running "$n" && port_open $((5680 + n)); then echo "rabbit o2c$n@localhost 127.0.0.1:$((5680 + n)) up"
    else echo "rabbit o2c$n@localhost 127.0.0.1:$((5680 + n)) down"; rc=1; fi
  done
  primary=$(primary_port) || primary=""
  if [ -n "$primary" ]; then echo "pg primary 127.0.0.1:$primary writable"; else echo "pg primary none"; rc=1; fi
  for p in $PG_PORTS; do
    [ "$p" = "$primary" ] && continue
    if pg_is_standby "$p"; then
      state=none
      [ -n "$primary" ] && state=$(pg_q "$primary" "select sync_state from pg_stat_replication where state = 'streaming' limit 1")
      case "$state" in sync) ;; async|potential|quorum) state=async ;; *) state=none ;; esac
      echo "pg standby 127.0.0.1:$p up replication $state"
    else
      echo "pg standby 127.0.0.1:$p down replication none"
    fi
  done
  [ "$rc" = 0 ] || log "not every part answers"
  return "$rc"
}

# The multi-host URLs: O2C_CLUSTER_* (beside the single node's names), or with --plain the very names of
# `scripts/infra.sh env` (O2C_AMQP_URL_ORDERS, O2C_DATABASE_URL_ORDERS, ...), so that what reads those
# (scripts/run.sh, o2c-demo, the benchmark) runs on the cluster.
cluster_env() {
  local prefix=CLUSTER_
  case "${1:-}" in
    "") ;;
    --plain) prefix="" ;;
    *) die "usage: env [--plain]" ;;
  esac
  print_env "$prefix" "$HOSTS_AMQP" "$HOSTS_PG" "?target_session_attrs=read-write"
  echo "export O2C_${prefix}MANAGEMENT=http://127.0.0.1:15681,http://127.0.0.1:15682,http://127.0.0.1:15683"
}

case "${1:-}" in
  start) need_root; cluster_start ;;
  stop) need_root; cluster_stop ;;
  status) need_root; cluster_status ;;
  env) cluster_env "${2:-}" ;;
  rabbit-kill) need_root; check_node "${2:-}"; rabbit_kill "$2" ;;
  rabbit-start) need_root; check_node "${2:-}"; rabbit_start "$2" ;;
  rabbit-stop) need_root; check_node "${2:-}"; rabbit_stop "$2"; log "o2c$2@localhost stopped" ;;
  rabbit-leader) need_root; rabbit_leader "${2:?queue name}" "${3:-o2c}" ;;
  rabbitmqctl) need_root; check_node "${2:-}"; n=$2; shift 2; rmq "$n" rabbitmqctl "$@" ;;
  pg-reset) need_root; t0=$(now); pg_reset "${2:-sync}"; log "PostgreSQL pair (${2:-sync}) made in $(since "$t0") s" ;;
  pg-primary) need_root; primary_port || die "no primary runs" ;;
  pg-crash)
    need_root
    case "${2:-}" in
      "") pg_crash ;;
      --pause-walsender) [[ "${3:-}" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "--pause-walsender needs a number of seconds"; pg_crash "$3" ;;
      *) die "usage: pg-crash [--pause-walsender SECONDS]" ;;
    esac ;;
  pg-promote) need_root; pg_promote ;;
  *) echo "usage: $0 start|stop|status|env [--plain]|rabbit-kill N|rabbit-start N|rabbit-stop N|rabbit-leader QUEUE [VHOST]|rabbitmqctl N ARGS...|pg-reset [sync|async]|pg-primary|pg-crash [--pause-walsender SECONDS]|pg-promote" >&2; exit 2 ;;
esac
