import { formatLabel } from "../format.ts";
import { formatRecordCount } from "../records.ts";
import { StatusBadge } from "./Badges.tsx";
import { EvidenceFacts, SignalValue } from "./SignalValue.tsx";

type Status = "firing" | "warning" | "ok" | "unknown";

/** The structural fields of a signal this panel shows (the API's signal type fits). */
interface SignalLike {
  id: string;
  status: Status;
  /** Measured from records, or declared in the configuration (compliance targets, declared services). */
  basis: "measured" | "declared";
  value: number | null;
  threshold: number;
  criticalThreshold: number | null;
  message: string;
  evidence: { facts: Record<string, string | number | boolean | null | string[]>; records: { kind: string; ids: string[] }[] };
}

/** Each fund-DevOps signal: status, value against its threshold, and the evidence behind it. */
export function SignalsPanel({ signals }: { signals: readonly SignalLike[] }) {
  return (
    <div className="signals">
      {signals.map((s) => (
        <section key={s.id} className={`signal signal-${s.status}`} aria-label={`Signal ${formatLabel(s.id)}: ${s.status}`}>
          <h3>
            {formatLabel(s.id)} <StatusBadge status={s.status} />
          </h3>
          <p>{s.message}</p>
          <p className={`signal-basis small basis-${s.basis}`}>{s.basis === "measured" ? "Measured from records" : "Declared in the configuration, not measured"}</p>
          <dl>
            <dt>Value</dt>
            <dd>
              <SignalValue id={s.id} value={s.value} />
            </dd>
            <dt>Threshold</dt>
            <dd>
              <SignalValue id={s.id} value={s.threshold} />
              {s.criticalThreshold === null ? null : (
                <>
                  {" "}
                  (critical <SignalValue id={s.id} value={s.criticalThreshold} />)
                </>
              )}
            </dd>
          </dl>
          <EvidenceFacts facts={s.evidence.facts} />
          {s.evidence.records.length === 0 ? null : (
            <p className="small muted">
              Behind it:{" "}
              {s.evidence.records
                // People are named in the facts above; here, like every kind, how many records.
                .map((r) => formatRecordCount(r.ids.length, r.kind))
                .join(" · ")}
            </p>
          )}
        </section>
      ))}
    </div>
  );
}
