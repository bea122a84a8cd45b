/**
 * The Prometheus registry (prom-client) and the counters the server moves. One `Telemetry` per
 * app, handed in through AppDeps, so tests get their own. Other parts add theirs with
 * `telemetry.counter(...)` (notification deliveries, scheduler runs): names get the
 * `opsledger_` prefix, and labels must be a small fixed set — never ids, paths or users.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics, type Gauge } from "prom-client";

export const PREFIX = "opsledger_";

export interface Telemetry {
  registry: Registry;
  /** Seconds from a request's arrival to its response, by method, route pattern and status. */
  httpDuration: Histogram<"method" | "route" | "status">;
  /** Ingest batches refused, by why: invalid, too_large, unsupported_media_type. */
  ingestRejections: Counter<"reason">;
  /** Records accepted through POST /api/ingest, by kind. */
  ingestRecords: Counter<"kind">;
  /** GitHub webhook deliveries, by outcome: processed, duplicate, ignored, rejected. */
  webhookDeliveries: Counter<"source" | "outcome">;
  /** Requests abandoned: the deadline passed, or the client went away. */
  requestsAbandoned: Counter<"reason">;
  /** A counter on this registry, created once per name. */
  counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L>;
}

export function createTelemetry(options: { processMetrics?: boolean } = {}): Telemetry {
  const registry = new Registry();
  if (options.processMetrics === true) collectDefaultMetrics({ register: registry, prefix: PREFIX });
  const counters = new Map<string, Counter<string>>();
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> => {
    const full = name.startsWith(PREFIX) ? name : `${PREFIX}${name}`;
    const existing = counters.get(full);
    if (existing !== undefined) return existing as Counter<L>;
    const created = new Counter<L>({ name: full, help, labelNames: [...labelNames], registers: [registry] });
    counters.set(full, created as Counter<string>);
    return created;
  };
  return {
    registry,
    httpDuration: new Histogram({
      name: `${PREFIX}http_request_duration_seconds`,
      help: "Time from a request's arrival to its response, by method, route pattern and status",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    ingestRejections: counter("ingest_rejections_total", "Ingest batches refused, nothing written, by reason", ["reason"]),
    ingestRecords: counter("ingest_records_total", "Records accepted through POST /api/ingest, by kind", ["kind"]),
    webhookDeliveries: counter("webhook_deliveries_total", "Webhook deliveries, by source and outcome", ["source", "outcome"]),
    requestsAbandoned: counter("requests_abandoned_total", "Requests given up: deadline passed or client gone", ["reason"]),
    counter,
  };
}

/** Sets a gauge's value for a label set, or removes the series when the figure has no data (null is never 0). */
export function setOrRemove<L extends string>(gauge: Gauge<L>, labels: Record<L, string>, value: number | null): void {
  if (value === null || !Number.isFinite(value)) gauge.remove(labels);
  else gauge.set(labels, value);
}
