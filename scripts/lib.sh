# Shared by scripts/demo.sh and scripts/test.sh: what a fresh clone needs before anything runs.

log() { printf '\033[1m[handoff]\033[0m %s\n' "$*"; }

require_tools() {
  local missing=()
  for tool in node npm "$@"; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Missing on this machine: ${missing[*]}. Handoff needs Node.js 20+, and for local infrastructure a JDK 17 with Maven and Go." >&2
    exit 1
  fi
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$major" -lt 20 ]; then echo "Node.js 20 or newer is required (found $(node --version))." >&2; exit 1; fi
}

# Installs the locked npm packages when node_modules is missing or older than the lockfile.
# `npm install` rather than `npm ci`: registries that serve only this platform's binaries (as ours does) cannot put
# other platforms' optional packages (@swc/core-darwin-*, @bufbuild/buf-win32-*...) in the lockfile, and npm ci
# refuses such a lockfile as out of sync. npm install installs the same locked versions and skips them.
ensure_node_modules() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing npm packages"
    npm install --no-audit --no-fund --loglevel=error
  fi
}

# Local infrastructure is needed unless both KAFKA_BROKERS and MONGO_URL point somewhere already.
needs_local_infra() {
  [ -z "${KAFKA_BROKERS:-}" ] || [ -z "${MONGO_URL:-}" ]
}
