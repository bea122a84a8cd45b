import { STATUS_COLOURS, TIER_COLOURS, VERDICT_COLOURS } from "../charts/palette.ts";
import { formatLabel } from "../format.ts";

type Tier = keyof typeof TIER_COLOURS;
type Status = keyof typeof STATUS_COLOURS;
type Verdict = keyof typeof VERDICT_COLOURS;

/** A DORA tier as a labelled badge; "no data" when the metric has none. */
export function TierBadge({ tier }: { tier: Tier | null }) {
  if (tier === null) return <span className="badge badge-none">no data</span>;
  return (
    <span className="badge badge-tier" style={{ background: TIER_COLOURS[tier] }} title={`DORA tier: ${tier}`}>
      {formatLabel(tier)}
    </span>
  );
}

export function StatusBadge({ status }: { status: Status }) {
  return (
    <span className={`badge badge-status badge-${status}`} style={{ background: STATUS_COLOURS[status] }}>
      {formatLabel(status)}
    </span>
  );
}

export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  return (
    <span className="badge badge-verdict" style={{ background: VERDICT_COLOURS[verdict] }}>
      {formatLabel(verdict)}
    </span>
  );
}
