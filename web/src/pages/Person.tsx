/**
 * `/people/:person`: the on-call engineer's own page — their interruptions by band and by hour of
 * their own day, the nights they were woken, their ops work by week and their shifts. Every time
 * on it is in the person's zone, and the zone is named.
 */
import { Link, useParams, useSearchParams } from "react-router";
import { usePerson, type PersonResponse } from "../api/hooks.ts";
import { Page } from "../components/Page.tsx";
import { RangePicker } from "../components/RangePicker.tsx";
import { Empty, Load } from "../components/State.tsx";
import { formatCount, formatCountOf, formatDate, formatDateTimeIn, formatLabel, formatMinutes, formatNumber, formatWeek } from "../format.ts";
import { rangeQuery, readRange } from "../url.ts";

const BANDS = ["business", "offHours", "sleep"] as const;
const BAND_HOURS: Record<(typeof BANDS)[number], string> = { business: "Mon–Fri 08–18", offHours: "evenings and weekend days", sleep: "22–08 every day" };

function Bands({ p }: { p: PersonResponse }) {
  const hours = p.byHour.filter((h) => h.business + h.offHours + h.sleep > 0);
  return (
    <section aria-labelledby="bands-heading" className="person-section">
      <h2 id="bands-heading">Pages by band, in {p.timezone}</h2>
      <table className="data-table person-bands">
        <caption className="visually-hidden">Interruptions by band of {p.name}'s local time ({p.timezone})</caption>
        <thead>
          <tr>
            <th scope="col">Band ({p.timezone})</th>
            <th scope="col" className="num">
              Interruptions
            </th>
          </tr>
        </thead>
        <tbody>
          {BANDS.map((b) => (
            <tr key={b}>
              <th scope="row">
                {formatLabel(b)} <span className="small muted">({BAND_HOURS[b]})</span>
              </th>
              <td className="num">{formatCount(p.bands[b])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {hours.length === 0 ? null : (
        <table className="data-table person-hours">
          <caption>Hour of {p.name}'s day ({p.timezone})</caption>
          <thead>
            <tr>
              <th scope="col">Hour</th>
              {BANDS.map((b) => (
                <th key={b} scope="col" className="num">
                  {formatLabel(b)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {hours.map((h) => (
              <tr key={h.hour}>
                <th scope="row">{`${String(h.hour).padStart(2, "0")}:00–${String(h.hour).padStart(2, "0")}:59`}</th>
                {BANDS.map((b) => (
                  <td key={b} className="num">
                    {h[b] === 0 ? "" : formatCount(h[b])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export default function Person() {
  const { person = "" } = useParams();
  const [params] = useSearchParams();
  const now = Date.now();
  const range = readRange(params, now);
  const view = usePerson(person, range);
  const name = view.status === "ready" ? view.data.name : person;
  return (
    <Page title={name} actions={<RangePicker range={range} now={now} />}>
      <Load value={view} label="this person's view">
        {(p) => (
          <>
            <p className="person-zone">
              Every time on this page is in {p.name}'s time zone, <strong>{p.timezone}</strong>.
              {p.teams.length === 0 ? null : (
                <>
                  {" "}
                  Team{p.teams.length === 1 ? "" : "s"}:{" "}
                  {p.teams.map((t, i) => (
                    <span key={t.team}>
                      {i > 0 ? ", " : null}
                      <Link to={`/teams/${encodeURIComponent(t.team)}${rangeQuery(range)}`}>{t.name}</Link>
                    </span>
                  ))}
                  .
                </>
              )}
            </p>
            <Bands p={p} />
            <section aria-labelledby="nights-heading" className="person-section">
              <h2 id="nights-heading">Nights interrupted</h2>
              {p.nights.length === 0 ? (
                <Empty>No night in this range had a sleep-hour interruption.</Empty>
              ) : (
                <p>
                  {formatCountOf(p.nights.length, "night")} with at least one page in sleep hours (22–08, {p.timezone}): {p.nights.map((d) => formatDate(d)).join(", ")}.
                </p>
              )}
            </section>
            <section aria-labelledby="weeks-heading" className="person-section">
              <h2 id="weeks-heading">Ops work by week</h2>
              <table className="data-table person-weeks">
                <caption className="visually-hidden">{p.name}'s ops-work ledger minutes per ISO week</caption>
                <thead>
                  <tr>
                    <th scope="col">Week of</th>
                    <th scope="col" className="num">Measured ops work</th>
                    <th scope="col" className="num">Estimated ops work</th>
                    <th scope="col" className="num">Interruptions</th>
                    <th scope="col" className="num">In sleep hours</th>
                  </tr>
                </thead>
                <tbody>
                  {p.weeks.map((w) => (
                    <tr key={w.weekStart}>
                      <th scope="row">
                        {formatWeek(w.weekStart)}
                        {w.partial ? " (partial)" : ""}
                      </th>
                      <td className="num">{formatMinutes(w.measuredMinutes)}</td>
                      <td className="num">{formatMinutes(w.estimatedMinutes)}</td>
                      <td className="num">{formatCount(w.interruptions)}</td>
                      <td className="num">{formatCount(w.sleepInterruptions)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section aria-labelledby="shifts-heading" className="person-section">
              <h2 id="shifts-heading">Shifts</h2>
              {p.shifts.length === 0 ? (
                <Empty>No on-call shift in this range.</Empty>
              ) : (
                <table className="data-table person-shifts">
                  <caption className="visually-hidden">{p.name}'s on-call shifts, in {p.timezone}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Schedule</th>
                      <th scope="col" className="num">Level</th>
                      <th scope="col">From</th>
                      <th scope="col">To</th>
                      <th scope="col" className="num">Hours</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.shifts.map((s) => (
                      <tr key={`${s.schedule}:${s.start}`}>
                        <td>{s.schedule}</td>
                        <td className="num">{formatCount(s.level)}</td>
                        <td>{formatDateTimeIn(s.start, p.timezone)}</td>
                        <td>{formatDateTimeIn(s.end, p.timezone)}</td>
                        <td className="num">{formatNumber(s.hours)} h</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            <section aria-labelledby="interruptions-heading" className="person-section">
              <h2 id="interruptions-heading">Interruptions</h2>
              {p.interruptions.length === 0 ? (
                <Empty>No interruption in this range.</Empty>
              ) : (
                <table className="data-table person-interruptions">
                  <caption className="visually-hidden">{p.name}'s interruptions, newest first, in {p.timezone}</caption>
                  <thead>
                    <tr>
                      <th scope="col">When ({p.timezone})</th>
                      <th scope="col">Band</th>
                      <th scope="col">Incident</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.interruptions.slice(0, 100).map((i) => (
                      <tr key={`${i.at}:${i.incidentId}`}>
                        <td>{formatDateTimeIn(i.at, p.timezone)}</td>
                        <td>{formatLabel(i.band)}</td>
                        <td>{i.incidentId}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </>
        )}
      </Load>
    </Page>
  );
}
