/** What the middleware in front of the routes puts on each request's context. */
import type { Logger } from "../observability/log.ts";
import type { Role } from "../api/schemas/system.ts";

export interface Principal {
  role: Role;
  /** The token's name, or the proxy's user; "anyone" on an open server. */
  name: string;
  via: "token" | "cookie" | "proxy" | "open";
  tokenId: string | null;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    log: Logger;
    principal: Principal | null;
    /** Aborts when the request's deadline passes or its client goes away: long work checks it. */
    signal: AbortSignal;
    /** The route pattern that answered, when a worker thread did (its own is the offload's `/api/*`). */
    route?: string;
  };
}
