/**
 * Pure mapping from PagerDuty payloads to normalized records: no I/O, no clock.
 * - incident.acknowledged_at is the first acknowledge log entry (an incident's
 *   `acknowledgements` list is emptied once it resolves);
 * - who resolved: the resolve log entry's channel `timeout` → "timeout", a user agent → "person",
 *   anything else (the monitoring integration, the API, the service) → "system";
 * - pages come from notify log entries, their medium read from `channel.notification.type`
 *   (sms_notification, phone_notification, push_notification, email_notification, or the plain
 *   sms / phone / push / email of older payloads); email is a page but not an interruption (the
 *   metric decides that, not the collector). An entry whose medium is unknown, or that names no
 *   user, is counted as skipped with its reason — never dropped without a word.
 */
import type { Acknowledgement, Alert, EpochMs, Incident, OncallShift, Page, PageChannel, Person, ResolvedBy } from "@opsledger/db";
import type { PdAlert, PdIncident, PdLogEntry, PdNotifyLogEntry, PdOncall, PdReference, PdUser } from "./api-types.ts";

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

/** Notification types (PagerDuty's `Notification.type` enum, and the plain names of older payloads) → page channel. */
const MEDIA: Readonly<Record<string, PageChannel>> = {
  sms_notification: "sms",
  phone_notification: "phone",
  push_notification: "push",
  email_notification: "email",
  sms: "sms",
  phone: "phone",
  push: "push",
  email: "email",
};

/**
 * The medium of a notify log entry: `channel.notification.type` (the reference's shape, whatever
 * `channel.type` says — auto, timeout, web_trigger, …), else a `notification` beside the channel,
 * else a channel type that is itself a medium. A string naming why when none is known.
 */
export function notifyMedium(entry: PdNotifyLogEntry): PageChannel | { unknown: string } {
  const named = entry.channel.notification?.type ?? entry.notification?.type ?? entry.channel.type;
  const medium = MEDIA[named.trim().toLowerCase()];
  return medium ?? { unknown: named };
}

/** Reasons a log entry is read but gives no row; the collector's summary counts them. */
export const SKIP = {
  unknownMedium: (medium: string) => `notify log entry with an unknown medium (${medium})`,
  noUser: "notify log entry naming no user",
  ackByService: "acknowledge log entry by a service or integration, not a person",
} as const;

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
  /** Notify log entries read (whether or not they became pages). */
  notifyEntries: number;
  /** Log entries read but not mapped to a row, by reason. */
  skipped: Record<string, number>;
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
  const skipped: Record<string, number> = {};
  const skip = (reason: string) => {
    skipped[reason] = (skipped[reason] ?? 0) + 1;
  };
  for (const ack of acks) {
    if (ack.agent?.type !== "user_reference") {
      skip(SKIP.ackByService);
      continue;
    }
    users.set(ack.agent.id, ack.agent);
    acknowledgements.push({ source: SOURCE, incidentId: incident.id, person: ctx.personOf(ack.agent.id), at: ms(ack.created_at) });
  }
  const pages: Page[] = [];
  let notifyEntries = 0;
  for (const entry of entries) {
    if (entry.type !== "notify_log_entry") continue;
    notifyEntries++;
    const notify = entry as PdNotifyLogEntry;
    const channel = notifyMedium(notify);
    if (typeof channel !== "string") {
      skip(SKIP.unknownMedium(channel.unknown));
      continue;
    }
    const user = notify.user;
    if (user == null) {
      skip(SKIP.noUser);
      continue;
    }
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
    notifyEntries,
    skipped,
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
