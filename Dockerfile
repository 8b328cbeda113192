# syntax=docker/dockerfile:1
# One image per service, all from this file at the repository root:
#
#   docker build --build-arg SERVICE=routing -t handoff-routing:0.1.0 .
#   npm run images                      # every service, tagged with the version in package.json (deploy/images.sh)
#
# build:   the locked npm packages (dev included: esbuild), then scripts/build.mjs bundles every service, the
#          telemetry preload and the topic tool into dist/; then the dev packages are pruned away.
# runtime: the same Node image, the production packages, one service's bundle (with its models and default
#          policy) and the topic tool; tini as PID 1 so SIGTERM reaches Node and the service drains; user 1000.
# Nothing secret is read at build time: every credential comes from the environment at run time.

ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY . .
# The versions come from package-lock.json. `npm install` rather than `npm ci`, as in scripts/lib.sh: the lockfile
# holds only the platform binaries (esbuild, swc, buf) of the machine that wrote it, which npm ci rejects as out of
# sync; npm install installs the same locked versions and resolves this platform's binaries.
RUN npm install --no-audit --no-fund --loglevel=error \
 && node scripts/build.mjs \
 && npm prune --omit=dev --no-audit --no-fund --loglevel=error \
 && rm -rf node_modules/@handoff

FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
RUN test -n "${SERVICE}" || (echo "build with --build-arg SERVICE=<detection|context|routing|notification|helpdesk-connector|analytics>" >&2; exit 1) \
 && apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
# OTEL_SERVICE_NAME: the telemetry preload would otherwise name the service after the entry point's folder.
ENV NODE_ENV=production \
    HTTP_PORT=8080 \
    GRPC_PORT=50051 \
    OTEL_SERVICE_NAME=handoff-${SERVICE}
LABEL org.opencontainers.image.title="handoff-${SERVICE}" \
      org.opencontainers.image.licenses="Apache-2.0"
WORKDIR /app
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist/telemetry ./dist/telemetry
COPY --from=build /src/dist/tools ./dist/tools
COPY --from=build /src/dist/services/${SERVICE} ./dist/services/${SERVICE}
RUN test -f "dist/services/${SERVICE}/main.js" || (echo "no service named ${SERVICE} was built" >&2; exit 1) \
 && ln -s "services/${SERVICE}/main.js" dist/main.js
USER 1000:1000
EXPOSE 8080 50051
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HTTP_PORT || 8080) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--", "node", "--enable-source-maps", "--require", "/app/dist/telemetry/register.js"]
CMD ["/app/dist/main.js"]
