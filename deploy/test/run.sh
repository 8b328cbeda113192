#!/usr/bin/env bash
# The deployment checks (a step of scripts/test.sh): builds helm once (scripts/lib.sh ensure_helm) and the bundles,
# typechecks deploy/ (outside the root tsconfig's projects), then runs deploy/test with jest. Extra arguments go to
# jest, e.g. `bash deploy/test/run.sh --selectProjects deploy` (the checks that need no Kafka or MongoDB).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
ensure_helm
node scripts/build.mjs >/dev/null
npx tsc -p deploy/tsconfig.json
npx jest --config deploy/jest.config.js "$@"
