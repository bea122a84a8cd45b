/**
 * Threshold notifications for the dashboard (issue 15 item 6): the rules with each one's state
 * per scope and the last evaluation, and the history of notifications with their delivery status.
 * Channel URLs and secrets never leave the server: a channel says only whether it is set up.
 */
import { createRoute } from "@hono/zod-openapi";
import { getNotificationHistory, getNotificationRuns, getNotificationStates } from "@opsledger/db";
import { json, routeGroup, viewer } from "../api/openapi.ts";
import { accessProblems, problems } from "../api/schemas/common.ts";
import { historyQuery, historyResponse, rulesResponse } from "../api/schemas/notifications.ts";
import type { ServerDeps } from "../deps.ts";
import { channelEnv, channelSecrets } from "../env.ts";
import { settingsFromConfig } from "../metrics/index.ts";
import type { NotificationMessage } from "../notifications/message.ts";
import { resolveRules, scopeLabel } from "../notifications/rules.ts";
import { conditionWords, formatValue, ruleUnit } from "../notifications/words.ts";
import { isoAt, isoOrNull } from "./metricsSupport.ts";

const listRules = createRoute({
  method: "get",
  path: "/notifications/rules",
  tags: ["notifications"],
  summary: "Notification rules and their state",
  description: "Every rule with its state per scope (ok, pending, firing), the last evaluation, and whether each channel is set up.",
  security: viewer,
  responses: { 200: json(rulesResponse, "The rules"), ...problems({ 504: "Past the request deadline", ...accessProblems }) },
});

const listHistory = createRoute({
  method: "get",
  path: "/notifications/history",
  tags: ["notifications"],
  summary: "Notifications sent",
  description: "Every notification sent (firing, resolved, reminder, digest), newest first, with each channel's delivery status and attempts.",
  security: viewer,
  request: { query: historyQuery },
  responses: { 200: json(historyResponse, "One page of notifications"), ...problems({ 400: "A bad or unknown query parameter", 504: "Past the request deadline", ...accessProblems }) },
});

export const notificationRoutes = (deps: ServerDeps) => {
  const settings = settingsFromConfig(deps.config);
  const rules = resolveRules(deps.config.notifications);
  return routeGroup()
    .openapi(listRules, async (c) => {
      const [states, runs] = await Promise.all([getNotificationStates(deps.db), getNotificationRuns(deps.db, 1)]);
      const lastRun = runs[0] ?? null;
      return c.json(
        {
          rules: rules.map((rule) => {
            return {
              id: rule.id,
              description: rule.description,
              kind: rule.target.kind,
              condition: conditionWords(rule, settings),
              scope: scopeLabel(rule.scope),
              for: rule.for,
              minCount: rule.minCount,
              remindEveryHours: rule.remindEveryMs === null ? null : rule.remindEveryMs / 3_600_000,
              channels: rule.channels,
              states: states
                .filter((s) => s.ruleId === rule.id)
                .map((s) => ({
                  scope: s.scope,
                  state: s.state,
                  streak: s.streak,
                  value: s.value,
                  valueText: formatValue(s.value, ruleUnit(rule, s.scope)),
                  count: s.count,
                  reason: s.reason,
                  since: isoAt(s.since),
                  lastEvaluatedAt: isoAt(s.lastEvaluatedAt),
                  lastNotifiedAt: isoOrNull(s.lastNotifiedAt),
                })),
            };
          }),
          lastEvaluation:
            lastRun === null
              ? null
              : {
                  trigger: lastRun.trigger,
                  startedAt: isoAt(lastRun.startedAt),
                  finishedAt: isoOrNull(lastRun.finishedAt),
                  scopes: lastRun.scopes,
                  fired: lastRun.fired,
                  resolved: lastRun.resolved,
                  reminded: lastRun.reminded,
                  error: lastRun.error,
                },
          channels: deps.config.notifications.channels.map((ch) => {
            const secrets = channelSecrets(deps.env, ch.name);
            const ready = secrets.url !== null && (ch.type !== "webhook" || secrets.secret !== null);
            return { name: ch.name, type: ch.type, ready, setUp: ready ? null : `set ${channelEnv(ch.name, secrets.url === null ? "URL" : "SECRET")}` };
          }),
        },
        200,
      );
    })
    .openapi(listHistory, async (c) => {
      const query = c.req.valid("query");
      const { total, items } = await getNotificationHistory(deps.db, { page: query.page, pageSize: query.pageSize, ruleId: query.rule });
      return c.json(
        {
          total,
          page: query.page,
          pageSize: query.pageSize,
          items: items.map((n) => {
            const message = JSON.parse(n.message) as NotificationMessage;
            return {
              id: n.id,
              kind: n.kind,
              ruleId: n.ruleId,
              scope: n.scope,
              teamId: n.teamId,
              createdAt: isoAt(n.createdAt),
              title: n.title,
              summary: message.summary,
              deliveries: n.deliveries.map((d) => ({ channel: d.channel, status: d.status, attempts: d.attempts, error: d.lastError, deliveredAt: isoOrNull(d.deliveredAt) })),
            };
          }),
        },
        200,
      );
    });
};
