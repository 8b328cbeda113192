#!/usr/bin/env bash
# Benchmarks that print numbers (results and the machine are recorded in BENCHMARKS.md). Not part of npm test.
#   detection classifiers: load time, messages/s on one core
#   routing ETA accuracy on simulated traffic
#   routing's own latency from context package to offer, against the MongoDB-wire server
#   detection memory with 100,000 active conversations (in process, and the built service's RSS)
#   the Kafka publisher: messages/s with 50 concurrent handlers (libs/messaging/bench/publish.bench.ts)
#   one MongoDB-wire access by _id, against the collection's size (test/load/store-probe.ts)
#   end to end under load: per-stage latency, the floor and the ratio, lag, CPU and memory (test/load/bench.ts)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
require_tools
ensure_node_modules

log "── detection classifiers"
npx tsx services/detection/bench/classifier.bench.ts
log "── routing ETA accuracy (simulated day)"
npx tsx services/routing/bench/eta-accuracy.bench.ts
log "── routing latency (context package → offer)"
started_infra=0
if [ -z "${MONGO_URL:-}" ]; then
  if ! bash scripts/infra status >/dev/null 2>&1; then started_infra=1; fi
  bash scripts/infra up >/dev/null
  eval "$(bash scripts/infra env)"
fi
trap '[ "$started_infra" = 1 ] && bash scripts/infra down >/dev/null 2>&1 || true' EXIT
MONGO_URL="$MONGO_URL" npx tsx services/routing/bench/routing-latency.bench.ts "${ROUTING_BENCH_HANDOFFS:-400}"
log "── detection memory (100,000 active conversations: in process, then the built service on Kafka + MongoDB)"
node scripts/build.mjs detection >/dev/null
KAFKA_BROKERS="${KAFKA_BROKERS:-$(bash scripts/infra env | sed -n 's/^export KAFKA_BROKERS=//p')}" MONGO_URL="$MONGO_URL" \
  npx tsx --expose-gc services/detection/bench/memory.bench.ts "${DETECTION_BENCH_CONVERSATIONS:-100000}" "${DETECTION_BENCH_FOLLOW_UPS:-200}"
log "── the publisher: 50 handlers publishing at once on the local broker (natural batching)"
KAFKA_BROKERS="${KAFKA_BROKERS:-$(bash scripts/infra env | sed -n 's/^export KAFKA_BROKERS=//p')}" npx tsx libs/messaging/bench/publish.bench.ts 5000 50
log "── the MongoDB-wire server: one access by _id against the collection's size"
MONGO_URL="$MONGO_URL" npx tsx test/load/store-probe.ts
log "── end to end under load (whole system on Kafka and FerretDB, with the floor of four pass-through hops)"
if [ -z "${KAFKA_BROKERS:-}" ]; then
  bash scripts/infra up >/dev/null
  eval "$(bash scripts/infra env)"
fi
# LOAD_RATE events/s for LOAD_SECONDS (defaults: the issue's target, 1,000 events/s for 5 minutes).
KAFKA_BROKERS="$KAFKA_BROKERS" MONGO_URL="$MONGO_URL" npx tsx test/load/bench.ts --rate "${LOAD_RATE:-1000}" --seconds "${LOAD_SECONDS:-300}" --agents "${LOAD_AGENTS:-40}"
