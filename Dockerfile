# opsledger: API, CLI and the built dashboard in one image. Server code is TypeScript run without
# a build step (docs/decisions/0001): bundled at each start (bin/bundle.mjs), or through tsx. The
# image keeps the sources and builds the web app and the CLI's and worker threads' bundles
# (server/dist: the image is read-only to `node`, so a start finds them built).
# Two stages: compilers for better-sqlite3 and the web build stay in the first; the image that
# runs holds the app and its node_modules, owned by root, run as the unprivileged `node` user.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles when no prebuilt binary can be fetched.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY db/package.json db/
COPY collectors/package.json collectors/
COPY server/package.json server/
COPY web/package.json web/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080 DATABASE_URL=sqlite:/data/opsledger.db
WORKDIR /app
COPY --from=build /app /app
# The only place the app writes: the SQLite file, when no Postgres is configured.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# Readiness: the database answers and migrations are current (no curl in the slim image).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/api/ready').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "bin/opsledger.js", "serve", "--host", "0.0.0.0"]
