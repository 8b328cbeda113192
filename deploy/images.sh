#!/usr/bin/env bash
# Builds one container image per service from the Dockerfile at the repository root, each tagged with the version in
# package.json (the Helm chart's appVersion, so the chart's default tag):
#
#   npm run images                                            # handoff-<service>:<version>, every service
#   REGISTRY=registry.example.com/platform npm run images -- --push
#   npm run images -- --dry-run                               # print the commands only
#   DOCKER=podman npm run images                              # another OCI builder with docker's CLI
#
# The build stage is the same for every service, so the builder runs it once and reuses it from its cache.
set -euo pipefail
cd "$(dirname "$0")/.."

version="$(node -p 'require("./package.json").version')"
registry="${REGISTRY:-}"
docker="${DOCKER:-docker}"
push=false
dry_run=false
for arg in "$@"; do
  case "$arg" in
    --push) push=true ;;
    --dry-run) dry_run=true ;;
    *) echo "unknown option: $arg (expected --push or --dry-run)" >&2; exit 2 ;;
  esac
done

run() {
  echo "+ $*"
  if ! $dry_run; then "$@"; fi
}

for main in services/*/src/main.ts; do
  service="$(basename "$(dirname "$(dirname "$main")")")"
  image="${registry:+${registry%/}/}handoff-${service}:${version}"
  run "$docker" build --file Dockerfile --build-arg "SERVICE=${service}" --tag "$image" .
  if $push; then run "$docker" push "$image"; fi
done
