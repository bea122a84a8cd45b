import { STATUS_COLOURS, TIER_COLOURS, VERDICT_COLOURS, textColourOn } from "../charts/palette.ts";
import { formatCount, formatLabel } from "../format.ts";

type Tier = keyof typeof TIER_COLOURS;
type Status = keyof typeof STATUS_COLOURS;
type Verdict = keyof typeof VERDICT_COLOURS;

/** The evidence behind a tier: how many records the figure counted, how many a tier needs, and what they are. */
export interface TierEvidence {
  count: number;
  minimum: number;
  /** The plural noun of the records counted: "deployments", "changes", "recoveries". */
  of: string;
}

/**
 * A DORA tier as a labelled badge; "no data" when the metric has none, and "no tier" with the
 * count and the minimum when it has fewer records than a tier needs (evidence or silence).
 */
export function TierBadge({ tier, evidence }: { tier: Tier | null; evidence?: TierEvidence }) {
  if (tier === null && evidence !== undefined && evidence.count > 0 && evidence.count < evidence.minimum) {
    return (
      <span className="badge badge-none badge-thin" title={`Too little data for a DORA tier: a tier needs at least ${evidence.minimum} ${evidence.of}.`}>
        no tier: {formatCount(evidence.count)} of {formatCount(evidence.minimum)} {evidence.of} needed
      </span>
    );
  }
  if (tier === null) return <span className="badge badge-none">no data</span>;
  return (
    <span className="badge badge-tier" style={{ background: TIER_COLOURS[tier], color: textColourOn(TIER_COLOURS[tier]) }} title={`DORA tier: ${tier}`}>
      {formatLabel(tier)}
    </span>
  );
}

export function StatusBadge({ status }: { status: Status }) {
  return (
    <span className={`badge badge-status badge-${status}`} style={{ background: STATUS_COLOURS[status], color: textColourOn(STATUS_COLOURS[status]) }}>
      {formatLabel(status)}
    </span>
  );
}

export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  return (
    <span className="badge badge-verdict" style={{ background: VERDICT_COLOURS[verdict], color: textColourOn(VERDICT_COLOURS[verdict]) }}>
      {formatLabel(verdict)}
    </span>
  );
}
