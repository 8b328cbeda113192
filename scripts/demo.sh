#!/usr/bin/env bash
# Quick start, command 1: brings Handoff up on this machine and plays the demo conversations.
# Uses KAFKA_BROKERS / MONGO_URL when both are set; otherwise starts local Kafka and FerretDB (scripts/infra).
# Ctrl-C stops the services, and the local infrastructure if this script started it.
#   npm run demo              run the demo, then keep everything up until Ctrl-C
#   npm run demo -- --once    run the demo and stop (exit code 1 if a conversation went wrong)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

require_tools
ensure_node_modules

started_infra=0
cleanup() {
  if [ "$started_infra" = 1 ]; then
    log "stopping local Kafka and FerretDB"
    bash scripts/infra down || true
  fi
}
trap cleanup EXIT

if needs_local_infra; then
  require_tools java mvn go
  if ! bash scripts/infra status >/dev/null 2>&1; then started_infra=1; fi
  log "starting local Kafka and FerretDB (first run downloads and builds them; later runs reuse .infra/)"
  bash scripts/infra up >/dev/null
  eval "$(bash scripts/infra env)"
fi
export KAFKA_BROKERS MONGO_URL KAFKAJS_NO_PARTITIONER_WARNING=1

# Without a collector to send to, keep telemetry in-process (trace context still propagates).
if [ -z "${OTEL_EXPORTER_OTLP_ENDPOINT:-}${OTEL_EXPORTER_OTLP_TRACES_ENDPOINT:-}" ]; then
  export OTEL_TRACES_EXPORTER="${OTEL_TRACES_EXPORTER:-none}" OTEL_METRICS_EXPORTER="${OTEL_METRICS_EXPORTER:-none}" OTEL_LOGS_EXPORTER="${OTEL_LOGS_EXPORTER:-none}"
fi

log "building services"
node scripts/build.mjs
log "services: detection, context, routing, notification and analytics; analytics dashboard at http://127.0.0.1:8090/"
node --enable-source-maps dist/scripts/chat-simulator/main.js "$@"
