#!/usr/bin/env bash
# Benchmarks that print numbers (results and the machine are recorded in BENCHMARKS.md). Not part of npm test.
#   detection classifiers: load time, messages/s on one core
#   routing ETA accuracy on simulated traffic
#   routing's own latency from context package to offer, against the MongoDB-wire server
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
