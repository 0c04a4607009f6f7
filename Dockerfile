# syntax=docker/dockerfile:1
# Trợ lý chuyển đổi số — production image. The TypeScript sources are built to plain JavaScript
# in dist/ (src/build.mjs, esbuild's transform: no TypeScript loader in the running process) and run
# by Node 22 LTS as the unprivileged "node" user, with a health check.
#   docker build -t cds-tro-ly .
#   docker compose up          (with PostgreSQL: see compose.yaml and README)

FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
# Production dependencies only; postinstall generates the Prisma client into src/generated.
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    MALLOC_ARENA_MAX=2 \
    NODE_OPTIONS="--disable-warning=ExperimentalWarning --max-semi-space-size=2"
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json prisma.config.ts ./
COPY prisma ./prisma
COPY src ./src
COPY --from=deps /app/src/generated ./src/generated
RUN node src/build.mjs && mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]
