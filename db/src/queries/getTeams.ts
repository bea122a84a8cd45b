import type { Db } from "../connection.ts";
import type { Team } from "../model.ts";

/** Every team with its members, repos, services and which services each repo deploys, ordered by name. */
export async function getTeams(db: Db): Promise<Team[]> {
  const [teams, members, repos, services, repoServices] = await Promise.all([
    db.selectFrom("teams").selectAll().orderBy("name").orderBy("id").execute(),
    db.selectFrom("team_members").selectAll().orderBy("person_id").execute(),
    db.selectFrom("team_repos").selectAll().orderBy("repo").execute(),
    db.selectFrom("team_services").selectAll().orderBy("service").execute(),
    db.selectFrom("team_repo_services").selectAll().orderBy("repo").orderBy("service").execute(),
  ]);
  const listOf = <R extends { team_id: string }>(rows: R[], value: (r: R) => string) => {
    const map = new Map<string, string[]>();
    for (const r of rows) {
      const list = map.get(r.team_id);
      if (list) list.push(value(r));
      else map.set(r.team_id, [value(r)]);
    }
    return map;
  };
  const memberMap = listOf(members, (r) => r.person_id);
  const repoMap = listOf(repos, (r) => r.repo);
  const serviceMap = listOf(services, (r) => r.service);
  const repoServiceMap = new Map<string, Record<string, string[]>>();
  for (const r of repoServices) {
    const mapping = repoServiceMap.get(r.team_id) ?? {};
    (mapping[r.repo] ??= []).push(r.service);
    repoServiceMap.set(r.team_id, mapping);
  }
  return teams.map((t) => ({
    id: t.id,
    source: t.source,
    name: t.name,
    members: memberMap.get(t.id) ?? [],
    repos: repoMap.get(t.id) ?? [],
    services: serviceMap.get(t.id) ?? [],
    repoServices: repoServiceMap.get(t.id) ?? {},
    compliance: JSON.parse(t.compliance) as string[],
  }));
}

/** One team, or undefined when no team has that id. */
export async function getTeam(db: Db, id: string): Promise<Team | undefined> {
  return (await getTeams(db)).find((t) => t.id === id);
}
