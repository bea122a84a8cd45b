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
  Bindings: {
    /**
     * Who the main thread found the request to be from, when it handed the request to a worker
     * (./offload.ts): the worker believes it instead of asking again, since the proof (the
     * peer's address for a trusted proxy) stayed on the main thread. Only the main thread sets
     * bindings on a worker's request; nothing a client sends reaches them.
     */
    handedPrincipal?: Principal | null;
  };
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
