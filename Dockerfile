# license-portal-sim: compiled JavaScript, production dependencies only, running as `node`.
# Builds with the legacy builder too (no BuildKit-only syntax).

# Stage 1: compile TypeScript, then drop the dev dependencies.
FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles from source when no prebuilt binary can be downloaded.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts/bundle.mjs ./scripts/
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/better-sqlite3/deps node_modules/better-sqlite3/src \
           node_modules/better-sqlite3/build/Release/obj.target node_modules/better-sqlite3/build/Release/.deps \
 && npm cache clean --force

# Stage 2: what runs.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    LOG_FORMAT=json \
    SSH_HOST=0.0.0.0 \
    SSH_PORT_RANGE=2200-2299
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY migrations ./migrations
COPY templates ./templates
COPY public ./public
COPY schemas ./schemas
COPY openapi ./openapi
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
# The portal, and one SSH port per simulated ASA (first free first).
EXPOSE 3000 2200-2299
# The app's own probe (no curl in slim images): GET /readyz on HOST:PORT, 0.0.0.0 probed on loopback.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "bin/license-portal-sim.js", "healthcheck"]
ENTRYPOINT ["node", "bin/license-portal-sim.js"]
CMD ["serve"]
