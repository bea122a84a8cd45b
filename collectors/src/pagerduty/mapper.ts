/**
 * Pure mapping from PagerDuty payloads to normalized records: no I/O, no clock.
 * - incident.acknowledged_at is the first acknowledge log entry (an incident's
 *   `acknowledgements` list is emptied once it resolves);
 * - who resolved: the resolve log entry's channel `timeout` → "timeout", a user agent → "person",
 *   anything else (the monitoring integration, the API, the service) → "system";
 * - pages come from notify log entries on sms, phone, push and email (email is a page, but not
 *   an interruption: the metric decides that, not the collector).
 */
import type { Acknowledgement, Alert, EpochMs, Incident, OncallShift, Page, PageChannel, Person, ResolvedBy } from "@opsledger/db";
import type { PdAlert, PdIncident, PdLogEntry, PdOncall, PdReference, PdUser } from "./api-types.ts";

export const SOURCE = "pagerduty";

/** A person from the configuration, as far as identity matching needs. */
export interface PersonIdentity {
  id: string;
  email?: string | null;
  /** PagerDuty user id, when the config names it on the person. */
  pagerduty?: string | null;
}

export interface Identity {
  /** Person id for a PagerDuty user id: the configured person, else `pagerduty:<userId>`. */
  personOf(userId: string): string;
  /** Users no configured person matched (written as `pagerduty:<id>` people). */
  unmatched: PdUser[];
}

export const unmatchedPersonId = (userId: string): string => `pagerduty:${userId}`;

/**
 * Match PagerDuty users to configured people: an explicit mapping (PagerDuty user id → person
 * id) first, then a person whose `pagerduty` id is the user's, then the email, case-insensitively.
 */
export function matchUsers(users: readonly PdUser[], people: readonly PersonIdentity[], mapping: Readonly<Record<string, string>> = {}): Identity {
  const byPdId = new Map<string, string>();
  const byEmail = new Map<string, string>();
  for (const p of people) {
    if (p.pagerduty) byPdId.set(p.pagerduty, p.id);
    if (p.email) byEmail.set(p.email.trim().toLowerCase(), p.id);
  }
  const matched = new Map<string, string>();
  const unmatched: PdUser[] = [];
  for (const user of users) {
    const id = mapping[user.id] ?? byPdId.get(user.id) ?? byEmail.get(user.email.trim().toLowerCase());
    if (id === undefined) unmatched.push(user);
    else matched.set(user.id, id);
  }
  return {
    personOf: (userId) => mapping[userId] ?? matched.get(userId) ?? byPdId.get(userId) ?? unmatchedPersonId(userId),
    unmatched,
  };
}

/** The person record for a user nobody in the config matched (or one seen only in a log entry). */
export function unmatchedPerson(user: Pick<PdUser, "id" | "name"> & { email?: string | null; time_zone?: string | null }): Person {
  return {
    id: unmatchedPersonId(user.id),
    source: SOURCE,
    name: user.name,
    email: user.email ?? null,
    timezone: user.time_zone ?? "UTC",
    github: null,
    pagerduty: user.id,
  };
}

const ms = (iso: string): EpochMs => Date.parse(iso);

const CHANNELS: Readonly<Record<string, PageChannel>> = {
  sms: "sms",
  phone: "phone",
  push_notification: "push",
  email: "email",
};

export function resolvedBy(entry: PdLogEntry): ResolvedBy {
  if (entry.channel.type === "timeout") return "timeout";
  if (entry.agent?.type === "user_reference") return "person";
  return "system";
}

export interface MapContext {
  personOf(userId: string): string;
  /** Service id used in the team config for a PagerDuty service id (the id itself when unmapped). */
  serviceOf(serviceId: string): string;
}

export interface MappedIncident {
  incident: Incident;
  alerts: Alert[];
  acknowledgements: Acknowledgement[];
  pages: Page[];
  /** Users named in the log entries (responders), to make sure each has a person record. */
  users: PdReference[];
  logEntries: number;
}

/** One incident with its log entries (any order) and alerts, as normalized records. */
export function mapIncident(incident: PdIncident, logEntries: readonly PdLogEntry[], alerts: readonly PdAlert[], ctx: MapContext): MappedIncident {
  const entries = [...logEntries].sort((a, b) => ms(a.created_at) - ms(b.created_at) || a.id.localeCompare(b.id));
  const acks = entries.filter((e) => e.type === "acknowledge_log_entry");
  const resolves = entries.filter((e) => e.type === "resolve_log_entry");
  const resolve = incident.status === "resolved" ? resolves[resolves.length - 1] : undefined;
  const firstAck = acks[0];
  const acknowledgedAt = firstAck === undefined ? null : ms(firstAck.created_at);
  let resolvedAt: EpochMs | null = null;
  if (incident.status === "resolved") {
    const at = resolve?.created_at ?? incident.resolved_at ?? incident.last_status_change_at;
    resolvedAt = at == null ? null : ms(at);
  }
  const users = new Map<string, PdReference>();
  const acknowledgements: Acknowledgement[] = [];
  for (const ack of acks) {
    if (ack.agent?.type !== "user_reference") continue;
    users.set(ack.agent.id, ack.agent);
    acknowledgements.push({ source: SOURCE, incidentId: incident.id, person: ctx.personOf(ack.agent.id), at: ms(ack.created_at) });
  }
  const pages: Page[] = [];
  for (const entry of entries) {
    if (entry.type !== "notify_log_entry" || !("user" in entry)) continue;
    const channel = CHANNELS[entry.channel.type];
    if (channel === undefined) continue;
    const user = entry.user as PdReference;
    users.set(user.id, user);
    pages.push({ source: SOURCE, id: entry.id, person: ctx.personOf(user.id), incidentId: incident.id, at: ms(entry.created_at), channel });
  }
  if (resolve?.agent?.type === "user_reference") users.set(resolve.agent.id, resolve.agent);
  const incidentResolvedBy = resolve === undefined ? null : resolvedBy(resolve);

  const mappedAlerts = alerts.map((alert): Alert => {
    const createdAt = ms(alert.created_at);
    let alertResolvedAt: EpochMs | null = null;
    let by: ResolvedBy | null = null;
    if (alert.status === "resolved") {
      alertResolvedAt = alert.resolved_at == null ? resolvedAt : ms(alert.resolved_at);
      // An alert resolved before its incident was resolved by its integration, not by the incident's resolver.
      const withIncident = alertResolvedAt !== null && resolvedAt !== null && Math.abs(alertResolvedAt - resolvedAt) < 1000;
      by = withIncident ? incidentResolvedBy : "system";
    }
    const ack = acks.find((a) => ms(a.created_at) >= createdAt && (alertResolvedAt === null || ms(a.created_at) <= alertResolvedAt));
    return {
      source: SOURCE,
      id: alert.id,
      service: ctx.serviceOf(alert.service.id),
      key: alert.alert_key ?? alert.id,
      incidentId: incident.id,
      createdAt,
      acknowledgedAt: ack === undefined ? null : ms(ack.created_at),
      resolvedAt: alertResolvedAt,
      resolvedBy: by,
      // PagerDuty has no "not actionable" flag; people mark noise in opsledger itself.
      noise: false,
    };
  });

  return {
    incident: {
      source: SOURCE,
      id: incident.id,
      service: ctx.serviceOf(incident.service.id),
      title: incident.title,
      urgency: incident.urgency,
      priority: incident.priority?.summary ?? null,
      createdAt: ms(incident.created_at),
      acknowledgedAt,
      resolvedAt,
      deploymentId: null,
      fixDeploymentId: null,
      url: incident.html_url ?? null,
    },
    alerts: mappedAlerts,
    acknowledgements,
    pages,
    users: [...users.values()],
    logEntries: entries.length,
  };
}

/**
 * An on-call entry as a shift within the sync window [since, until): a permanent on-call (null
 * start or end) is clipped to the window; a shift still running ends at `until` for now (a later
 * sync sees the same start and extends it). Null when nothing of it falls in the window.
 */
export function mapOncall(entry: PdOncall, window: { since: EpochMs; until: EpochMs }, personOf: (userId: string) => string): OncallShift | null {
  const start = entry.start === null ? window.since : ms(entry.start);
  const end = Math.min(entry.end === null ? window.until : ms(entry.end), window.until);
  if (end <= start || end <= window.since) return null;
  return {
    source: SOURCE,
    person: personOf(entry.user.id),
    schedule: entry.schedule?.id ?? `escalation_policy:${entry.escalation_policy.id}`,
    level: entry.escalation_level,
    start,
    end,
  };
}
