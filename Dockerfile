# opsledger: API, CLI and the built dashboard in one image. Server code runs through tsx
# (docs/decisions/0001), so the image keeps the sources and builds only the web app.
FROM node:20-bookworm-slim
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
RUN npm run build
ENV HOST=0.0.0.0 PORT=8080
EXPOSE 8080
CMD ["node", "bin/opsledger.js", "serve", "--host", "0.0.0.0"]
