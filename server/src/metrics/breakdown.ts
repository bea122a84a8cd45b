/**
 * The ops share in one sentence with what it is made of (issue 12 item 4): "22% — alerts 9%,
 * pipeline toil 6%, ops changes 5% (estimated), deployment toil 2%". The ops-work endpoint, the
 * ops-load signal, the org summary and the quarterly report all quote this one sentence of the
 * one `opsWorkFrom` result, so a reader sees the same figure and the same parts everywhere.
 */
import type { LedgerCategory } from "@opsledger/db";
import { percentTenth } from "../reports/format.ts";

/** How each ledger category is called where people read it. */
export const CATEGORY_LABELS: Record<LedgerCategory, string> = {
  alerts: "alerts",
  incidents: "incidents",
  pipeline: "pipeline toil",
  deployments: "deployment toil",
  ops_changes: "ops changes",
};

/** What the sentence reads of an ops-work result. */
export interface BreakdownInput {
  share: number | null;
  categories: readonly { category: LedgerCategory; enabled: boolean; estimated: boolean; share: number | null }[];
}

/**
 * The counted categories with a share above zero, largest first (ties in ledger order), the
 * estimated ones marked: "alerts 9%, pipeline toil 6%, ops changes 5% (estimated)". Categories
 * switched off in the configuration are not part of the share, so they are not listed.
 */
export function opsBreakdownParts(ops: BreakdownInput): string {
  const parts = ops.categories
    .flatMap((c, index) => (c.enabled && c.share !== null && c.share > 0 ? [{ ...c, share: c.share, index }] : []))
    .sort((a, b) => b.share - a.share || a.index - b.index);
  if (parts.length === 0) return "no ops work recorded";
  return parts.map((c) => `${CATEGORY_LABELS[c.category]} ${partPercent(c.share)}${c.estimated ? " (estimated)" : ""}`).join(", ");
}

/** A part above zero never reads "0%" (a reader would take it for nothing): under 0.05% it is "<0.1%". */
const partPercent = (share: number): string => (share < 0.0005 ? "<0.1%" : percentTenth(share));

/**
 * "22% — alerts 9%, pipeline toil 6%, ops changes 5% (estimated), deployment toil 2%", at most one
 * decimal (the dashboard's precision, so the sentence and the figure beside it read the same);
 * null when the share is (no data).
 */
export function opsShareSentence(ops: BreakdownInput): string | null {
  return ops.share === null ? null : `${percentTenth(ops.share)} — ${opsBreakdownParts(ops)}`;
}
