import { Link, useLocation } from "react-router";
import { formatDate } from "../format.ts";
import { RANGE_PRESETS, lastWeeks, rangeDays, type DateRange } from "../url.ts";

/** The range shown and links to the presets; the range itself lives in the URL. */
export function RangePicker({ range, now }: { range: DateRange; now: number }) {
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  return (
    <div className="range-picker">
      <span className="range-current">
        {formatDate(range.from)} – {formatDate(range.to)} ({rangeDays(range)} days)
      </span>
      <span className="range-presets" role="group" aria-label="Choose a range">
        {RANGE_PRESETS.map((weeks) => {
          const preset = lastWeeks(weeks, now);
          const next = new URLSearchParams(params);
          next.set("from", preset.from);
          next.set("to", preset.to);
          next.delete("page");
          const current = preset.from === range.from && preset.to === range.to;
          return (
            <Link key={weeks} to={`${location.pathname}?${next.toString()}`} aria-current={current ? "true" : undefined} className="chip">
              {weeks} weeks
            </Link>
          );
        })}
      </span>
    </div>
  );
}
