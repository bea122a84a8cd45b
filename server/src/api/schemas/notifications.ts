import { z } from "@hono/zod-openapi";
import { integerParam } from "../../http/range.ts";
import { isoInstant } from "./common.ts";

const optionalInstant = isoInstant.nullable();

const ruleStateSchema = z
  .strictObject({
    scope: z.string().openapi({ description: "team:ID, person:TEAM/PERSON or org" }),
    state: z.string().openapi({ description: "ok, pending (held fewer than `for` evaluations in a row) or firing" }),
    streak: z.number().int(),
    value: z.number().nullable(),
    valueText: z.string().openapi({ description: "The value as people read it" }),
    count: z.number().nullable(),
    reason: z.string(),
    since: isoInstant,
    lastEvaluatedAt: isoInstant,
    lastNotifiedAt: optionalInstant,
  })
  .openapi("NotificationRuleState");

export const rulesResponse = z
  .strictObject({
    rules: z.array(
      z
        .strictObject({
          id: z.string(),
          description: z.string().nullable(),
          kind: z.enum(["signal", "figure"]),
          condition: z.string().openapi({ description: "What makes it fire, in words" }),
          scope: z.string(),
          for: z.number().int(),
          minCount: z.number().int(),
          remindEveryHours: z.number().nullable(),
          channels: z.array(z.string()),
          states: z.array(ruleStateSchema),
        })
        .openapi("NotificationRule"),
    ),
    lastEvaluation: z
      .strictObject({
        trigger: z.string(),
        startedAt: isoInstant,
        finishedAt: optionalInstant,
        scopes: z.number().int(),
        fired: z.number().int(),
        resolved: z.number().int(),
        reminded: z.number().int(),
        error: z.string().nullable(),
      })
      .nullable(),
    channels: z.array(
      z.strictObject({
        name: z.string(),
        type: z.enum(["slack", "webhook", "email"]),
        ready: z.boolean().openapi({ description: "Its URL (and a webhook's secret) are set in the environment" }),
        setUp: z.string().nullable().openapi({ description: "What to set when it is not ready; URLs and secrets never leave the server" }),
      }),
    ),
  })
  .openapi("NotificationRules", { description: "Every rule with its state per scope, the last evaluation, the channels" });

export const historyQuery = z.strictObject({
  page: integerParam("page", 1, Number.MAX_SAFE_INTEGER).default(1).openapi({ example: "1" }),
  pageSize: integerParam("pageSize", 1, 200).default(25).openapi({ example: "25" }),
  rule: z.string().min(1).max(512).optional().openapi({ description: "Only this rule's notifications", example: "ops-load" }),
});

export const historyResponse = z
  .strictObject({
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    items: z.array(
      z
        .strictObject({
          id: z.string(),
          kind: z.string().openapi({ description: "firing, resolved, reminder or digest" }),
          ruleId: z.string().nullable(),
          scope: z.string().nullable(),
          teamId: z.string().nullable(),
          createdAt: isoInstant,
          title: z.string(),
          summary: z.string(),
          deliveries: z.array(
            z.strictObject({
              channel: z.string(),
              status: z.string().openapi({ description: "pending, sending, delivered or failed" }),
              attempts: z.number().int(),
              error: z.string().nullable(),
              deliveredAt: optionalInstant,
            }),
          ),
        })
        .openapi("NotificationSent"),
    ),
  })
  .openapi("NotificationHistory", { description: "Notifications sent, newest first, with their delivery status per channel" });
