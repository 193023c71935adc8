# syntax=docker/dockerfile:1
# fraiseql-wire: the gRPC service that streams JSON out of PostgreSQL.
#   docker build -t fraiseql-wire .
#   docker run --rm -p 50051:50051 -e DATABASE_URL=postgres://app:secret@db:5432/app \
#     -e FRAISEQL_WIRE_ALLOW_INSECURE=true -e FRAISEQL_WIRE_AUTH=none fraiseql-wire
# Published as ghcr.io/fraiseql/fraiseql-wire (linux/amd64, linux/arm64) by .github/workflows/release.yml.
#
# Base images are pinned by tag and digest. Refresh a digest with
#   docker buildx imagetools inspect node:20-bookworm-slim
# (Dependabot proposes the bumps: .github/dependabot.yml). The runtime image is Debian 12 (bookworm),
# like the build image, so what `npm ci` installs in the build stage runs unchanged in the runtime.
ARG BUILD_IMAGE=node:20-bookworm-slim@sha256:2cf067cfed83d5ea958367df9f966191a942351a2df77d6f0193e162b5febfc0
ARG RUNTIME_IMAGE=gcr.io/distroless/nodejs20-debian12:nonroot@sha256:2cd820156cf039c8b54ae2d2a97e424b6729070714de8707a6b79f20d56f6a9a

# 1. Build: compile TypeScript and pack the package exactly as npm publishes it.
FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json README.md ./
COPY proto proto
COPY generated generated
COPY src src
COPY examples examples
COPY perf perf
RUN npx tsc -p tsconfig.json \
 && mkdir /pack \
 && npm pack --pack-destination /pack \
 && mv /pack/fraiseql-wire-*.tgz /pack/fraiseql-wire.tgz

# 2. Install: the packed package and its production dependencies only, into an empty /app; the same
#    script test/delivery/packageInstall.spec.ts runs and then serves from. No npm cache is kept.
FROM ${BUILD_IMAGE} AS install
COPY scripts/install-package.sh /usr/local/bin/install-package
COPY package-lock.json /tmp/package-lock.json
COPY --from=build /pack/fraiseql-wire.tgz /tmp/fraiseql-wire.tgz
RUN install-package /tmp/fraiseql-wire.tgz /tmp/package-lock.json /app \
 && rm -rf /root/.npm /tmp/*

# 3. Runtime: distroless Node 20 (no shell, no npm, no compiler), a numeric non-root user, and files
#    owned by root so the service cannot change its own code. Nothing is written at run time: it runs
#    with a read-only root filesystem.
FROM ${RUNTIME_IMAGE}
LABEL org.opencontainers.image.title="fraiseql-wire" \
      org.opencontainers.image.description="gRPC service that streams JSON out of PostgreSQL views with bounded memory" \
      org.opencontainers.image.source="https://github.com/fraiseql/fraiseql-wire" \
      org.opencontainers.image.documentation="https://github.com/fraiseql/fraiseql-wire/blob/main/docs/deploy.md" \
      org.opencontainers.image.version="0.1.0" \
      org.opencontainers.image.licenses="MIT"
COPY --from=install /app /app
WORKDIR /app
ENV NODE_ENV=production \
    FRAISEQL_WIRE_LISTEN=0.0.0.0:50051
USER 65532:65532
EXPOSE 50051
# grpc.health.v1 through the image's own node and CLI: exit 0 only while the server says SERVING.
HEALTHCHECK --interval=10s --timeout=6s --start-period=15s --retries=3 \
  CMD ["/nodejs/bin/node", "/app/dist/src/cli/main.js", "health", "--address", "127.0.0.1:50051"]
ENTRYPOINT ["/nodejs/bin/node", "/app/dist/src/main.js"]
