/**
 * The team page's one note on partial weeks (issue 13): every weekly chart of a page covers the
 * same weeks of the same range, so the server's partial-weeks note is the same for each; it is
 * said once, above the charts, and each chart marks its partial weeks with the note's sign and
 * points here (WeeklyChart's `partialNote`).
 */
import { useSeries, type ApiRange } from "../api/hooks.ts";
import { isPartialWeeksNote } from "../notes.ts";

export const PARTIAL_WEEKS_NOTE = { id: "partial-weeks", sign: "*" } as const;

const sentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);

export function PartialWeeksNote({ team, range }: { team: string; range: ApiRange }) {
  // The deployments chart's request (shared through the cache): its notes are every chart's.
  const series = useSeries(team, "deployments", range);
  if (series.status !== "ready") return null;
  const notes = series.data.notes.filter(isPartialWeeksNote);
  if (notes.length === 0) return null;
  return (
    <p id={PARTIAL_WEEKS_NOTE.id} className="partial-weeks-note small">
      <strong>{PARTIAL_WEEKS_NOTE.sign} Partial weeks</strong>, on every chart below. {notes.map((n) => `${sentence(n.message)}.`).join(" ")} Each chart draws such a week paler and marks
      it {PARTIAL_WEEKS_NOTE.sign} on its axis.
    </p>
  );
}
