#!/usr/bin/env bash
# Runs every test: starts (installing if needed) PostgreSQL and RabbitMQ on loopback, builds, then runs
# the unit tests and the integration tests against the real servers. The integration tests restart the
# shared servers, so the run is serialized. The cluster beside them (three RabbitMQ nodes, a PostgreSQL
# primary with a standby: `scripts/infra.sh cluster`) is started by the failover tests and stopped after. The deployment files (compose, Kubernetes) are validated first;
# the fuzz suite (scripts/fuzz.sh, Schemathesis against the five services) runs last. The code must be as
# `swift format` (.swift-format) leaves it: `swift format format -i -r Package.swift Services Shared Tests Tools`.
set -euo pipefail
cd "$(dirname "$0")/.."
swift format lint --strict --recursive --parallel Package.swift Services Shared Tests Tools
scripts/infra.sh start
scripts/validate-deploy.sh
swift build --build-tests
status=0
# The run's output is long and a log viewer often shows only its end: a failing run repeats, last, the
# lines that name each failure (Swift Testing's ✘ lines with their file:line and expectation).
output=.build/test-output.log
swift test --skip-build --no-parallel "$@" 2>&1 | tee "$output" || status=$?
scripts/infra.sh cluster stop || true
if [ "$status" != 0 ]; then
    echo "── failures (from $output) ──"
    grep -E '^✘|error:|Fatal error' "$output" | grep -v '^✘ Test run with' | tail -n 80 || true
    exit "$status"
fi
# O2C_FUZZ=0 skips the fuzz suite (e.g. while running one test with --filter).
[ "${O2C_FUZZ:-1}" = 0 ] || O2C_FUZZ_SKIP_BUILD=1 scripts/fuzz.sh
