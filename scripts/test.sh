#!/usr/bin/env bash
# Runs every test: starts (installing if needed) PostgreSQL and RabbitMQ on loopback, builds, then runs
# the unit tests and the integration tests against the real servers. The integration tests restart the
# shared servers, so the run is serialized. The deployment files (compose, Kubernetes) are validated first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/infra.sh start
scripts/validate-deploy.sh
swift build --build-tests
swift test --skip-build --no-parallel "$@"
