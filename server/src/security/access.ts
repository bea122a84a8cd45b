/**
 * Who may call what, in one table. Everything under /api is for viewers when it only reads
 * (GET, HEAD) and for admins otherwise — so a route added later is an admin route unless it only
 * reads; the few public exceptions are listed here. The web app's own files carry no data and
 * are public (the sign-in page must load); /metrics carries the product's figures: viewers.
 */
import { WEBHOOK_PATHS } from "../routes/webhooks.ts";

export type Access = "public" | "viewer" | "admin";

const PUBLIC: readonly { method: string; path: string; prefix?: boolean }[] = [
  { method: "GET", path: "/api/health" },
  { method: "GET", path: "/api/ready" },
  { method: "GET", path: "/api/openapi.json" },
  { method: "GET", path: "/api/docs", prefix: true },
  // Signing in and out; who is signed in.
  { method: "GET", path: "/api/session" },
  { method: "POST", path: "/api/session" },
  { method: "DELETE", path: "/api/session" },
  // Each vendor's webhook proves itself instead (GitHub's HMAC signature, GitLab's secret token).
  ...WEBHOOK_PATHS.map((path) => ({ method: "POST", path })),
];

export const isReadMethod = (method: string): boolean => method === "GET" || method === "HEAD";

export function accessFor(method: string, path: string): Access {
  const m = method === "HEAD" ? "GET" : method;
  const guarded = path === "/api" || path.startsWith("/api/") || path === "/metrics";
  if (!guarded) return "public";
  if (PUBLIC.some((p) => p.method === m && (p.path === path || (p.prefix === true && path.startsWith(`${p.path}/`))))) return "public";
  return isReadMethod(method) ? "viewer" : "admin";
}
