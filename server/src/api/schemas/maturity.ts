import { z } from "@hono/zod-openapi";
import { CHECK_IDS, type CheckId, type CheckResult, type CheckStatus, type Evidence, type FundItem, type Phase, type RepoCheck } from "../../metrics/index.ts";
import { asOfField } from "../../http/range.ts";
import { isoInstant } from "./common.ts";
import { verdictSchema } from "./signals.ts";
import type { InSync, Same } from "./sync.ts";


export type _CheckIds = InSync<Same<(typeof CHECK_IDS)[number], CheckId>>;
const STATUSES = ["pass", "fail", "unknown"] as const satisfies readonly CheckStatus[];
export type _CheckStatuses = InSync<Same<(typeof STATUSES)[number], CheckStatus>>;

const checkStatus = z.enum(STATUSES).openapi("CheckStatus", { description: "unknown when the evidence cannot be read (no admin rights on branch protection, no PagerDuty), never fail" });
const phase = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export type _Phase = InSync<Same<z.output<typeof phase>, Phase>>;
const phaseReached = z.union([z.literal(0), phase]).openapi("MaturityPhase", { description: "1 survivable, 2 changes are safe, 3 repeatable; 0 before phase 1 passes" });

const evidenceSchema = z
  .strictObject({ label: z.string(), value: z.union([z.string(), z.number()]), url: z.string().nullable() })
  .openapi("MaturityEvidence", { description: "A count, a date (ISO) or a link behind a check" });
export type _Evidence = InSync<Same<z.output<typeof evidenceSchema>, Evidence>>;
const repoCheckSchema = z.strictObject({ repo: z.string(), status: checkStatus, summary: z.string() });
export type _RepoCheck = InSync<Same<z.output<typeof repoCheckSchema>, RepoCheck>>;

const checkSchema = z
  .strictObject({
    id: z.enum(CHECK_IDS),
    phase,
    title: z.string(),
    status: checkStatus,
    summary: z.string(),
    decidedBy: z.string().openapi({ description: "How the status was decided" }),
    evidence: z.array(evidenceSchema),
    repos: z.array(repoCheckSchema).openapi({ description: "Per repository, for the checks that read each repository on its own" }),
  })
  .openapi("MaturityCheck");
export type _Check = InSync<Same<z.output<typeof checkSchema>, CheckResult>>;

export const fundItemSchema = z
  .strictObject({
    check: z.enum(CHECK_IDS),
    phase,
    title: z.string(),
    text: z.string().openapi({ example: "no rollback path in 90 days (12 production deployments, none a rollback); change failure rate 34%" }),
    evidence: z.array(evidenceSchema),
    figure: z.strictObject({ name: z.string(), value: z.number().nullable() }).openapi({ description: "The figure fixing the check should move, null without data" }),
  })
  .openapi("FundFirstItem");
export type _FundItem = InSync<Same<z.output<typeof fundItemSchema>, FundItem>>;

export const maturityQuery = z.strictObject({
  asOf: asOfField.asOf.openapi({ description: "The scorecard as of this instant (the 90 days before it; a date means the end of that day); default and upper bound: now", example: "2026-10-31" }),
  quarters: z.coerce
    .number()
    .int("must be a whole number of quarters")
    .min(1, "must be 1 to 8")
    .max(8, "must be 1 to 8")
    .default(4)
    .openapi({ description: "Quarters of history, the running one included (1–8, default 4)", example: 2 }),
});

export const maturitySummarySchema = z
  .strictObject({ phase: phaseReached, line: z.string().openapi({ example: "phase 1 — survivable; next: ci checks block bad changes (fail)" }) })
  .openapi("MaturitySummary");

export const maturityResponse = z
  .strictObject({
    team: z.string().openapi({ example: "payments" }),
    asOf: isoInstant,
    phase: phaseReached,
    line: z.string(),
    checks: z.array(checkSchema),
    warnings: z.array(z.string()).openapi({ description: "The plan's own warning: phase 3 work while phase 1 fails" }),
    verdict: verdictSchema,
    fundFirst: z.array(fundItemSchema).openapi({ description: "The first failing checks in phase order, each with its evidence and the figure it should move; what the report recommends when the verdict is fund-now" }),
    history: z.array(z.strictObject({ quarter: z.string().openapi({ example: "2026-Q3" }), phase: phaseReached, passed: z.number().int(), unknown: z.number().int() })).openapi({
      description: "Phase per quarter, oldest first, each as of the quarter's end (the running one as of asOf)",
    }),
  })
  .openapi("MaturityResponse", { description: "The operational maturity scorecard of a team" });
