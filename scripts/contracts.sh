#!/usr/bin/env bash
# Generates the TypeScript contracts from proto/ and checks that the committed code, lint and compatibility are right.
#   scripts/contracts.sh generate   regenerate libs/contracts/src/gen and its index
#   scripts/contracts.sh check      buf lint, buf breaking against main, fail if regeneration changes committed code
set -euo pipefail
cd "$(dirname "$0")/.."
BUF=node_modules/.bin/buf
GEN_DIR=libs/contracts/src/gen
INDEX=libs/contracts/src/index.ts

generate() {
  (cd proto && "../$BUF" generate)
  {
    echo "// Public entry of the generated contracts: every message, enum and gRPC service, one import path."
    echo "// Written by scripts/contracts.sh generate; do not edit."
    (cd libs/contracts/src && find gen -name '*.ts' | LC_ALL=C sort | sed -E "s|^(.*)\.ts$|export * from './\1';|")
  } > "$INDEX"
}

check() {
  echo "[contracts] buf lint"
  (cd proto && "../$BUF" lint)
  if git rev-parse --verify --quiet main >/dev/null && git cat-file -e main:proto/buf.yaml 2>/dev/null; then
    echo "[contracts] buf breaking against main"
    (cd proto && "../$BUF" breaking --against "../.git#branch=main,subdir=proto")
  else
    echo "[contracts] buf breaking skipped: main has no protos yet"
  fi
  echo "[contracts] regeneration leaves committed code unchanged"
  generate
  if ! git diff --quiet -- "$GEN_DIR" "$INDEX" || [ -n "$(git ls-files --others --exclude-standard -- "$GEN_DIR" "$INDEX")" ]; then
    echo "[contracts] ERROR: generated code is stale. Run 'bash scripts/contracts.sh generate' and commit the result:" >&2
    git status --short -- "$GEN_DIR" "$INDEX" >&2
    exit 1
  fi
  echo "[contracts] ok"
}

case "${1:-}" in
  generate) generate ;;
  check) check ;;
  *) echo "usage: $0 generate|check" >&2; exit 2 ;;
esac
