import { Link, useSearchParams } from "react-router";
import { useTeams } from "../api/hooks.ts";
import { Empty, Load } from "../components/State.tsx";
import { Page } from "../components/Page.tsx";
import { RangePicker } from "../components/RangePicker.tsx";
import { formatCount } from "../format.ts";
import { rangeQuery, readRange } from "../url.ts";

export default function OrgOverview() {
  const [params] = useSearchParams();
  const now = Date.now();
  const range = readRange(params, now);
  const teams = useTeams();
  return (
    <Page title="Organisation overview" actions={<RangePicker range={range} now={now} />}>
      <Load value={teams} label="teams">
        {({ teams: list }) =>
          list.length === 0 ? (
            <Empty>No teams yet. Load the demo organisation with `opsledger demo`, or configure teams in opsledger.config.yaml.</Empty>
          ) : (
            <table className="data-table">
              <caption>Teams</caption>
              <thead>
                <tr>
                  <th scope="col">Team</th>
                  <th scope="col">Members</th>
                  <th scope="col">Repositories</th>
                  <th scope="col">Services</th>
                </tr>
              </thead>
              <tbody>
                {list.map((team) => (
                  <tr key={team.id}>
                    <th scope="row">
                      <Link to={`/teams/${encodeURIComponent(team.id)}${rangeQuery(range)}`}>{team.name}</Link>
                    </th>
                    <td className="num">{formatCount(team.members.length)}</td>
                    <td className="num">{formatCount(team.repos.length)}</td>
                    <td className="num">{formatCount(team.services.length)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Load>
    </Page>
  );
}
