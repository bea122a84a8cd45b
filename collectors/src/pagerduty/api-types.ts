/**
 * Zod schemas of the PagerDuty REST API v2 responses the collector reads. Objects are loose
 * (PagerDuty adds fields over time); what we read is required to be there and well typed, so a
 * changed payload fails loudly at the edge instead of writing wrong rows.
 */
import { z } from "zod";

const isoInstant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be an ISO-8601 date-time");

/** `{ id, type, summary, self, html_url }`: how PagerDuty points at another object. */
export const reference = z.looseObject({
  id: z.string().min(1),
  type: z.string().min(1),
  summary: z.string().nullish(),
  self: z.string().nullish(),
  html_url: z.string().nullish(),
});

/** Offset pagination envelope: `total` is null unless the request asked `total=true`. */
export const pageEnvelope = {
  limit: z.number().int(),
  offset: z.number().int(),
  more: z.boolean(),
  total: z.number().int().nullable(),
};

export const pdUser = z.looseObject({
  id: z.string().min(1),
  type: z.literal("user"),
  name: z.string(),
  email: z.string(),
  time_zone: z.string(),
  role: z.string().optional(),
  html_url: z.string().optional(),
});

export const pdService = z.looseObject({
  id: z.string().min(1),
  type: z.literal("service"),
  name: z.string(),
  status: z.string().optional(),
  escalation_policy: reference.optional(),
  teams: z.array(reference).optional(),
});

export const pdTeam = z.looseObject({
  id: z.string().min(1),
  type: z.literal("team"),
  name: z.string(),
  summary: z.string().nullish(),
});

export const pdEscalationPolicy = z.looseObject({
  id: z.string().min(1),
  type: z.literal("escalation_policy"),
  name: z.string(),
  escalation_rules: z.array(
    z.looseObject({
      id: z.string(),
      escalation_delay_in_minutes: z.number().int(),
      targets: z.array(reference),
    }),
  ),
  services: z.array(reference).optional(),
  teams: z.array(reference).optional(),
});

export const pdSchedule = z.looseObject({
  id: z.string().min(1),
  type: z.literal("schedule"),
  name: z.string(),
  time_zone: z.string(),
  users: z.array(reference).optional(),
  escalation_policies: z.array(reference).optional(),
});

export const pdIncident = z.looseObject({
  id: z.string().min(1),
  type: z.literal("incident"),
  incident_number: z.number().int(),
  title: z.string(),
  status: z.enum(["triggered", "acknowledged", "resolved"]),
  urgency: z.enum(["high", "low"]),
  created_at: isoInstant,
  updated_at: isoInstant.optional(),
  last_status_change_at: isoInstant.optional(),
  resolved_at: isoInstant.nullish(),
  service: reference,
  escalation_policy: reference.optional(),
  priority: z.looseObject({ id: z.string(), summary: z.string(), name: z.string().optional() }).nullish(),
  incident_key: z.string().nullish(),
  html_url: z.string().optional(),
  alert_counts: z.looseObject({ all: z.number().int(), triggered: z.number().int(), resolved: z.number().int() }).optional(),
});

/**
 * A notification as PagerDuty's OpenAPI reference (`components.schemas.Notification`) defines it:
 * `type` one of sms_notification, phone_notification, push_notification, email_notification;
 * `address` null or absent for push. PagerDuty's older log-entry examples name the medium plainly
 * (`email`, `sms`, `phone`); both are read.
 */
export const pdNotification = z.looseObject({
  id: z.string().nullish(),
  type: z.string().min(1),
  started_at: isoInstant.nullish(),
  address: z.string().nullish(),
  status: z.string().nullish(),
});

/**
 * `channel` of a log entry (`components.schemas.Channel`): how the action came about — `auto`,
 * `api`, `email`, `nagios`, `timeout` for a service, `web_trigger`, `website`, `note`, … for a
 * user. On a notify log entry the medium is not the channel type but `channel.notification.type`.
 */
export const logChannel = z.looseObject({ type: z.string().min(1), notification: pdNotification.nullish() });

const logBase = {
  id: z.string().min(1),
  created_at: isoInstant,
  summary: z.string().optional(),
  incident: reference,
  agent: reference.nullish(),
  channel: logChannel,
};

export const triggerLogEntry = z.looseObject({ ...logBase, type: z.literal("trigger_log_entry") });
export const acknowledgeLogEntry = z.looseObject({ ...logBase, type: z.literal("acknowledge_log_entry") });
export const resolveLogEntry = z.looseObject({ ...logBase, type: z.literal("resolve_log_entry") });
export const assignLogEntry = z.looseObject({ ...logBase, type: z.literal("assign_log_entry"), assignees: z.array(reference).optional() });
export const escalateLogEntry = z.looseObject({ ...logBase, type: z.literal("escalate_log_entry"), assignees: z.array(reference).optional() });
/**
 * One notification to one responder (`components.schemas.NotifyLogEntry`): the medium is in
 * `channel.notification.type` (some older payloads also carry `notification` beside `channel`);
 * `user` is not required by the reference, so an entry without one is read and counted as skipped.
 */
export const notifyLogEntry = z.looseObject({ ...logBase, type: z.literal("notify_log_entry"), user: reference.nullish(), notification: pdNotification.nullish() });

const KNOWN_LOG_TYPES = [
  "trigger_log_entry",
  "acknowledge_log_entry",
  "resolve_log_entry",
  "assign_log_entry",
  "escalate_log_entry",
  "notify_log_entry",
] as const;

/** Log entries the collector does not use (annotate, snooze, urgency change, …), still validated. */
export const otherLogEntry = z.looseObject({
  ...logBase,
  type: z.string().refine((t) => !(KNOWN_LOG_TYPES as readonly string[]).includes(t), "a known log entry type with an unexpected shape"),
});

export const pdLogEntry = z.union([
  triggerLogEntry,
  acknowledgeLogEntry,
  resolveLogEntry,
  assignLogEntry,
  escalateLogEntry,
  notifyLogEntry,
  otherLogEntry,
]);

export const pdAlert = z.looseObject({
  id: z.string().min(1),
  type: z.literal("alert"),
  summary: z.string().optional(),
  created_at: isoInstant,
  status: z.enum(["triggered", "resolved"]),
  alert_key: z.string().nullish(),
  resolved_at: isoInstant.nullish(),
  suppressed: z.boolean().optional(),
  severity: z.string().optional(),
  service: reference,
  incident: reference.nullish(),
});

/** An on-call entry; start and end are null for someone permanently on call (no schedule). */
export const pdOncall = z.looseObject({
  user: reference,
  schedule: reference.nullable(),
  escalation_policy: reference,
  escalation_level: z.number().int(),
  start: isoInstant.nullable(),
  end: isoInstant.nullable(),
});

export const pdError = z.looseObject({
  error: z.looseObject({ message: z.string(), code: z.number().int().optional(), errors: z.array(z.string()).optional() }),
});

const listOf = <K extends string, T extends z.ZodType>(key: K, item: T) =>
  z.looseObject({ ...pageEnvelope, [key]: z.array(item) } as { [P in K]: z.ZodArray<T> } & typeof pageEnvelope);

export const usersPage = listOf("users", pdUser);
export const servicesPage = listOf("services", pdService);
export const teamsPage = listOf("teams", pdTeam);
export const escalationPoliciesPage = listOf("escalation_policies", pdEscalationPolicy);
export const schedulesPage = listOf("schedules", pdSchedule);
export const incidentsPage = listOf("incidents", pdIncident);
export const logEntriesPage = listOf("log_entries", pdLogEntry);
export const alertsPage = listOf("alerts", pdAlert);
export const oncallsPage = listOf("oncalls", pdOncall);
export const incidentResponse = z.looseObject({ incident: pdIncident });

export type PdReference = z.output<typeof reference>;
export type PdUser = z.output<typeof pdUser>;
export type PdService = z.output<typeof pdService>;
export type PdTeam = z.output<typeof pdTeam>;
export type PdEscalationPolicy = z.output<typeof pdEscalationPolicy>;
export type PdSchedule = z.output<typeof pdSchedule>;
export type PdIncident = z.output<typeof pdIncident>;
export type PdLogEntry = z.output<typeof pdLogEntry>;
export type PdNotifyLogEntry = z.output<typeof notifyLogEntry>;
export type PdAlert = z.output<typeof pdAlert>;
export type PdOncall = z.output<typeof pdOncall>;
