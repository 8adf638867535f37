#!/bin/sh
# Starts the executable named by $SERVICE (exec: it receives SIGTERM directly and shuts down gracefully),
# or with --healthcheck asks it for /health/ready. `o2cctl` is in PATH for `docker exec ... o2cctl ...`.
set -eu

default_port() {
  case "$1" in
    orders) echo 8081 ;;
    credit) echo 8082 ;;
    warehouse-dispatch) echo 8083 ;;
    finance-collections) echo 8084 ;;
    after-sales) echo 8085 ;;
    *) echo "entrypoint: SERVICE must be orders, credit, warehouse-dispatch, finance-collections, after-sales or o2cctl; got '$1'" >&2; exit 2 ;;
  esac
}

service=${SERVICE:-}
if [ "${1:-}" = "--healthcheck" ]; then
  port=${O2C_HTTP_PORT:-$(default_port "$service")}
  exec curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:${port}/health/ready"
fi
if [ "$service" = "o2cctl" ]; then exec /app/o2cctl "$@"; fi
default_port "$service" >/dev/null
exec "/app/$service" "$@"
