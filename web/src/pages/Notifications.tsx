import { Link, useSearchParams } from "react-router";
import { useNotificationHistory, useNotificationRules, type NotificationHistoryResponse, type NotificationRulesResponse } from "../api/hooks.ts";
import { STATUS_COLOURS } from "../charts/palette.ts";
import { Page } from "../components/Page.tsx";
import { Empty, Load } from "../components/State.tsx";
import { formatDateTime } from "../format.ts";
import { readPage } from "../url.ts";

type Rule = NotificationRulesResponse["rules"][number];
type Delivery = NotificationHistoryResponse["items"][number]["deliveries"][number];

const PAGE_SIZE = 25;

/** A rule's state or a delivery's status, in the signal colours: firing/failed red, pending/sending amber, ok/delivered green. */
const BADGES: Record<string, { label: string; colour: string }> = {
  firing: { label: "Firing", colour: STATUS_COLOURS.firing },
  pending: { label: "Pending", colour: STATUS_COLOURS.warning },
  ok: { label: "OK", colour: STATUS_COLOURS.ok },
  delivered: { label: "Delivered", colour: STATUS_COLOURS.ok },
  failed: { label: "Failed", colour: STATUS_COLOURS.firing },
  sending: { label: "Sending", colour: STATUS_COLOURS.warning },
};

function StateBadge({ state }: { state: string }) {
  const badge = BADGES[state] ?? { label: state, colour: STATUS_COLOURS.unknown };
  return (
    <span className="badge" style={{ background: badge.colour }}>
      {badge.label}
    </span>
  );
}

/** "team:payments/person:ana" → "payments · ana"; "org" → "organization". */
const scopeText = (scope: string | null): string =>
  scope === null ? "—" : scope === "org" ? "organization" : scope.split("/").map((part) => part.replace(/^(team|person):/, "")).join(" · ");

function RuleSection({ rule }: { rule: Rule }) {
  const settings = [
    `scope: ${rule.scope}`,
    rule.for > 1 ? `for ${rule.for} evaluations in a row` : null,
    rule.minCount > 0 ? `at least ${rule.minCount} records` : null,
    rule.remindEveryHours === null ? null : `reminder every ${rule.remindEveryHours} h`,
    rule.channels.length > 0 ? `channels: ${rule.channels.join(", ")}` : "no channel: recorded here only",
  ].filter((s) => s !== null);
  return (
    <section className="rule" aria-labelledby={`rule-${rule.id}`}>
      <h3 id={`rule-${rule.id}`}>
        {rule.id} <span className="muted small">— {rule.condition}</span>
      </h3>
      {rule.description === null ? null : <p>{rule.description}</p>}
      <p className="small muted">{settings.join("; ")}</p>
      {rule.states.length === 0 ? (
        <Empty>Not evaluated yet.</Empty>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">State of {rule.id} per scope</caption>
            <thead>
              <tr>
                <th scope="col">Scope</th>
                <th scope="col">State</th>
                <th scope="col" className="num">
                  Value
                </th>
                <th scope="col">Since</th>
                <th scope="col">Last evaluated</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {rule.states.map((s) => (
                <tr key={s.scope}>
                  <td>{scopeText(s.scope)}</td>
                  <td>
                    <StateBadge state={s.state} />
                    {s.state === "pending" ? <span className="small muted"> {s.streak} in a row</span> : null}
                  </td>
                  <td className="num">{s.valueText}</td>
                  <td>{formatDateTime(s.since)}</td>
                  <td>{formatDateTime(s.lastEvaluatedAt)}</td>
                  <td className="small">{s.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function DeliveryList({ deliveries }: { deliveries: Delivery[] }) {
  if (deliveries.length === 0) return <span className="muted">no channel</span>;
  return (
    <ul className="plain-list">
      {deliveries.map((d) => (
        <li key={d.channel}>
          {d.channel}: <StateBadge state={d.status} />{" "}
          <span className="small muted">
            {d.attempts} {d.attempts === 1 ? "attempt" : "attempts"}
            {d.error === null ? "" : ` — ${d.error}`}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Threshold notifications: the rules with each one's state per scope, the last evaluation, and what was sent. */
export default function Notifications() {
  const [params] = useSearchParams();
  const page = readPage(params);
  const rules = useNotificationRules();
  const history = useNotificationHistory(page, PAGE_SIZE);
  return (
    <Page title="Notifications">
      <Load value={rules} label="notification rules">
        {(data) => (
          <>
            <p className="lead" aria-label="Last evaluation">
              {data.lastEvaluation === null
                ? "No evaluation has run yet: the scheduler runs one on schedule.evaluate, or run `opsledger notify evaluate`."
                : `Last evaluation ${formatDateTime(data.lastEvaluation.startedAt)} (${data.lastEvaluation.trigger}): ${data.lastEvaluation.scopes} rule scopes, ${data.lastEvaluation.fired} fired, ${data.lastEvaluation.resolved} resolved.`}
              {data.lastEvaluation?.error ? <span className="state-error"> {data.lastEvaluation.error}</span> : null}
            </p>
            <section aria-labelledby="channels-heading">
              <h2 id="channels-heading">Channels</h2>
              {data.channels.length === 0 ? (
                <Empty>No channel is configured: notifications are recorded here only (notifications.channels in opsledger.config.yaml).</Empty>
              ) : (
                <ul className="plain-list">
                  {data.channels.map((c) => (
                    <li key={c.name}>
                      <strong>{c.name}</strong> ({c.type}) {c.ready ? <StateBadge state="ok" /> : <span className="small">not set up: {c.setUp}</span>}
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section aria-labelledby="rules-heading">
              <h2 id="rules-heading">Rules</h2>
              {data.rules.map((rule) => (
                <RuleSection key={rule.id} rule={rule} />
              ))}
            </section>
          </>
        )}
      </Load>
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">Sent</h2>
        <Load value={history} label="notification history">
          {(data) =>
            data.items.length === 0 ? (
              <Empty>Nothing has been sent yet.</Empty>
            ) : (
              <>
                <div className="table-scroll">
                  <table className="data-table notification-history">
                    <caption className="visually-hidden">Notifications sent, newest first</caption>
                    <thead>
                      <tr>
                        <th scope="col">When</th>
                        <th scope="col">Notification</th>
                        <th scope="col">Scope</th>
                        <th scope="col">Delivery</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.items.map((n) => (
                        <tr key={n.id}>
                          <td>{formatDateTime(n.createdAt)}</td>
                          <td>
                            {n.title}
                            <div className="small muted">{n.summary}</div>
                          </td>
                          <td>{scopeText(n.scope)}</td>
                          <td>
                            <DeliveryList deliveries={n.deliveries} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <nav className="pager" aria-label="History pages">
                  {page > 1 ? <Link to={`?page=${page - 1}`}>Newer</Link> : null}{" "}
                  <span className="small muted">
                    page {page} of {Math.max(1, Math.ceil(data.total / PAGE_SIZE))} ({data.total} notifications)
                  </span>{" "}
                  {page * PAGE_SIZE < data.total ? <Link to={`?page=${page + 1}`}>Older</Link> : null}
                </nav>
              </>
            )
          }
        </Load>
      </section>
    </Page>
  );
}
