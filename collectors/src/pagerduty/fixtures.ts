/**
 * Typed, realistic PagerDuty payloads (shapes as the REST API v2 returns them) and the data sets
 * the fake serves: a small one whose metrics can be computed by hand, and a generated one of any
 * size for the window-splitting test and the request-count benchmark.
 *
 * Each builder follows PagerDuty's published reference — the OpenAPI document of the public
 * `PagerDuty/api-schema` repository (reference/REST/openapiv3.json; read, not copied: it carries
 * no licence) — and the response examples in it, named on each builder.
 */
import type {
  PdAlert,
  PdEscalationPolicy,
  PdIncident,
  PdLogEntry,
  PdOncall,
  PdReference,
  PdSchedule,
  PdService,
  PdTeam,
  PdUser,
} from "./api-types.ts";

const API = "https://api.pagerduty.com";
const WEB = "https://acme.pagerduty.com";

export const iso = (ms: number): string => new Date(ms).toISOString().replace(".000Z", "Z");
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Everything the fake PagerDuty serves. Log entries and alerts are keyed by incident id. */
export interface PagerdutyDataset {
  users: PdUser[];
  services: PdService[];
  teams: PdTeam[];
  escalationPolicies: PdEscalationPolicy[];
  schedules: PdSchedule[];
  incidents: PdIncident[];
  logEntries: Map<string, PdLogEntry[]>;
  alerts: Map<string, PdAlert[]>;
  oncalls: PdOncall[];
}

export const ref = (type: string, id: string, summary: string): PdReference => ({
  id,
  type,
  summary,
  self: `${API}/${type.replace(/_reference$/, "")}s/${id}`,
  html_url: `${WEB}/${type.replace(/_reference$/, "")}s/${id}`,
});

/** `GET /users` response example (listUsers: Earline Greenholt, PXPGF42). */
export function pdUser(id: string, name: string, email: string, timeZone: string): PdUser {
  return {
    id,
    type: "user",
    name,
    email,
    time_zone: timeZone,
    color: "purple",
    role: "user",
    avatar_url: `https://secure.gravatar.com/avatar/${id}.png?d=mm&r=PG`,
    description: null,
    invitation_sent: false,
    job_title: "Engineer",
    teams: [],
    contact_methods: [ref("sms_contact_method_reference", `SMS${id}`, "Mobile")],
    notification_rules: [],
    summary: name,
    self: `${API}/users/${id}`,
    html_url: `${WEB}/users/${id}`,
  };
}

/** `components.schemas.Team` (listTeams response example). */
export function pdTeam(id: string, name: string): PdTeam {
  return { id, type: "team", name, summary: name, description: null, self: `${API}/teams/${id}`, html_url: `${WEB}/teams/${id}` };
}

/** `GET /services` response example (listServices: "My Application Service", PIJ90N7). */
export function pdService(id: string, name: string, policyId: string, teamIds: string[] = []): PdService {
  return {
    id,
    type: "service",
    name,
    summary: name,
    description: `${name} service`,
    status: "active",
    auto_resolve_timeout: 14_400,
    acknowledgement_timeout: 1800,
    created_at: "2024-03-01T10:00:00Z",
    alert_creation: "create_alerts_and_incidents",
    escalation_policy: ref("escalation_policy_reference", policyId, `${name} policy`),
    teams: teamIds.map((t) => ref("team_reference", t, t)),
    integrations: [ref("generic_events_api_inbound_integration_reference", `I${id}`, "Datadog")],
    self: `${API}/services/${id}`,
    html_url: `${WEB}/service-directory/${id}`,
  };
}

/** `GET /escalation_policies` response example (listEscalationPolicies: PT20YPA). */
export function pdEscalationPolicy(id: string, name: string, levels: PdReference[][], serviceIds: string[] = []): PdEscalationPolicy {
  return {
    id,
    type: "escalation_policy",
    name,
    summary: name,
    num_loops: 0,
    on_call_handoff_notifications: "if_has_services",
    escalation_rules: levels.map((targets, i) => ({ id: `R${id}${i + 1}`, escalation_delay_in_minutes: 30, targets })),
    services: serviceIds.map((s) => ref("service_reference", s, s)),
    teams: [],
    self: `${API}/escalation_policies/${id}`,
    html_url: `${WEB}/escalation_policies/${id}`,
  };
}

/** `GET /schedules` response example (listSchedules: "Daily Engineering Rotation", PI7DH85). */
export function pdSchedule(id: string, name: string, timeZone: string, users: PdReference[], policies: PdReference[] = []): PdSchedule {
  return {
    id,
    type: "schedule",
    name,
    summary: name,
    time_zone: timeZone,
    description: null,
    users,
    escalation_policies: policies,
    teams: [],
    self: `${API}/schedules/${id}`,
    html_url: `${WEB}/schedules/${id}`,
  };
}

export interface IncidentSpec {
  id: string;
  number: number;
  title: string;
  service: PdService;
  createdAt: number;
  status?: PdIncident["status"];
  urgency?: PdIncident["urgency"];
  priority?: string | null;
  resolvedAt?: number | null;
  alertCount?: number;
}

/**
 * `GET /incidents` and `GET /incidents/{id}` response examples (listIncidents / getIncident:
 * "[#1234] The server is on fire.", PT4KHLK): `acknowledgements` is empty once resolved,
 * `priority` is null when the account has none, `resolved_at` null while open.
 */
export function pdIncident(spec: IncidentSpec): PdIncident {
  const status = spec.status ?? (spec.resolvedAt == null ? "triggered" : "resolved");
  const changed = spec.resolvedAt ?? spec.createdAt;
  const alerts = spec.alertCount ?? 1;
  return {
    id: spec.id,
    type: "incident",
    summary: `[#${spec.number}] ${spec.title}`,
    incident_number: spec.number,
    title: spec.title,
    description: spec.title,
    status,
    urgency: spec.urgency ?? "high",
    created_at: iso(spec.createdAt),
    updated_at: iso(changed),
    last_status_change_at: iso(changed),
    resolved_at: status === "resolved" && spec.resolvedAt != null ? iso(spec.resolvedAt) : null,
    incident_key: `key-${spec.id}`,
    service: ref("service_reference", spec.service.id, spec.service.name),
    escalation_policy: spec.service.escalation_policy ?? ref("escalation_policy_reference", "PNONE", "none"),
    assignments: [],
    acknowledgements: [],
    // PagerDuty empties acknowledgements once an incident resolves; the collector must not rely on them.
    pending_actions: [],
    priority: spec.priority ? { id: `PR${spec.priority}`, type: "priority", summary: spec.priority, name: spec.priority } : null,
    alert_counts: { all: alerts, triggered: status === "resolved" ? 0 : alerts, resolved: status === "resolved" ? alerts : 0 },
    is_mergeable: true,
    html_url: `${WEB}/incidents/${spec.id}`,
    self: `${API}/incidents/${spec.id}`,
  };
}

const incidentRef = (incident: PdIncident) => ref("incident_reference", incident.id, incident.summary === undefined ? incident.title : String(incident.summary));
const userRef = (user: PdUser) => ref("user_reference", user.id, user.name);
const serviceRef = (incident: PdIncident) => ref("service_reference", incident.service.id, incident.service.summary ?? incident.service.id);

/** `GET /incidents/{id}/log_entries` response example (listIncidentLogEntries: "Triggered through the API", Q02JTSNZWHSEKV). */
export function triggerEntry(id: string, incident: PdIncident, at: number): PdLogEntry {
  return {
    id,
    type: "trigger_log_entry",
    summary: "Triggered through the API.",
    created_at: iso(at),
    incident: incidentRef(incident),
    service: serviceRef(incident),
    agent: ref("generic_events_api_inbound_integration_reference", `I${incident.service.id}`, "Datadog"),
    channel: { type: "api", summary: incident.title, details: {} },
    event_details: { description: incident.title },
    contexts: [],
  };
}

/** `components.schemas.AssignLogEntry`; channel "auto" as in the log-entry examples. */
export function assignEntry(id: string, incident: PdIncident, at: number, assignees: PdUser[]): PdLogEntry {
  return {
    id,
    type: "assign_log_entry",
    summary: `Assigned to ${assignees.map((u) => u.name).join(", ")}.`,
    created_at: iso(at),
    incident: incidentRef(incident),
    agent: serviceRef(incident),
    channel: { type: "auto" },
    assignees: assignees.map(userRef),
  };
}

/** `components.schemas.EscalateLogEntry`; channel "timeout" when the escalation delay ran out. */
export function escalateEntry(id: string, incident: PdIncident, at: number, assignees: PdUser[], level: number): PdLogEntry {
  return {
    id,
    type: "escalate_log_entry",
    summary: `Escalated to level ${level}.`,
    created_at: iso(at),
    incident: incidentRef(incident),
    agent: serviceRef(incident),
    channel: { type: "timeout" },
    assignees: assignees.map(userRef),
    escalation_level: level,
  };
}

/** The medium of one notification (the page channel it becomes). */
export type NotifyMedium = "sms" | "phone" | "push" | "email";

/**
 * The shapes a notify log entry takes, every one PagerDuty documents:
 * - `reference` (default): `channel.type` "auto" with `channel.notification` as the OpenAPI
 *   reference defines it (`components.schemas.Channel` → `Notification`): `type` one of
 *   sms_notification, phone_notification, push_notification, email_notification; `address`
 *   absent for push (the `/notifications` response example's PKN7NBH has none).
 * - `channelType`: the same notification under another trigger channel — "timeout" (an
 *   escalation), "web_trigger", "api" — per the Channel description ("Will be one of auto, email,
 *   api, nagios, or timeout if agent[type] is service …").
 * - `plain`: PagerDuty's older log-entry example (Tim Wright, PT23IWX: "Notified Tim Wright by
 *   sms"), `channel: { type: "auto", notification: { type: "sms" | "phone" | "email", address,
 *   status: "success" } }` — the medium named plainly, `notification` repeated beside the channel.
 * - `noUser`: `user` left out (NotifyLogEntry does not require it).
 */
export interface NotifyShape {
  channelType?: string;
  plain?: boolean;
  noUser?: boolean;
  /** A notification type PagerDuty has not documented (to test that it is counted, not dropped silently). */
  notificationType?: string;
}

export function notifyEntry(id: string, incident: PdIncident, at: number, user: PdUser, medium: NotifyMedium, shape: NotifyShape = {}): PdLogEntry {
  const address = medium === "email" ? user.email : medium === "push" ? undefined : "+15555550100";
  const type = shape.notificationType ?? (shape.plain ? medium : `${medium}_notification`);
  const notification = {
    ...(shape.plain ? {} : { id: `N${id}`, started_at: iso(at) }),
    type,
    ...(address === undefined ? {} : { address }),
    status: "success",
  };
  return {
    id,
    type: "notify_log_entry",
    summary: `Notified ${user.name} by ${medium}`,
    self: `${API}/log_entries/${id}?incident_id=${incident.id}`,
    html_url: null,
    created_at: iso(at),
    incident: incidentRef(incident),
    service: serviceRef(incident),
    agent: serviceRef(incident),
    channel: { type: shape.channelType ?? "auto", notification },
    ...(shape.plain ? { notification } : {}),
    teams: [],
    contexts: [],
    ...(shape.noUser ? {} : { user: userRef(user) }),
  };
}

/** `components.schemas.AcknowledgeLogEntry`: agent a user_reference. */
export function acknowledgeEntry(id: string, incident: PdIncident, at: number, user: PdUser): PdLogEntry {
  return {
    id,
    type: "acknowledge_log_entry",
    summary: `Acknowledged by ${user.name}.`,
    created_at: iso(at),
    incident: incidentRef(incident),
    agent: userRef(user),
    channel: { type: "mobile" },
    acknowledgement_timeout: 1800,
  };
}

/** How an incident resolved: by a person, by the monitoring integration, or by the auto-resolve timeout. */
export type Resolver = { by: "user"; user: PdUser } | { by: "integration" } | { by: "timeout" };

/** `components.schemas.ResolveLogEntry`: a user, the integration (channel api) or the auto-resolve timeout (channel timeout). */
export function resolveEntry(id: string, incident: PdIncident, at: number, resolver: Resolver): PdLogEntry {
  const base = { id, type: "resolve_log_entry" as const, created_at: iso(at), incident: incidentRef(incident) };
  if (resolver.by === "user") return { ...base, summary: `Resolved by ${resolver.user.name}.`, agent: userRef(resolver.user), channel: { type: "web_trigger" } };
  if (resolver.by === "timeout") return { ...base, summary: "Resolved by timeout.", agent: serviceRef(incident), channel: { type: "timeout" } };
  return {
    ...base,
    summary: "Resolved through the API.",
    agent: ref("generic_events_api_inbound_integration_reference", `I${incident.service.id}`, "Datadog"),
    channel: { type: "api", summary: "resolve" },
  };
}

/** `components.schemas.AnnotateLogEntry`: a log entry type the collector does not use. */
export function annotateEntry(id: string, incident: PdIncident, at: number, user: PdUser): PdLogEntry {
  return { id, type: "annotate_log_entry", summary: "Note added", created_at: iso(at), incident: incidentRef(incident), agent: userRef(user), channel: { type: "note", summary: "looking" } };
}

/** `GET /incidents/{id}/alerts` response example (listIncidentAlerts: alert_key baf7cf21…, severity critical). */
export function pdAlert(id: string, incident: PdIncident, createdAt: number, key: string, resolved: boolean): PdAlert {
  return {
    id,
    type: "alert",
    summary: incident.title,
    created_at: iso(createdAt),
    status: resolved ? "resolved" : "triggered",
    alert_key: key,
    suppressed: false,
    severity: "critical",
    service: ref("service_reference", incident.service.id, incident.service.summary ?? incident.service.id),
    incident: incidentRef(incident),
    body: { type: "alert_body", contexts: [], details: { check: key } },
    self: `${API}/alerts/${id}`,
    html_url: `${WEB}/alerts/${id}`,
  };
}

/** `GET /oncalls` response example (listOnCalls: Tim Wright, escalation_level 2; start/end null for a permanent on-call). */
export function pdOncall(user: PdUser, policy: PdEscalationPolicy, level: number, schedule: PdSchedule | null, start: number | null, end: number | null): PdOncall {
  return {
    user: userRef(user),
    schedule: schedule === null ? null : ref("schedule_reference", schedule.id, schedule.name),
    escalation_policy: ref("escalation_policy_reference", policy.id, policy.name),
    escalation_level: level,
    start: start === null ? null : iso(start),
    end: end === null ? null : iso(end),
  };
}

/**
 * The hand-computable data set (week of Monday 2026-11-02, UTC):
 * - people in the config: Alice (matched by email, different case), Bob (explicit mapping),
 *   Dana (America/New_York: the week after the US DST change on Nov 1); Carol is in PagerDuty
 *   only (unmatched, written as `pagerduty:PCAROL`).
 * - services PAPI ("API", mapped to `payments-api`) and PWEB ("Web", unmapped).
 * - PI1 on API, Mon 02:00: notify Alice push at 02:00:00 and sms at 02:00:30 (30 s apart: one
 *   interruption), acknowledged by Alice at 02:10, resolved by Alice at 03:10. Alert key cpu-high.
 * - PI2 on API, Tue 14:00: no acknowledgement, resolved by the auto-resolve timeout at 18:00.
 *   Alert key disk-full. Notify Carol (unmatched) by phone 14:00, Alice by email 14:01.
 * - PI3 on API, Wed 09:00, low urgency, priority P3: Bob acks at 09:05, integration resolves
 *   at 09:35. Two alerts: latency (resolved with the incident) and latency-eu.
 * - PI4 on Web, Thu 12:30 UTC: notify Dana by phone (07:30 in New York on EST, so sleep; 08:30
 *   if the zone were read as EDT), Dana acks 12:50, Dana resolves 14:50. Alert key web-5xx.
 * - PI5 on API, Tue 20:00, priority P1: disk-full again 6 h after PI2, nobody acknowledges,
 *   still open (a repeat: noise).
 * - On call: Alice level 1 on schedule PSCHED Mon 00:00 → Thu 00:00, Bob level 1 Thu 00:00 →
 *   next Mon 00:00, Dana level 2 permanently (escalation policy PEP1, no schedule).
 */
export const SMALL_WEEK_START = Date.UTC(2026, 10, 2);

export function smallDataset(): PagerdutyDataset {
  const t = (day: number, hour: number, minute = 0, second = 0) => SMALL_WEEK_START + day * DAY + hour * HOUR + minute * MINUTE + second * 1000;
  const alice = pdUser("PALICE", "Alice Example", "Alice@Example.com", "Europe/Berlin");
  const bob = pdUser("PBOB", "Bob Builder", "bob@elsewhere.example", "Europe/London");
  const carol = pdUser("PCAROL", "Carol Contractor", "carol@contractor.example", "Asia/Tokyo");
  const dana = pdUser("PDANA", "Dana Night", "dana@example.com", "America/New_York");
  const team = pdTeam("PTEAM1", "Payments");
  const policy = pdEscalationPolicy("PEP1", "Payments policy", [[ref("schedule_reference", "PSCHED", "Payments primary")], [userRef(dana)]], ["PAPI", "PWEB"]);
  const api = pdService("PAPI", "API", policy.id, [team.id]);
  const web = pdService("PWEB", "Web", policy.id, [team.id]);
  const schedule = pdSchedule("PSCHED", "Payments primary", "Europe/Berlin", [userRef(alice), userRef(bob)], [ref("escalation_policy_reference", policy.id, policy.name)]);

  const i1 = pdIncident({ id: "PI1", number: 1, title: "CPU high on api-1", service: api, createdAt: t(0, 2), resolvedAt: t(0, 3, 10) });
  const i2 = pdIncident({ id: "PI2", number: 2, title: "Disk full on db-1", service: api, createdAt: t(1, 14), resolvedAt: t(1, 18) });
  const i3 = pdIncident({ id: "PI3", number: 3, title: "Latency p99 over 2s", service: api, createdAt: t(2, 9), resolvedAt: t(2, 9, 35), urgency: "low", priority: "P3", alertCount: 2 });
  const i4 = pdIncident({ id: "PI4", number: 4, title: "Web 5xx rate", service: web, createdAt: t(3, 12, 30), resolvedAt: t(3, 14, 50) });
  const i5 = pdIncident({ id: "PI5", number: 5, title: "Disk full on db-1", service: api, createdAt: t(1, 20), priority: "P1" });

  const logEntries = new Map<string, PdLogEntry[]>([
    [
      "PI1",
      [
        triggerEntry("R1T", i1, t(0, 2)),
        assignEntry("R1A", i1, t(0, 2), [alice]),
        notifyEntry("R1N1", i1, t(0, 2), alice, "push"),
        notifyEntry("R1N2", i1, t(0, 2, 0, 30), alice, "sms"),
        acknowledgeEntry("R1K", i1, t(0, 2, 10), alice),
        annotateEntry("R1X", i1, t(0, 2, 20), alice),
        resolveEntry("R1R", i1, t(0, 3, 10), { by: "user", user: alice }),
      ],
    ],
    [
      "PI2",
      [
        triggerEntry("R2T", i2, t(1, 14)),
        assignEntry("R2A", i2, t(1, 14), [carol]),
        notifyEntry("R2N1", i2, t(1, 14), carol, "phone", { channelType: "api" }),
        escalateEntry("R2E", i2, t(1, 14, 1), [alice], 2),
        notifyEntry("R2N2", i2, t(1, 14, 1), alice, "email", { channelType: "timeout", plain: true }),
        resolveEntry("R2R", i2, t(1, 18), { by: "timeout" }),
      ],
    ],
    [
      "PI3",
      [
        triggerEntry("R3T", i3, t(2, 9)),
        assignEntry("R3A", i3, t(2, 9), [bob]),
        notifyEntry("R3N", i3, t(2, 9), bob, "push", { channelType: "web_trigger" }),
        acknowledgeEntry("R3K", i3, t(2, 9, 5), bob),
        resolveEntry("R3R", i3, t(2, 9, 35), { by: "integration" }),
      ],
    ],
    [
      "PI4",
      [
        triggerEntry("R4T", i4, t(3, 12, 30)),
        assignEntry("R4A", i4, t(3, 12, 30), [dana]),
        notifyEntry("R4N", i4, t(3, 12, 30), dana, "phone", { plain: true }),
        acknowledgeEntry("R4K", i4, t(3, 12, 50), dana),
        resolveEntry("R4R", i4, t(3, 14, 50), { by: "user", user: dana }),
      ],
    ],
    ["PI5", [triggerEntry("R5T", i5, t(1, 20)), assignEntry("R5A", i5, t(1, 20), [bob])]],
  ]);
  const alerts = new Map<string, PdAlert[]>([
    ["PI1", [pdAlert("PA1", i1, t(0, 2), "cpu-high", true)]],
    ["PI2", [pdAlert("PA2", i2, t(1, 14), "disk-full", true)]],
    ["PI3", [pdAlert("PA3", i3, t(2, 9), "latency", true), pdAlert("PA3B", i3, t(2, 9, 2), "latency-eu", true)]],
    ["PI4", [pdAlert("PA4", i4, t(3, 12, 30), "web-5xx", true)]],
    ["PI5", [pdAlert("PA5", i5, t(1, 20), "disk-full", false)]],
  ]);
  const oncalls = [
    pdOncall(alice, policy, 1, schedule, t(0, 0), t(3, 0)),
    pdOncall(bob, policy, 1, schedule, t(3, 0), t(7, 0)),
    pdOncall(dana, policy, 2, null, null, null),
  ];
  return {
    users: [alice, bob, carol, dana],
    services: [api, web],
    teams: [team],
    escalationPolicies: [policy],
    schedules: [schedule],
    incidents: [i1, i2, i3, i4, i5],
    logEntries,
    alerts,
    oncalls,
  };
}

/** Small deterministic PRNG (mulberry32), so generated data sets are the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` incidents spread evenly over [from, to), each with a trigger, an assignment, one or two
 * notifications, mostly an acknowledgement and a resolution (by a person, the integration or
 * the timeout), one alert; 8 users, 3 services, weekly shifts on one schedule.
 */
export function generatedDataset(options: { count: number; from: number; to: number; seed?: number; logEntries?: boolean; alerts?: boolean }): PagerdutyDataset {
  const rnd = random(options.seed ?? 42);
  const zones = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC"];
  const users = Array.from({ length: 8 }, (_, i) => pdUser(`PU${i + 1}`, `User ${i + 1}`, `user${i + 1}@example.com`, zones[i % zones.length] ?? "UTC"));
  const team = pdTeam("PTEAMG", "Generated");
  const policy = pdEscalationPolicy("PEPG", "Generated policy", [[ref("schedule_reference", "PSCHEDG", "Generated primary")]], ["PS1", "PS2", "PS3"]);
  const services = [1, 2, 3].map((n) => pdService(`PS${n}`, `Service ${n}`, policy.id, [team.id]));
  const schedule = pdSchedule("PSCHEDG", "Generated primary", "UTC", users.map(userRef));
  const incidents: PdIncident[] = [];
  const logEntries = new Map<string, PdLogEntry[]>();
  const alerts = new Map<string, PdAlert[]>();
  const step = (options.to - options.from) / options.count;
  for (let n = 0; n < options.count; n++) {
    const createdAt = Math.floor(options.from + n * step);
    const service = services[n % services.length] ?? services[0];
    if (service === undefined) break;
    const user = users[Math.floor(rnd() * users.length)] ?? users[0];
    if (user === undefined) break;
    const open = n >= options.count - 3;
    const roll = rnd();
    const resolvedAt = open ? null : createdAt + Math.floor(10 * MINUTE + rnd() * 3 * HOUR);
    const id = `Q${String(n).padStart(6, "0")}`;
    const withAlert = options.alerts !== false;
    const incident = pdIncident({ id, number: n + 1, title: `Generated incident ${n + 1}`, service, createdAt, resolvedAt, urgency: roll < 0.8 ? "high" : "low", alertCount: withAlert ? 1 : 0 });
    incidents.push(incident);
    alerts.set(id, withAlert ? [pdAlert(`A${id}`, incident, createdAt, `check-${n % 40}`, resolvedAt !== null)] : []);
    if (options.logEntries === false) {
      logEntries.set(id, []);
      continue;
    }
    const entries: PdLogEntry[] = [
      triggerEntry(`${id}T`, incident, createdAt),
      assignEntry(`${id}A`, incident, createdAt, [user]),
      notifyEntry(`${id}N1`, incident, createdAt, user, roll < 0.5 ? "push" : "sms", { plain: n % 5 === 0, channelType: n % 7 === 0 ? "timeout" : "auto" }),
    ];
    if (roll > 0.7) entries.push(notifyEntry(`${id}N2`, incident, createdAt + 5 * MINUTE, user, "phone"));
    const acked = roll < 0.85;
    if (acked) entries.push(acknowledgeEntry(`${id}K`, incident, createdAt + Math.floor(rnd() * 10 * MINUTE) + 1000, user));
    if (resolvedAt !== null) {
      const resolver: Resolver = acked ? (roll < 0.6 ? { by: "user", user } : { by: "integration" }) : { by: "timeout" };
      entries.push(resolveEntry(`${id}R`, incident, resolvedAt, resolver));
    }
    logEntries.set(id, entries);
  }
  const oncalls: PdOncall[] = [];
  for (let start = options.from, i = 0; start < options.to; start += 7 * DAY, i++) {
    const user = users[i % users.length];
    if (user !== undefined) oncalls.push(pdOncall(user, policy, 1, schedule, start, Math.min(start + 7 * DAY, options.to)));
  }
  return { users, services, teams: [team], escalationPolicies: [policy], schedules: [schedule], incidents, logEntries, alerts, oncalls };
}
