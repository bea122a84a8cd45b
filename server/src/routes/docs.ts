/**
 * The API reference page: Swagger UI rendered from /api/openapi.json, its files served from the
 * swagger-ui-dist package on npm (no CDN: the CSP allows only this server's own files), started
 * by a script file of ours rather than an inline one, for the same reason.
 */
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { Hono } from "hono";

const require = createRequire(import.meta.url);

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>opsledger API reference</title>
    <link rel="stylesheet" href="/api/docs/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/api/docs/swagger-ui-bundle.js"></script>
    <script src="/api/docs/start.js"></script>
  </body>
</html>
`;

const START = `window.ui = SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#swagger-ui", deepLinking: true, tryItOutEnabled: false });\n`;

export function docsRoutes() {
  const dist = path.dirname(require.resolve("swagger-ui-dist/package.json"));
  // Read once: a few MB that never change while the server runs.
  const files = {
    "swagger-ui.css": { body: fs.readFileSync(path.join(dist, "swagger-ui.css")), type: "text/css; charset=utf-8" },
    "swagger-ui-bundle.js": { body: fs.readFileSync(path.join(dist, "swagger-ui-bundle.js")), type: "text/javascript; charset=utf-8" },
    "start.js": { body: Buffer.from(START), type: "text/javascript; charset=utf-8" },
  } as const;
  const app = new Hono().get("/docs", (c) => c.html(PAGE));
  for (const [name, file] of Object.entries(files)) {
    app.get(`/docs/${name}`, (c) => c.body(new Uint8Array(file.body), 200, { "Content-Type": file.type, "Cache-Control": "public, max-age=3600" }));
  }
  return app;
}
