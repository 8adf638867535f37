#!/usr/bin/env bash
# Installs (when missing), starts and stops the suite's infrastructure on loopback, without systemd:
# PostgreSQL 15 on 127.0.0.1:${O2C_PG_PORT:-5432} and RabbitMQ on 127.0.0.1:${O2C_AMQP_PORT:-5672}
# (management on :15672). Idempotent: `start` on a running stack only checks it and re-applies the
# database roles and schemas.
#
#   scripts/infra.sh start             install if needed, start both, create database, roles, schemas
#   scripts/infra.sh stop              stop both
#   scripts/infra.sh status            exit 0 when both answer
#   scripts/infra.sh restart-rabbitmq  stop and start the broker (used by the resilience tests)
#   scripts/infra.sh restart-postgres  stop and start the database (used by the resilience tests)
#   scripts/infra.sh start-postgres    start PostgreSQL alone, with its authentication and role passwords
#   scripts/infra.sh create-database NAME   database NAME with the five schemas (roles made when missing)
#   scripts/infra.sh rotate-db-password ROLE  a new password for a PostgreSQL role (restart its service)
#   scripts/infra.sh psql [ARGS]       psql as the superuser over the local socket (e.g. `psql -d o2c`)
#   scripts/infra.sh env               print the O2C_* URLs for each service, for `eval`
#   scripts/infra.sh rotate-amqp-password USER   new password for a broker user (a service or o2c-reader)
#   scripts/infra.sh create-vhost NAME another vhost with the suite's users, permissions and topology
#                                      (`env` prints URLs into it with O2C_VHOST=NAME)
#   scripts/infra.sh cluster CMD [ARGS]  the cluster mode beside the single node (three RabbitMQ nodes, a
#                                      PostgreSQL primary and standby): runs scripts/cluster.sh, see there
#
# RabbitMQ: the suite lives in the vhost `o2c`. Each service connects as its own user (orders, credit,
# warehouse-dispatch, finance-collections, after-sales; o2c-reader is the template for an outside system
# that only reads), with a password generated once per installation under $RUN_DIR/secrets (never in git)
# and the permissions of deploy/rabbitmq/definitions.json, applied by deploy/rabbitmq/apply.sh. The `o2c`
# user is the operator's (management UI, o2cctl).
#
# Data lives in ${O2C_RUN_DIR:-/var/tmp/o2c-run}; remove it to start from nothing. PostgreSQL asks every
# TCP connection for a password (scram-sha-256); each role's password is generated once per installation
# and kept in ${O2C_RUN_DIR:-/var/tmp/o2c-run}/secrets/pg-<role> (mode 0600, never committed). A cluster
# made before that (trust, passwords equal to the role names) is moved over by the next `start`.
#
# PostgreSQL loads pg_stat_statements (per-statement counters: the plan guard QueryPlanTests and
# scripts/bench.sh read them); every database `start` or `create-database` makes has the extension. A
# cluster made before that gets it with `alter system` and one restart at its next start.
set -euo pipefail

RUN_DIR=${O2C_RUN_DIR:-/var/tmp/o2c-run}
PG_PORT=${O2C_PG_PORT:-5432}
AMQP_PORT=${O2C_AMQP_PORT:-5672}
# The management API's port (scripts/cluster.sh points it at its own first node).
MGMT_PORT=15672
PG_BIN=/usr/lib/postgresql/15/bin
PG_DIR=$RUN_DIR/postgres
RMQ_DIR=$RUN_DIR/rabbitmq
DB_NAME=${O2C_DB_NAME:-o2c}
# The superuser: infra.sh itself over the unix socket (peer), the tests and o2c-bench over TCP with its password.
PG_ADMIN=postgres
AMQP_USER=o2c
AMQP_PASSWORD=o2c
AMQP_VHOST=${O2C_VHOST:-o2c}
SECRETS=$RUN_DIR/secrets
BROKER_USERS="orders credit warehouse-dispatch finance-collections after-sales o2c-reader"

# service role schema: each service connects as its own role, which owns only its schema.
SERVICES="orders:o2c_orders:orders credit:o2c_credit:credit warehouse-dispatch:o2c_warehouse:warehouse finance-collections:o2c_finance:finance after-sales:o2c_aftersales:aftersales"

log() { printf 'infra: %s\n' "$*" >&2; }
die() { printf 'infra: %s\n' "$*" >&2; exit 1; }

need_root() { [ "$(id -u)" = 0 ] || die "must run as root (installs packages and runs servers as their own users)"; }

install_packages() {
  local missing=()
  [ -x "$PG_BIN/postgres" ] || missing+=(postgresql)
  command -v rabbitmq-server >/dev/null 2>&1 || missing+=(rabbitmq-server)
  dpkg -s librabbitmq-dev >/dev/null 2>&1 || missing+=(librabbitmq-dev)
  dpkg -s libpq-dev >/dev/null 2>&1 || missing+=(libpq-dev)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  # The printable forms' tests: headless Chromium prints a page to PDF, pdftotext reads it back, and the
  # Chinese titles need a CJK font (README "Printing").
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
  dpkg -s fonts-wqy-zenhei >/dev/null 2>&1 || missing+=(fonts-wqy-zenhei)
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Debian packages try to start their services; there is no init system here, so say no.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  apt-get update -q >/dev/null
  apt-get install -y -q "${missing[@]}" >/dev/null
}

pg_running() { su postgres -c "$PG_BIN/pg_ctl -D $PG_DIR/data status" >/dev/null 2>&1; }
# The superuser over the unix socket, as the postgres OS user (pg_hba: peer): needs no password, so it
# works on a cluster from before the passwords and after a lost secret file.
psql_socket() { (cd / && runuser -u postgres -- env HOME="$PG_DIR" psql -X -h "$PG_DIR" -p "$PG_PORT" -U "$PG_ADMIN" "$@"); }
psql_admin() { PGOPTIONS="-c client_min_messages=warning" psql_socket -v ON_ERROR_STOP=1 -q "$@"; }
# The roles that get a password: the superuser and the five service roles.
db_roles() {
  local entry service role schema
  echo "$PG_ADMIN"
  for entry in $SERVICES; do IFS=: read -r service role schema <<<"$entry"; echo "$role"; done
}

# --- Secrets (database and broker): generated once per installation, kept in $SECRETS (0700), one file
# per secret (0600). 24 random bytes in hex: 48 characters that need no escaping in a URL or in SQL.
generate_secret() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
write_secret() {
  mkdir -p "$SECRETS" && chmod 700 "$SECRETS"
  (umask 077 && printf '%s' "$2" > "$SECRETS/$1.new" && mv "$SECRETS/$1.new" "$SECRETS/$1")
}
# Prints secret $1, generating it the first time.
secret() {
  [ -s "$SECRETS/$1" ] || write_secret "$1" "$(generate_secret)"
  cat "$SECRETS/$1"
}

# pg_hba.conf: a password (SCRAM) for every connection over TCP, for everyone; on the unix socket only
# the postgres OS user as the postgres role without one (peer), everyone else with a password.
pg_hba() {
  cat <<'HBA'
# Written by scripts/infra.sh on every start; edits are replaced.
# TYPE  DATABASE  USER      ADDRESS        METHOD
local   all       postgres                 peer
local   all       all                      scram-sha-256
host    all       all       127.0.0.1/32   scram-sha-256
host    all       all       ::1/128        scram-sha-256
host    replication all     127.0.0.1/32   scram-sha-256
HBA
}

# Puts the authentication in place: SCRAM hashes for new passwords and the pg_hba.conf above. On a
# running server whose files changed (a cluster from before, with trust) it reloads and waits until a
# TCP login without a password is refused.
configure_auth() {
  local conf=$PG_DIR/data/postgresql.conf hba=$PG_DIR/data/pg_hba.conf changed=no
  if ! grep -qx "password_encryption = 'scram-sha-256'" "$conf"; then
    echo "password_encryption = 'scram-sha-256'" >> "$conf"
    changed=yes
  fi
  if ! pg_hba | cmp -s - "$hba"; then
    (umask 077 && pg_hba > "$hba") && chown postgres:postgres "$hba"
    changed=yes
  fi
  if [ "$changed" = yes ] && pg_running; then
    log "PostgreSQL authentication: scram-sha-256 for every TCP connection (reloading)"
    su postgres -c "$PG_BIN/pg_ctl -D $PG_DIR/data reload" >/dev/null
    for _ in $(seq 1 40); do
      login_works "$PG_ADMIN" "" || return 0
      sleep 0.25
    done
    die "PostgreSQL still lets $PG_ADMIN in over TCP without a password after the reload (see $PG_DIR/postgres.log)"
  fi
}

# Whether role $1 can log in over TCP with password $2 (empty: none).
login_works() {
  (cd / && PGPASSFILE=/dev/null PGPASSWORD="$2" PGCONNECT_TIMEOUT=5 \
    psql -X -w -q -h 127.0.0.1 -p "$PG_PORT" -U "$1" -d postgres -tAc 'select 1' 2>/dev/null) | grep -qx 1
}

# Role $1 logs in with the password in its secret file: creates the role (LOGIN) when missing, or sets
# the password when it does not work (a cluster from before, a restored file). Changes nothing otherwise.
# $2, optional: the names of the roles that exist (one query for all of them).
ensure_role() {
  local role=$1 existing=${2:-} password
  password=$(secret "pg-$role")
  [ -n "$existing" ] || existing=$(psql_admin -d postgres -tAc "select rolname from pg_roles where rolname = '$role'")
  if ! grep -qx "$role" <<<"$existing"; then
    printf "create role %s login password '%s';\n" "$role" "$password" | psql_admin -d postgres
  elif ! login_works "$role" "$password"; then
    log "PostgreSQL role $role: setting its password from $SECRETS/pg-$role"
    printf "alter role %s with login password '%s';\n" "$role" "$password" | psql_admin -d postgres
  fi
}

ensure_roles() {
  local role existing
  existing=$(psql_admin -d postgres -tAc "select rolname from pg_roles")
  for role in $(db_roles); do ensure_role "$role" "$existing"; done
}

start_postgres() {
  mkdir -p "$PG_DIR" && chown postgres:postgres "$PG_DIR"
  if [ ! -s "$PG_DIR/data/PG_VERSION" ]; then
    su postgres -c "$PG_BIN/initdb -D $PG_DIR/data -U $PG_ADMIN --auth-local=peer --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8" >/dev/null
    cat >> "$PG_DIR/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DIR'
max_connections = 300
shared_buffers = 256MB
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.max = 10000
CONF
  fi
  configure_auth
  if ! pg_running; then
    su postgres -c "$PG_BIN/pg_ctl -D $PG_DIR/data -l $PG_DIR/postgres.log -w -t 60 start" >/dev/null
  fi
  local up=no
  for _ in $(seq 1 60); do psql_admin -d postgres -c 'select 1' >/dev/null 2>&1 && { up=yes; break; }; sleep 0.5; done
  [ "$up" = yes ] || die "PostgreSQL did not answer on $PG_DIR (port $PG_PORT; see $PG_DIR/postgres.log)"
  ensure_stat_statements
  ensure_roles
}

# pg_stat_statements is a preloaded library: a cluster made before it was in the conf written at initdb
# gets it (next to whatever it preloads already) with `alter system`, then one restart. Its own setting
# goes into postgresql.conf: `alter system` refuses a parameter of a library that is not loaded yet.
ensure_stat_statements() {
  local loaded conf=$PG_DIR/data/postgresql.conf
  loaded=$(psql_admin -d postgres -tAc 'show shared_preload_libraries')
  case ",${loaded// /}," in *,pg_stat_statements,*) return 0 ;; esac
  log "PostgreSQL: preloading pg_stat_statements (per-statement counters for the plan guard and the benchmark); restarting once"
  psql_admin -d postgres -c "alter system set shared_preload_libraries = '${loaded:+$loaded,}pg_stat_statements'"
  grep -q '^pg_stat_statements\.max' "$conf" || echo "pg_stat_statements.max = 10000" >> "$conf"
  su postgres -c "$PG_BIN/pg_ctl -D $PG_DIR/data -l $PG_DIR/postgres.log -m fast -w -t 60 restart" >/dev/null
  local up=no
  for _ in $(seq 1 60); do psql_admin -d postgres -c 'select 1' >/dev/null 2>&1 && { up=yes; break; }; sleep 0.5; done
  [ "$up" = yes ] || die "PostgreSQL did not come back after preloading pg_stat_statements (see $PG_DIR/postgres.log)"
}

stop_postgres() {
  pg_running && su postgres -c "$PG_BIN/pg_ctl -D $PG_DIR/data -m fast -w stop" >/dev/null || true
}

# Creates database $1 with the five schemas, each owned by its service's role (created once per cluster),
# and the pg_stat_statements extension (its view and reset function, in schema public, for the superuser).
create_database() {
  local db=$1
  psql_admin -d postgres -tc "select 1 from pg_database where datname = '$db'" | grep -q 1 ||
    psql_admin -d postgres -c "create database \"$db\""
  psql_admin -d "$db" -c "revoke all on schema public from public; revoke all on database \"$db\" from public" \
    -c "create extension if not exists pg_stat_statements"
  local entry service role schema
  for entry in $SERVICES; do
    IFS=: read -r service role schema <<<"$entry"
    psql_admin -d postgres -tAc "select 1 from pg_roles where rolname = '$role'" | grep -qx 1 || ensure_role "$role"
    psql_admin -d "$db" -c "grant connect on database \"$db\" to $role;
      create schema if not exists $schema authorization $role;
      alter role $role in database \"$db\" set search_path = $schema"
  done
}

# A new password for role $1 (a service role or the superuser): the role first, then its file, so a
# failure leaves the old one working. Sessions already open keep running; restart the service.
rotate_db_password() {
  local role=$1 password
  grep -qx "$role" <<<"$(db_roles)" || die "unknown role '$role' (one of: $(db_roles | tr '\n' ' '))"
  password=$(generate_secret)
  printf "alter role %s with password '%s';\n" "$role" "$password" | psql_admin -d postgres
  write_secret "pg-$role" "$password"
  login_works "$role" "$password" || die "role $role does not log in with its new password"
  log "new password for PostgreSQL role $role in $SECRETS/pg-$role; restart what connects as it"
}

rmq_env() {
  export RABBITMQ_CONF_ENV_FILE=$RMQ_DIR/rabbitmq-env.conf ERL_EPMD_ADDRESS=127.0.0.1
}

rmq_running() { rmq_env; [ -f "$RMQ_DIR/rabbit.pid" ] && timeout 20 rabbitmqctl -q status >/dev/null 2>&1; }

start_rabbitmq() {
  mkdir -p "$RMQ_DIR/mnesia" "$RMQ_DIR/log"
  cat > "$RMQ_DIR/rabbitmq-env.conf" <<CONF
NODENAME=rabbit@localhost
CONFIG_FILE=$RMQ_DIR/rabbitmq.conf
MNESIA_BASE=$RMQ_DIR/mnesia
LOG_BASE=$RMQ_DIR/log
ENABLED_PLUGINS_FILE=$RMQ_DIR/enabled_plugins
PID_FILE=$RMQ_DIR/rabbit.pid
SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
CONF
  cat > "$RMQ_DIR/rabbitmq.conf" <<CONF
listeners.tcp.1 = 127.0.0.1:$AMQP_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $MGMT_PORT
loopback_users = none
CONF
  echo '[rabbitmq_management].' > "$RMQ_DIR/enabled_plugins"
  chown -R rabbitmq:rabbitmq "$RMQ_DIR"
  rmq_env
  if ! rmq_running; then
    rm -f "$RMQ_DIR/rabbit.pid"
    rabbitmq-server -detached >/dev/null 2>&1
  fi
  for _ in 1 2 3; do [ -f "$RMQ_DIR/rabbit.pid" ] && break; sleep 1; done
  rabbitmqctl -q wait --timeout 120 "$RMQ_DIR/rabbit.pid" >/dev/null || die "RabbitMQ did not start (see $RMQ_DIR/log)"
  # Read the list first: `grep -q` on the pipe would close it early, and under pipefail the SIGPIPE of
  # rabbitmqctl would read as "no such user".
  local users
  users=$(rabbitmqctl -q list_users)
  grep -q "^$AMQP_USER[[:space:]]" <<<"$users" || {
    rabbitmqctl -q add_user "$AMQP_USER" "$AMQP_PASSWORD" >/dev/null
    rabbitmqctl -q set_user_tags "$AMQP_USER" administrator >/dev/null
  }
  rabbitmqctl -q set_permissions -p / "$AMQP_USER" '.*' '.*' '.*' >/dev/null
  apply_broker_users
}

password_var() { echo "O2C_AMQP_PASSWORD_$(echo "$1" | tr 'a-z-' 'A-Z_')"; }

# The per-service users, their permissions and the suite's topology in vhost $AMQP_VHOST.
apply_broker_users() {
  local user
  for user in $BROKER_USERS; do export "$(password_var "$user")=$(secret "amqp-$user")"; done
  for _ in $(seq 1 60); do curl -fs -o /dev/null -u "$AMQP_USER:$AMQP_PASSWORD" "http://127.0.0.1:$MGMT_PORT/api/overview" && break; sleep 0.5; done
  # Queues an earlier version declared with other arguments (e.g. without the quorum group size): the
  # empty ones are made again, one with messages stops the start with its name.
  python3 "$(dirname "${BASH_SOURCE[0]}")/reconcile-queues.py" "http://127.0.0.1:$MGMT_PORT" "$AMQP_USER:$AMQP_PASSWORD" \
    "$AMQP_VHOST" "$(dirname "${BASH_SOURCE[0]}")/../deploy/rabbitmq/definitions.json" ||
    die "queues of vhost $AMQP_VHOST from an earlier version hold messages (see above)"
  RABBITMQ_API="http://127.0.0.1:$MGMT_PORT" RABBITMQ_ADMIN="$AMQP_USER:$AMQP_PASSWORD" O2C_VHOST=$AMQP_VHOST \
    "$(dirname "${BASH_SOURCE[0]}")/../deploy/rabbitmq/apply.sh" ||
    die "could not apply the broker users and topology (deploy/rabbitmq/apply.sh)"
}

rotate_amqp_password() {
  local user=$1
  case " $BROKER_USERS " in *" $user "*) ;; *) die "unknown broker user $user (one of $BROKER_USERS)" ;; esac
  # The new password goes to the broker first; the file changes only when the broker took it.
  local file=$SECRETS/amqp-$user
  cp -p "$file" "$file.previous" 2>/dev/null || true
  write_secret "amqp-$user" "$(generate_secret)"
  if ! (apply_broker_users); then
    [ -s "$file.previous" ] && mv "$file.previous" "$file"
    die "the broker did not take the new password of $user; the old one stays in $file"
  fi
  rm -f "$file.previous"
  log "new password for broker user $user in $SECRETS/amqp-$user; restart that service (scripts/run.sh picks it up)"
}

stop_rabbitmq() {
  rmq_env
  if [ -f "$RMQ_DIR/rabbit.pid" ]; then
    timeout 60 rabbitmqctl -q shutdown >/dev/null 2>&1 || kill "$(cat "$RMQ_DIR/rabbit.pid")" 2>/dev/null || true
    rm -f "$RMQ_DIR/rabbit.pid"
  fi
}

# The suite's URLs with their passwords, as `export` lines for eval: O2C_AMQP_URL (the operator),
# O2C_AMQP_URL_<USER> for each broker user, O2C_ADMIN_DATABASE_URL (the superuser) and
# O2C_DATABASE_URL_<SCHEMA> for each service's role. Arguments, for scripts/cluster.sh env: a prefix after
# O2C_ (e.g. CLUSTER_), the broker's host:port list, PostgreSQL's host:port list and a URL query; by
# default the single node's.
print_env() {
  local prefix=${1:-} amqp_hosts=${2:-127.0.0.1:$AMQP_PORT} pg_hosts=${3:-127.0.0.1:$PG_PORT} query=${4:-}
  local entry service role schema user
  for role in $(db_roles); do
    [ -r "$SECRETS/pg-$role" ] || die "no readable $SECRETS/pg-$role: run \`scripts/infra.sh start\` first (as root)"
  done
  echo "export O2C_${prefix}AMQP_URL=amqp://$AMQP_USER:$AMQP_PASSWORD@$amqp_hosts/$AMQP_VHOST"
  for user in $BROKER_USERS; do
    [ -s "$SECRETS/amqp-$user" ] || continue
    echo "export O2C_${prefix}AMQP_URL_$(echo "$user" | tr 'a-z-' 'A-Z_')=amqp://$user:$(cat "$SECRETS/amqp-$user")@$amqp_hosts/$AMQP_VHOST"
  done
  echo "export O2C_${prefix}ADMIN_DATABASE_URL=postgres://$PG_ADMIN:$(cat "$SECRETS/pg-$PG_ADMIN")@$pg_hosts/$DB_NAME$query"
  for entry in $SERVICES; do
    IFS=: read -r service role schema <<<"$entry"
    echo "export O2C_${prefix}DATABASE_URL_$(echo "$schema" | tr '[:lower:]' '[:upper:]')=postgres://$role:$(cat "$SECRETS/pg-$role")@$pg_hosts/$DB_NAME$query"
  done
}

# The commands, when run (scripts/cluster.sh sources this file for its functions only).
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  case "${1:-}" in
    start)
      need_root
      install_packages
      start_postgres
      create_database "$DB_NAME"
      start_rabbitmq
      log "PostgreSQL on 127.0.0.1:$PG_PORT (database $DB_NAME), RabbitMQ on 127.0.0.1:$AMQP_PORT, data in $RUN_DIR"
      ;;
    stop) need_root; stop_rabbitmq; stop_postgres; log "stopped" ;;
    status) pg_running && rmq_running ;;
    restart-rabbitmq) need_root; stop_rabbitmq; start_rabbitmq ;;
    stop-rabbitmq) need_root; stop_rabbitmq ;;
    start-rabbitmq) need_root; start_rabbitmq ;;
    restart-postgres) need_root; stop_postgres; start_postgres ;;
    stop-postgres) need_root; stop_postgres ;;
    start-postgres) need_root; start_postgres ;;
    create-database) need_root; create_database "${2:?database name}" ;;
    rotate-db-password) need_root; rotate_db_password "${2:?role, e.g. o2c_orders}" ;;
    psql) need_root; shift; psql_socket "$@" ;;
    env) print_env ;;
    create-vhost) need_root; rmq_env; AMQP_VHOST=${2:?vhost name}; apply_broker_users ;;
    rotate-amqp-password) need_root; rmq_env; rotate_amqp_password "${2:?broker user}" ;;
    cluster) shift; exec "$(dirname "${BASH_SOURCE[0]}")/cluster.sh" "$@" ;;
    *) echo "usage: $0 start|stop|status|restart-rabbitmq|restart-postgres|stop-rabbitmq|start-rabbitmq|stop-postgres|start-postgres|create-database NAME|rotate-db-password ROLE|psql [ARGS]|env|create-vhost NAME|rotate-amqp-password USER|cluster CMD [ARGS] (see scripts/cluster.sh)" >&2; exit 2 ;;
  esac
fi
