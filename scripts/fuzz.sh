#!/usr/bin/env bash
# The fuzz suite (issue 9): Schemathesis against each of the five services, run from their own
# `GET /openapi.yaml`, with a token that holds every role. Every check that applies, the phases
# examples, coverage and fuzzing, a fixed seed and a bounded time per service (scripts/schemathesis.toml
# says which statuses count as accepted or rejected, and why).
#
# The services run as processes on their own ports (O2C_FUZZ_PORT_BASE+1..+5, default 18081-18085),
# against a database and a RabbitMQ vhost of their own (`o2c_fuzz`, `o2c-fuzz`; both made afresh each
# run), so a run neither sees nor leaves data of another. O2C_TEST_CLOCK is unset: the services run as
# in production.
#
# Fails when any check fails on any service, or when a service process died or stopped answering
# /health/live during the run. Prints per service the operations, test cases and failures by check.
#
#   O2C_FUZZ_SECONDS   time budget per service (default 70; the whole run stays under 8 minutes)
#   O2C_FUZZ_SEED      Schemathesis seed (default 20261201)
#   O2C_FUZZ_SERVICES  which services (default all five), e.g. "credit orders"
#   O2C_FUZZ_SKIP_BUILD=1 use the binaries already built (scripts/test.sh has just built them)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUN_DIR=${O2C_RUN_DIR:-/var/tmp/o2c-run}
VENV=$RUN_DIR/venv-schemathesis
SCHEMATHESIS_VERSION=4.32.5
OUT=$ROOT/.run/fuzz
SEED=${O2C_FUZZ_SEED:-20261201}
SECONDS_PER_SERVICE=${O2C_FUZZ_SECONDS:-70}
PORT_BASE=${O2C_FUZZ_PORT_BASE:-18080}
DB=${O2C_FUZZ_DB:-o2c_fuzz}
VHOST=${O2C_FUZZ_VHOST:-o2c-fuzz}
MANAGEMENT=http://127.0.0.1:15672/api
SECRET=fuzz-only-secret-0123456789-abcdefghijklmnop

log() { printf 'fuzz: %s\n' "$*" >&2; }

# --- Schemathesis, pinned, in a venv of its own.
if ! "$VENV/bin/st" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  log "installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

# --- The checks themselves, against scripts/fuzz-stub.py: they pass on a stub that answers as the services
# do and fail on one that accepts anything, so the negative-data check still bites through fuzz_checks.py.
check_checks() {
  local mode=$1 stub_port=$((PORT_BASE + 9)) stub rc=0
  "$VENV/bin/python" "$ROOT/scripts/fuzz-stub.py" "$mode" "$stub_port" &
  stub=$!
  for _ in $(seq 1 50); do curl -fs -o /dev/null "http://127.0.0.1:$stub_port/openapi.yaml" && break; sleep 0.1; done
  "$VENV/bin/st" --config-file "$ROOT/scripts/schemathesis.toml" run "http://127.0.0.1:$stub_port/openapi.yaml" \
    --seed "$SEED" -n 100 -w 1 --phases coverage,fuzzing >"$OUT/stub-$mode.txt" 2>&1 || rc=$?
  kill "$stub" 2>/dev/null; wait "$stub" 2>/dev/null || true
  return $rc
}
rm -rf "$OUT" && mkdir -p "$OUT/logs"
check_checks strict || { log "the checks fail a stub that answers rightly (see $OUT/stub-strict.txt)"; exit 1; }
if check_checks lax || ! grep -q "Schema-violating request accepted" "$OUT/stub-lax.txt"; then
  log "the checks pass a stub that accepts every body (see $OUT/stub-lax.txt)"
  exit 1
fi
log "checks: pass a stub that answers rightly, fail one that accepts anything"

# --- Servers, a fresh database and vhost, binaries.
scripts/infra.sh start 2> >(grep -v NOTICE >&2)
scripts/infra.sh psql -v ON_ERROR_STOP=1 -q -o /dev/null -d postgres -c "drop database if exists \"$DB\" with (force)"
scripts/infra.sh create-database "$DB" >/dev/null
curl -fs -o /dev/null -u o2c:o2c -X DELETE "$MANAGEMENT/vhosts/$VHOST" || true
scripts/infra.sh create-vhost "$VHOST"
if [ "${O2C_FUZZ_SKIP_BUILD:-0}" != 1 ]; then
  log "building"
  swift build 2>&1 | tail -1
fi
BIN=$(swift build --show-bin-path)

eval "$(O2C_DB_NAME=$DB O2C_VHOST=$VHOST scripts/infra.sh env)"
export O2C_AUTH_SECRET=$SECRET
export O2C_LOG_LEVEL=${O2C_LOG_LEVEL:-warning}
unset O2C_TEST_CLOCK O2C_FAULTS O2C_TEST_FAULTS

ALL="orders:1:O2C_DATABASE_URL_ORDERS:O2C_AMQP_URL_ORDERS credit:2:O2C_DATABASE_URL_CREDIT:O2C_AMQP_URL_CREDIT warehouse-dispatch:3:O2C_DATABASE_URL_WAREHOUSE:O2C_AMQP_URL_WAREHOUSE_DISPATCH finance-collections:4:O2C_DATABASE_URL_FINANCE:O2C_AMQP_URL_FINANCE_COLLECTIONS after-sales:5:O2C_DATABASE_URL_AFTERSALES:O2C_AMQP_URL_AFTER_SALES"
WANTED=${O2C_FUZZ_SERVICES:-orders credit warehouse-dispatch finance-collections after-sales}

declare -A pid port
stop_all() {
  for name in "${!pid[@]}"; do kill -TERM "${pid[$name]}" 2>/dev/null || true; done
  for name in "${!pid[@]}"; do wait "${pid[$name]}" 2>/dev/null || true; done
}
trap stop_all EXIT

# All five run, whichever are fuzzed: they talk to each other over the broker.
for entry in $ALL; do
  IFS=: read -r name offset dbvar amqpvar <<<"$entry"
  port[$name]=$((PORT_BASE + offset))
  O2C_DATABASE_URL=${!dbvar} O2C_AMQP_URL=${!amqpvar} O2C_HTTP_PORT=${port[$name]} "$BIN/$name" >"$OUT/logs/$name.log" 2>&1 &
  pid[$name]=$!
done
for name in "${!port[@]}"; do
  status=000
  for _ in $(seq 1 120); do
    status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${port[$name]}/health/ready" || true)
    [ "$status" = 200 ] && break
    sleep 0.5
  done
  [ "$status" = 200 ] || { log "$name did not become ready (see $OUT/logs/$name.log)"; exit 1; }
done

# --- A token with every role (DOMAIN.md's list), `iat` now and `exp` in two hours.
TOKEN=$(python3 - "$SECRET" <<'PY'
import base64, hashlib, hmac, json, sys, time
def b64(data): return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
now = int(time.time())
roles = ["salesperson", "sales_admin", "customer_service", "branch_manager", "sales_manager", "sales_director",
         "general_manager", "finance", "warehouse_keeper", "carrier", "gatekeeper", "technician", "auditor"]
header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
claims = b64(json.dumps({"sub": "fuzz", "roles": roles, "iat": now, "exp": now + 7200}).encode())
signature = b64(hmac.new(sys.argv[1].encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest())
print(f"{header}.{claims}.{signature}")
PY
)

alive() { kill -0 "${pid[$1]}" 2>/dev/null && [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${port[$1]}/health/live")" = 200 ]; }

failed=()
for name in $WANTED; do
  [ -n "${port[$name]:-}" ] || { log "unknown service $name"; exit 2; }
  log "$name: schemathesis for ${SECONDS_PER_SERVICE}s (seed $SEED)"
  rc=0
  O2C_FUZZ_VALID_NEGATIVES=$OUT/$name-valid-negatives.txt \
  "$VENV/bin/st" --config-file "$ROOT/scripts/schemathesis.toml" run "http://127.0.0.1:${port[$name]}/openapi.yaml" \
    -H "Authorization: Bearer $TOKEN" --seed "$SEED" --max-time "$SECONDS_PER_SERVICE" -w 1 \
    --phases examples,coverage,fuzzing --report json,junit --report-dir "$OUT/$name" \
    >"$OUT/$name.txt" 2>&1 || rc=$?
  "$VENV/bin/python" "$ROOT/scripts/fuzz-summary.py" "$name" "$OUT/$name" "$OUT/$name.txt" || true
  if [ -s "$OUT/$name-valid-negatives.txt" ]; then
    log "$name: $(wc -l <"$OUT/$name-valid-negatives.txt") case(s) Schemathesis generated as invalid, with a body the document accepts, were accepted; not counted as failures (scripts/fuzz_checks.py):"
    sort "$OUT/$name-valid-negatives.txt" | uniq -c | head -n 5 >&2
  fi
  if ! alive "$name"; then
    log "$name: the process died or stopped answering /health/live during the run (see $OUT/logs/$name.log)"
    failed+=("$name (process)")
  elif [ "$rc" != 0 ]; then
    failed+=("$name")
    log "$name: failures; the details are in $OUT/$name.txt. Its failures, each with the curl that repeats it:"
    # The report's FAILURES section, so that a log that keeps only the run's output still names them.
    sed -n '/^=* FAILURES =*$/,/^=* \(WARNINGS\|SUMMARY\) =*$/p' "$OUT/$name.txt" | head -n 150 >&2
  fi
done
for name in "${!pid[@]}"; do
  alive "$name" || { log "$name is not alive after the run"; [[ " ${failed[*]} " == *" $name "* ]] || failed+=("$name (process)"); }
done

if [ ${#failed[@]} -gt 0 ]; then
  log "FAILED: ${failed[*]}"
  exit 1
fi
log "all checks passed on: $WANTED"
