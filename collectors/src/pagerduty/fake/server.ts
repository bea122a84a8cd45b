/**
 * A fake PagerDuty REST API v2 on loopback (node:http, port 0) that behaves like the real one
 * where the collector depends on it: `Authorization: Token token=…` or 401; integer limit and
 * offset, limit clamped to 100 (default 25); `more`, and `total` null unless `total=true`; 400
 * when offset + limit passes 10,000 and for a since/until range over 6 months (incidents) or
 * 90 days (on-calls); incidents in created_at order, log entries newest first; `ratelimit-*`
 * headers on every response and 429s on demand. Faults (429, 5xx, a dropped connection, a slow
 * answer) are injected per path and offset. It counts every request it receives.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { PagerdutyDataset } from "../fixtures.ts";

export const FAKE_INCIDENT_RANGE_MS = 180 * 24 * 3600 * 1000;
export const FAKE_ONCALL_RANGE_MS = 90 * 24 * 3600 * 1000;

export interface Fault {
  /** Path to match exactly (`/incidents`) or by pattern. */
  path: string | RegExp;
  /** Only requests with this offset. */
  offset?: number;
  /** 429 (with ratelimit-reset), 5xx, "drop" (close the socket) or "slow" (answer after delayMs). */
  kind: number | "drop" | "slow";
  /** How many matching requests it affects; default every one. */
  times?: number;
  resetSeconds?: number;
  delayMs?: number;
  /** Let this many matching requests through before the fault starts. */
  after?: number;
}

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The status answered; 0 while pending, or when the connection was dropped. */
  status: number;
}

export interface FakePagerduty {
  url: string;
  data: PagerdutyDataset;
  requests: FakeRequest[];
  inject(fault: Fault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: number,
    readonly errors: string[] = [],
  ) {
    super(message);
  }
}

function intParam(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === "") return fallback;
  if (!/^-?\d+$/.test(raw)) throw new HttpError(400, "Invalid Input Provided", 2001, [`${name} must be an integer`]);
  return Number(raw);
}

function timeParam(query: URLSearchParams, name: string): number | null {
  const raw = query.get(name);
  if (raw === null) return null;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw new HttpError(400, "Invalid Input Provided", 2001, [`${name} is not a valid date`]);
  return ms;
}

/** One page of `items` under `key`, with PagerDuty's offset pagination rules. */
function paginate<T>(query: URLSearchParams, key: string, items: readonly T[]): Json {
  const limit = Math.min(Math.max(intParam(query, "limit", 25), 1), 100);
  const offset = intParam(query, "offset", 0);
  if (offset < 0) throw new HttpError(400, "Invalid Input Provided", 2001, ["Offset must be a positive integer."]);
  if (offset + limit > 10_000) {
    throw new HttpError(400, "Invalid Input Provided", 2001, ["Offset must be less than 10000. Narrow the query with since/until."]);
  }
  const slice = items.slice(offset, offset + limit);
  return {
    [key]: slice,
    limit,
    offset,
    more: offset + limit < items.length,
    total: query.get("total") === "true" ? items.length : null,
  };
}

function window(query: URLSearchParams, maxMs: number, what: string): { since: number; until: number } | null {
  const since = timeParam(query, "since");
  const until = timeParam(query, "until");
  if (since === null && until === null) return null;
  const from = since ?? (until ?? 0) - 30 * 24 * 3600 * 1000;
  const to = until ?? Date.now();
  if (to < from) throw new HttpError(400, "Invalid Input Provided", 2001, ["until must be after since"]);
  if (to - from > maxMs) throw new HttpError(400, "Invalid Input Provided", 2001, [`The time range of ${what} must be at most ${Math.round(maxMs / 86_400_000)} days.`]);
  return { since: from, until: to };
}

export async function startFakePagerduty(options: { token: string; data: PagerdutyDataset }): Promise<FakePagerduty> {
  const { data } = options;
  const requests: FakeRequest[] = [];
  let faults: { fault: Fault; used: number; seen: number }[] = [];
  const byCreated = () => [...data.incidents].sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id.localeCompare(b.id));
  let sorted = byCreated();
  let sortedFrom = data.incidents;
  let index = new Map<string, PagerdutyDataset["incidents"][number]>();

  function route(path: string, query: URLSearchParams): Json {
    if (path === "/users") return paginate(query, "users", data.users);
    if (path === "/services") return paginate(query, "services", data.services);
    if (path === "/teams") return paginate(query, "teams", data.teams);
    if (path === "/escalation_policies") return paginate(query, "escalation_policies", data.escalationPolicies);
    if (path === "/schedules") return paginate(query, "schedules", data.schedules);
    if (path === "/incidents") {
      if (sortedFrom !== data.incidents) {
        sorted = byCreated();
        sortedFrom = data.incidents;
      }
      const range = query.get("date_range") === "all" ? null : window(query, FAKE_INCIDENT_RANGE_MS, "since and until");
      const statuses = query.getAll("statuses[]");
      const items = sorted.filter((i) => {
        const at = Date.parse(i.created_at);
        if (range !== null && (at < range.since || at >= range.until)) return false;
        return statuses.length === 0 || statuses.includes(i.status);
      });
      return paginate(query, "incidents", items);
    }
    const incident = /^\/incidents\/([A-Za-z0-9]+)(\/(log_entries|alerts))?$/.exec(path);
    if (incident !== null) {
      const id = incident[1] ?? "";
      if (index.size !== data.incidents.length) index = new Map(data.incidents.map((i) => [i.id, i]));
      const found = index.get(id);
      if (found === undefined) throw new HttpError(404, "Not Found", 2100);
      if (incident[3] === "log_entries") {
        const entries = [...(data.logEntries.get(id) ?? [])].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
        return paginate(query, "log_entries", entries);
      }
      if (incident[3] === "alerts") return paginate(query, "alerts", data.alerts.get(id) ?? []);
      return { incident: found };
    }
    if (path === "/oncalls") {
      const range = window(query, FAKE_ONCALL_RANGE_MS, "since and until");
      const items = data.oncalls.filter((o) => {
        if (range === null) return true;
        const start = o.start === null ? -Infinity : Date.parse(o.start);
        const end = o.end === null ? Infinity : Date.parse(o.end);
        return start < range.until && end > range.since;
      });
      return paginate(query, "oncalls", items);
    }
    throw new HttpError(404, "Not Found", 2100);
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    // Logged on arrival (status 0 until answered), so a test can act while a request hangs.
    const entry: FakeRequest = { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, status: 0 };
    requests.push(entry);
    const record = (status: number) => {
      entry.status = status;
    };
    const send = (status: number, body: Json, headers: Record<string, string> = {}) => {
      record(status);
      res.writeHead(status, {
        "content-type": "application/json; charset=utf-8",
        "ratelimit-limit": "960",
        "ratelimit-remaining": status === 429 ? "0" : "900",
        "ratelimit-reset": "30",
        ...headers,
      });
      res.end(JSON.stringify(body));
    };
    const sendError = (error: HttpError) =>
      send(error.status, { error: { message: error.message, code: error.code, ...(error.errors.length > 0 ? { errors: error.errors } : {}) } });

    if (req.headers.authorization !== `Token token=${options.token}`) {
      sendError(new HttpError(401, "Unauthorized", 2006));
      return;
    }
    const offset = Number(url.searchParams.get("offset") ?? "0");
    const active = faults.find(({ fault, used, seen }) => {
      const pathMatches = typeof fault.path === "string" ? fault.path === url.pathname : fault.path.test(url.pathname);
      if (!pathMatches || (fault.offset !== undefined && fault.offset !== offset)) return false;
      return seen >= (fault.after ?? 0) ? used < (fault.times ?? Infinity) : true;
    });
    let slowMs = 0;
    if (active !== undefined) {
      active.seen += 1;
      if (active.seen > (active.fault.after ?? 0)) {
        active.used += 1;
        const { fault } = active;
        if (fault.kind === "drop") {
          record(0);
          req.socket.destroy();
          return;
        }
        if (fault.kind === "slow") slowMs = fault.delayMs ?? 1000;
        else if (fault.kind === 429) {
          const reset = String(fault.resetSeconds ?? 1);
          send(429, { error: { message: "Rate Limit Exceeded", code: 2020 } }, { "ratelimit-reset": reset });
          return;
        } else {
          send(fault.kind, { error: { message: "Internal Server Error", code: 2001 } });
          return;
        }
      }
    }
    const answer = () => {
      try {
        send(200, route(url.pathname, url.searchParams));
      } catch (error) {
        if (error instanceof HttpError) sendError(error);
        else send(500, { error: { message: String(error), code: 2001 } });
      }
    };
    if (slowMs > 0) {
      const timer = setTimeout(answer, slowMs);
      res.on("close", () => clearTimeout(timer));
    } else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    data,
    requests,
    inject(fault) {
      faults.push({ fault, used: 0, seen: 0 });
    },
    clearFaults() {
      faults = [];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
