import type { NormalizedRecord } from "@opsledger/db";
import type { Config } from "./schema.ts";

/** Teams and people declared in the config, as records to upsert (source "config") at start-up. */
export function configRecords(config: Config): NormalizedRecord[] {
  const orgCompliance = config.organization.compliance;
  return [
    ...config.people.map(
      (p): NormalizedRecord => ({
        kind: "person",
        source: "config",
        id: p.id,
        name: p.name,
        email: p.email ?? null,
        timezone: p.timezone,
        github: p.github ?? null,
        pagerduty: p.pagerduty ?? null,
      }),
    ),
    ...config.teams.map(
      (t): NormalizedRecord => ({
        kind: "team",
        source: "config",
        id: t.id,
        name: t.name,
        members: t.members,
        repos: t.repos,
        services: t.services,
        repoServices: t.repoServices,
        compliance: [...new Set([...orgCompliance, ...t.compliance])],
      }),
    ),
  ];
}
