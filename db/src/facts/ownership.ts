/** Which teams own what: the deriver's way from a repo, service or person to the teams whose facts and rollups it shapes. */
import type { Db } from "../connection.ts";
import { inChunks } from "../queries/readHelpers.ts";

async function owners(rows: { key: string; team: string }[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  for (const r of rows) {
    const list = map.get(r.key);
    if (list) {
      if (!list.includes(r.team)) list.push(r.team);
    } else map.set(r.key, [r.team]);
  }
  return map;
}

export async function teamsOwningRepos(db: Db, repos: readonly string[]): Promise<Map<string, string[]>> {
  return owners(await inChunks(repos, (chunk) => db.selectFrom("team_repos").select(["repo as key", "team_id as team"]).where("repo", "in", chunk).execute()));
}

export async function teamsOwningServices(db: Db, services: readonly string[]): Promise<Map<string, string[]>> {
  return owners(await inChunks(services, (chunk) => db.selectFrom("team_services").select(["service as key", "team_id as team"]).where("service", "in", chunk).execute()));
}

export async function teamsOfPeople(db: Db, people: readonly string[]): Promise<Map<string, string[]>> {
  return owners(await inChunks(people, (chunk) => db.selectFrom("team_members").select(["person_id as key", "team_id as team"]).where("person_id", "in", chunk).execute()));
}

/** Every repo, service and person anything refers to (the full re-derivation's units). */
export async function allUnits(db: Db): Promise<{ repos: string[]; people: string[]; keys: string[]; teams: string[] }> {
  const [deployRepos, changeRepos, runRepos, pagePeople, ackPeople, shiftPeople, people, authors, keys, teams] = await Promise.all([
    db.selectFrom("deployments").select("repo").distinct().execute(),
    db.selectFrom("changes").select("repo").distinct().execute(),
    db.selectFrom("ci_runs").select("repo").distinct().execute(),
    db.selectFrom("pages").select("person").distinct().execute(),
    db.selectFrom("acknowledgements").select("person").distinct().execute(),
    db.selectFrom("oncall_shifts").select("person").distinct().execute(),
    db.selectFrom("people").select("id").execute(),
    db.selectFrom("fact_identities").select("person").distinct().execute(),
    db.selectFrom("alerts").select("key").distinct().execute(),
    db.selectFrom("teams").select("id").execute(),
  ]);
  const sorted = (values: string[]) => [...new Set(values)].sort();
  return {
    repos: sorted([...deployRepos, ...changeRepos, ...runRepos].map((r) => r.repo)),
    people: sorted([...pagePeople.map((r) => r.person), ...ackPeople.map((r) => r.person), ...shiftPeople.map((r) => r.person), ...people.map((r) => r.id), ...authors.map((r) => r.person)]),
    keys: sorted(keys.map((r) => r.key)),
    teams: sorted(teams.map((r) => r.id)),
  };
}
