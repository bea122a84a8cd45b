/**
 * The only way the web talks to the server: the typed hono client. Response types come from the
 * server's `AppType`; nothing here re-declares them.
 */
import { hc } from "hono/client";
import type { AppType } from "@opsledger/server";

export const API_BASE = "/api";
export const api = hc<AppType>(API_BASE);
export type Api = typeof api;
