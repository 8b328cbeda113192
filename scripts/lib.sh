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

# Helm for the chart checks (deploy/test), built once from its Go module into .infra/tools/bin (git-ignored): no
# binary download is needed, only the Go module proxy. Sets HELM to the binary.
HELM_VERSION=v3.21.4
ensure_helm() {
  local bin="$PWD/.infra/tools/bin"
  HELM="$bin/helm"
  export HELM
  if [ -x "$HELM" ] && [ "$(cat "$bin/helm.version" 2>/dev/null)" = "$HELM_VERSION" ]; then return; fi
  require_tools go
  log "building helm $HELM_VERSION from its Go module into .infra/tools/bin (once; a few minutes)"
  mkdir -p "$bin"
  # The -X flags a release build sets (helm's Makefile): its version, and the Kubernetes version of its k8s.io modules
  # (1.36 for v3.21), which `helm template` and `helm lint` assume when no cluster is asked.
  local k8s="helm.sh/helm/v3/pkg" flags="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
  flags="$flags -X $k8s/chartutil.k8sVersionMajor=1 -X $k8s/chartutil.k8sVersionMinor=36 -X $k8s/lint/rules.k8sVersionMajor=1 -X $k8s/lint/rules.k8sVersionMinor=36"
  GOBIN="$bin" CGO_ENABLED=0 GOFLAGS=-buildvcs=false go install -ldflags "$flags" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  echo "$HELM_VERSION" > "$bin/helm.version"
}

# Headless Chromium for the analytics dashboard's browser test: Debian's package, installed when missing (needs root,
# as on the development machines and CI).
ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return; fi
  log "installing chromium (Debian package) for the dashboard browser test"
  if [ "$(id -u)" -ne 0 ]; then echo "/usr/bin/chromium is missing: run 'apt-get install -y chromium' as root." >&2; exit 1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >/dev/null 2>&1 || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >/dev/null; }
}
