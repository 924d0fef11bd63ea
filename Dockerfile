# syntax=docker/dockerfile:1
# Flows Endpoint container image.
#   build:  docker build -t flows-endpoint .
#   run:    docker run -p 3000:3000 -e APP_SECRET=... -e PRIVATE_KEY="$(cat keys/private.pem)" flows-endpoint
#       or  docker run -p 3000:3000 -e APP_SECRET=... -e PRIVATE_KEY_PATH=/app/keys/private.pem \
#                      -v "$PWD/keys:/app/keys:ro" flows-endpoint
# It serves the flows in /app/flows (FLOWS_DIR names another folder), compiled at start: this
# repository's examples unless a project's own are mounted over them,
#           docker run -p 3000:3000 ... -v "$PWD/flows:/app/flows:ro" flows-endpoint
# or baked into an image of the project's own, a two-line Dockerfile:
#           FROM flows-endpoint
#           COPY flows ./flows
# A flow may import the packages this image holds (zod, pino) and its own folder's files.
# No keys or secrets are baked into the image; they are supplied at run time only.

# ---- deps: production node_modules only ------------------------------------------------
FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the project's own prepare/prestart scripts run the TypeScript build, which
# cannot (and need not) run here; no production dependency needs an install script.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# ---- build: compile TypeScript to dist/ -----------------------------------------------
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would try to build before the sources are copied in.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig*.json ./
COPY src ./src
COPY flows ./flows
COPY scripts/build-playground.ts ./scripts/build-playground.ts
RUN npm run build

# ---- runtime ----------------------------------------------------------------------------
FROM node:24-slim
ENV NODE_ENV=production FLOWS_DIR=/app/flows
# Request bodies arrive in chunks of up to 64 KiB: from 16 KiB glibc maps each apart and returns
# it to the system when freed. Left in its main heap, the chunks of 200 slow senders fragmented it
# and stayed resident after they left (scripts/lib/image-env.ts: the tests run the same way).
ENV MALLOC_MMAP_THRESHOLD_=16384
WORKDIR /app
# Application files stay root-owned (read-only for the app user); only data/ is writable, and
# private to it (phone numbers, answers, saved media).
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY flows ./flows
COPY package.json ./
RUN mkdir -p /app/data && chown node:node /app/data && chmod 0700 /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form: node is PID 1 and receives SIGTERM directly.
CMD ["node", "dist/server.js"]
