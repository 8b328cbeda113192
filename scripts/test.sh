#!/usr/bin/env bash
# Quick start, command 2: the whole test suite. Contracts (buf lint, buf breaking, generated code up to date),
# typecheck, lint, unit tests, then integration and end-to-end tests on real Kafka and a real MongoDB-wire server
# (KAFKA_BROKERS / MONGO_URL when set, else testcontainers with Docker, else local Kafka + FerretDB).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

require_tools
ensure_node_modules
if needs_local_infra; then require_tools java mvn go; fi
export KAFKAJS_NO_PARTITIONER_WARNING=1 NX_DAEMON=false

results=.test-results
rm -rf "$results" && mkdir -p "$results"

step() {
  local name="$1"; shift
  log "── $name"
  local start=$SECONDS
  "$@"
  log "── $name ok ($((SECONDS - start)) s)"
}

step "contracts" bash scripts/contracts.sh check
step "typecheck" npx tsc -p tsconfig.json
step "lint" npx eslint . --max-warnings=0
step "unit tests" npx jest --ci --json --outputFile="$results/unit.json"
step "build" node scripts/build.mjs
step "chromium" ensure_chromium
step "integration and end-to-end tests" npx jest --ci --config jest.infra.config.js --json --outputFile="$results/infra.json"
# The fault suite runs on its own Kafka and FerretDB (ports 29092/27028), which it stops and restarts.
step "fault injection" npx jest --ci --config jest.faults.config.js --json --outputFile="$results/faults.json"
step "deployment: Helm chart, compose file, Dockerfile" bash deploy/test/run.sh --ci --json --outputFile="$results/deploy.json"

node -e '
  const runs = process.argv.slice(1).map((f) => require(require("path").resolve(f)));
  const sum = (k) => runs.reduce((n, r) => n + r[k], 0);
  console.log(`tests: ${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed`);
' "$results/unit.json" "$results/infra.json" "$results/faults.json" "$results/deploy.json"
