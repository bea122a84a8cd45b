import type { ReactNode } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { useRecords, useTeamName, type RecordFilters, type RecordsResponse } from "../api/hooks.ts";
import { Page } from "../components/Page.tsx";
import { RangePicker } from "../components/RangePicker.tsx";
import { Empty, Load } from "../components/State.tsx";
import { formatCount, formatDateTime, formatDateTimeIn, formatLabel, formatMinutes } from "../format.ts";
import { CATEGORY_NAMES } from "../ledger.ts";
import { RECORD_FILTERS, RECORD_LABELS, isRecordMetric, pageSummary, readFilters, recordKindLabel, sourceName, type FilterSpec } from "../records.ts";
import { rangeQuery, readPage, readRange, type DateRange } from "../url.ts";

type Item = RecordsResponse["items"][number];
type Column = { label: string; num?: boolean; cell: (item: Item) => ReactNode };

const PAGE_SIZE = 50;

function SourceLink({ url }: { url: string | null }) {
  if (url === null) return <span className="muted">—</span>;
  return (
    <a href={url} target="_blank" rel="noreferrer">
      {sourceName(url)}
      <span className="visually-hidden"> (opens in a new tab)</span>
    </a>
  );
}

/** A person by name, linked to their page over the same range. */
function PersonLink({ person, name, range }: { person: string; name: string; range: DateRange }) {
  return <Link to={`/people/${encodeURIComponent(person)}${rangeQuery(range)}`}>{name}</Link>;
}

const yesNo = (value: boolean, yes: string, no = "") => (value ? yes : no);
const list = (values: readonly string[]) => (values.length === 0 ? "—" : values.map(formatLabel).join(", "));

/** The columns of one kind of record; each cell formats a field the server sent. */
function columnsFor(item: Item | undefined, range: DateRange): Column[] {
  if (item === undefined) return [];
  const col = <K extends Item["kind"]>(kind: K, label: string, cell: (i: Extract<Item, { kind: K }>) => ReactNode, num = false): Column => ({
    label,
    num,
    cell: (i) => (i.kind === kind ? cell(i as Extract<Item, { kind: K }>) : null),
  });
  switch (item.kind) {
    case "deployment":
      return [
        col("deployment", "Deployed", (d) => formatDateTime(d.deployedAt)),
        col("deployment", "Repository", (d) => d.repo),
        col("deployment", "Environment", (d) => d.environment),
        col("deployment", "Commit", (d) => <code>{d.sha.slice(0, 8)}</code>),
        col("deployment", "Failed", (d) =>
          d.failed ? (
            <>
              yes — {list(d.failedBecause)}
              {/* The server's sentence per cause: which incident or rollback, and which rule charged it. */}
              {d.failures.map((f, i) => (
                <div key={i} className="small muted">
                  {f.text}
                </div>
              ))}
            </>
          ) : (
            yesNo(d.rollback, "rollback", "no")
          ),
        ),
        col("deployment", "Recovery", (d) => formatMinutes(d.recoveryMinutes), true),
        col("deployment", "Rework", (d) => (d.rework ? list(d.reworkBecause) : "no")),
        col("deployment", "Changes", (d) => formatCount(d.changeIds.length), true),
        col("deployment", "Source", (d) => <SourceLink url={d.url} />),
      ];
    case "change":
      return [
        col("change", "Change", (c) => (
          <>
            {c.repo}#{c.number}
            {c.title === null ? null : <div className="small muted">{c.title}</div>}
          </>
        )),
        // The person's name by the identity rule, linked to their page; the login only when no person is known.
        col("change", "Author", (c) => (c.authorPerson === null ? c.authorName : <PersonLink person={c.authorPerson} name={c.authorName} range={range} />)),
        col("change", "Merged", (c) => formatDateTime(c.mergedAt)),
        col("change", "Deployed", (c) =>
          c.deployedAt === null ? (
            "not yet"
          ) : (
            <>
              {formatDateTime(c.deployedAt)}
              {c.deploymentId === null ? null : <div className="small muted">deployment {c.deploymentId}</div>}
            </>
          ),
        ),
        col("change", "Attribution", (c) => (c.excluded !== null ? `excluded (${c.excluded})` : c.attribution === null ? "—" : c.attribution === "time" ? "by time" : "by commits")),
        col("change", "Coding", (c) => formatMinutes(c.codingMinutes), true),
        col("change", "Pickup", (c) => formatMinutes(c.pickupMinutes), true),
        col("change", "Review", (c) => formatMinutes(c.reviewMinutes), true),
        col("change", "Deploy", (c) => formatMinutes(c.deployMinutes), true),
        col("change", "Lead time", (c) => formatMinutes(c.totalMinutes), true),
        col("change", "Source", (c) => <SourceLink url={c.url} />),
      ];
    case "incident":
      return [
        col("incident", "Opened", (i) => formatDateTime(i.createdAt)),
        col("incident", "Service", (i) => i.service),
        col("incident", "Title", (i) => i.title),
        col("incident", "Urgency", (i) => i.urgency),
        col("incident", "Acknowledged", (i) => formatDateTime(i.acknowledgedAt)),
        col("incident", "Resolved", (i) => (i.resolvedAt === null ? "unresolved" : formatDateTime(i.resolvedAt))),
        col("incident", "Caused by deployment", (i) => i.deploymentId ?? "—"),
        col("incident", "Source", (i) => <SourceLink url={i.url} />),
      ];
    case "alert":
      return [
        col("alert", "Created", (a) => formatDateTime(a.createdAt)),
        col("alert", "Service", (a) => a.service),
        col("alert", "Key", (a) => <code>{a.key}</code>),
        col("alert", "Acknowledged", (a) => formatDateTime(a.acknowledgedAt)),
        col("alert", "Resolved by", (a) => (a.resolvedBy === null ? "—" : a.resolvedBy)),
        col("alert", "Noise", (a) => (a.noise ? formatLabel(a.noiseReason ?? "noise") : "actionable")),
        col("alert", "Source", (a) => <SourceLink url={a.url} />),
      ];
    case "page":
      return [
        // In the person's own zone, named: the band ("sleep") is true there, not in the reader's zone.
        col("page", "At (person's time)", (p) => formatDateTimeIn(p.at, p.timezone)),
        col("page", "Person", (p) => <PersonLink person={p.person} name={p.personName} range={range} />),
        col("page", "Channel", (p) => p.channel),
        col("page", "Interruption", (p) => (p.interruption ? `yes${p.merged > 0 ? ` (+${p.merged} folded in)` : ""}` : "no")),
        col("page", "Band", (p) => (p.band === null ? "—" : formatLabel(p.band))),
        col("page", "Incident", (p) => p.incidentId),
        col("page", "Source", (p) => <SourceLink url={p.url} />),
      ];
    case "ci_run":
      return [
        col("ci_run", "Started", (r) => formatDateTime(r.startedAt)),
        col("ci_run", "Repository", (r) => r.repo),
        col("ci_run", "Workflow", (r) => r.workflow),
        col("ci_run", "Branch", (r) => r.branch),
        col("ci_run", "Status", (r) => `${r.status}${r.flaky ? " (flaky)" : ""}`),
        col("ci_run", "Attempt", (r) => formatCount(r.attempt), true),
        col("ci_run", "Duration", (r) => formatMinutes(r.durationMinutes), true),
        col("ci_run", "Queue", (r) => formatMinutes(r.queueMinutes), true),
        col("ci_run", "Source", (r) => <SourceLink url={r.url} />),
      ];
    case "ledger":
      return [
        col("ledger", "At", (l) => formatDateTime(l.at)),
        col("ledger", "Person", (l) => <PersonLink person={l.person} name={l.personName} range={range} />),
        // The category's name as the ops chart's legend spells it.
        col("ledger", "Category", (l) => CATEGORY_NAMES[l.category]),
        col("ledger", "Time spent", (l) => `${formatMinutes(l.minutes)}${l.estimated ? " (estimated)" : ""}`, true),
        col("ledger", "Record", (l) => `${recordKindLabel(l.recordKind)} ${l.recordId}`),
      ];
  }
}

/**
 * The filters a kind of record takes, as a search form: submitting it puts them in the URL (so a
 * filtered list can be shared) and goes back to the first page.
 */
function RecordFiltersForm({ specs, filters, onApply, clearTo }: { specs: readonly FilterSpec[]; filters: RecordFilters; onApply: (values: Record<string, string>) => void; clearTo: string }) {
  const active = Object.keys(filters).length > 0;
  return (
    <form
      role="search"
      aria-label="Filter records"
      className="records-filters"
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        onApply(Object.fromEntries(specs.map((spec) => [spec.name, String(data.get(spec.name) ?? "").trim()])));
      }}
    >
      {specs.map((spec) => {
        const id = `filter-${spec.name}`;
        const current = filters[spec.name] ?? "";
        return (
          <label key={`${spec.name}:${current}`} htmlFor={id}>
            {spec.label}{" "}
            {spec.options === undefined ? (
              <input id={id} name={spec.name} type="text" defaultValue={current} />
            ) : (
              <select id={id} name={spec.name} defaultValue={current}>
                <option value="">any</option>
                {spec.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            )}
          </label>
        );
      })}
      <button type="submit">Filter</button>
      {active ? <Link to={clearTo}>Clear filters</Link> : null}
    </form>
  );
}

export default function Records() {
  const { team = "", metric } = useParams();
  const [params] = useSearchParams();
  const now = Date.now();
  const range = readRange(params, now);
  const page = readPage(params);
  const known = isRecordMetric(metric);
  const filters = known ? readFilters(metric, params) : {};
  const records = useRecords(team, known ? metric : null, range, page, PAGE_SIZE, filters);
  const teamName = useTeamName(team);
  const navigate = useNavigate();
  const teamLink = `/teams/${encodeURIComponent(team)}${rangeQuery(range)}`;
  if (!known) {
    return (
      <Page title="Unknown records">
        <p role="alert">
          There are no records called “{metric}”. <Link to={teamLink}>Back to the team</Link>.
        </p>
      </Page>
    );
  }
  const title = `${RECORD_LABELS[metric]} — ${teamName}`;
  const listLink = (extra: Record<string, string | number | undefined>) => `/teams/${encodeURIComponent(team)}/records/${metric}${rangeQuery(range, extra)}`;
  const pageLink = (n: number) => listLink({ ...filters, page: n });
  const applyFilters = (values: Record<string, string>) =>
    navigate(listLink(Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ""))));
  return (
    <Page title={title} actions={<RangePicker range={range} now={now} />}>
      <p>
        <Link to={teamLink}>← Back to the {teamName} dashboard</Link>
        {" · "}
        <span className="small muted">
          Other records:{" "}
          {Object.entries(RECORD_LABELS)
            .filter(([key]) => key !== metric)
            .map(([key, label], i) => (
              <span key={key}>
                {i > 0 ? " · " : null}
                <Link to={`/teams/${encodeURIComponent(team)}/records/${key}${rangeQuery(range)}`}>{label}</Link>
              </span>
            ))}
        </span>
      </p>
      <RecordFiltersForm specs={RECORD_FILTERS[metric]} filters={filters} onApply={applyFilters} clearTo={listLink({})} />
      <Load value={records} label="records">
        {(r) => {
          const summary = pageSummary(r.page, r.pageSize, r.total);
          if (summary === null || r.items.length === 0)
            return <Empty>No {RECORD_LABELS[metric].toLowerCase()} in this range{Object.keys(filters).length > 0 ? " with these filters" : ""}.</Empty>;
          const columns = columnsFor(r.items[0], range);
          return (
            <>
              <p className="records-count">
                Showing {formatCount(summary.first)}–{formatCount(summary.last)} of {formatCount(r.total)}, newest first.
              </p>
              <div className="table-scroll">
                <table className="data-table records-table">
                  <caption className="visually-hidden">{title}</caption>
                  <thead>
                    <tr>
                      {columns.map((c) => (
                        <th key={c.label} scope="col" className={c.num === true ? "num" : undefined}>
                          {c.label}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {r.items.map((item) => (
                      <tr key={item.id}>
                        {columns.map((c) => (
                          <td key={c.label} className={c.num === true ? "num" : undefined}>
                            {c.cell(item)}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <nav className="pager" aria-label="Pages">
                {r.page > 1 ? <Link to={pageLink(r.page - 1)}>← Newer</Link> : <span className="muted">← Newer</span>}
                <span>
                  Page {formatCount(r.page)} of {formatCount(summary.pages)}
                </span>
                {r.page < summary.pages ? <Link to={pageLink(r.page + 1)}>Older →</Link> : <span className="muted">Older →</span>}
              </nav>
            </>
          );
        }}
      </Load>
    </Page>
  );
}
