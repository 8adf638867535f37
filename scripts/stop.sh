#!/usr/bin/env bash
# Stops the services started by scripts/run.sh (gracefully); add --all to stop PostgreSQL and RabbitMQ too.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f .run/services.pid ]; then
  while read -r pid; do kill -TERM "$pid" 2>/dev/null || true; done < .run/services.pid
  rm -f .run/services.pid
fi
[ "${1:-}" = --all ] && scripts/infra.sh stop
exit 0
