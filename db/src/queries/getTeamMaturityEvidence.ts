/**
 * What the maturity scorecard reads of one team over the 90 days before an instant. The scorecard
 * needs counts and a few examples, not the records: a big team's 90 days hold tens of thousands of
 * deployments and changes, and reading them into the request made `/maturity` the slowest team
 * endpoint and the largest part of the org summary at `--scale 50`. So SQL counts them and
 * returns the examples the evidence links to; the questions that depend on a deployment's
 * neighbours (staged first, a redeploy of an earlier sha) were answered when it was derived
 * (`fact_deploy_flags`), so a window's answer is a comparison with its start. `deployEvidenceOf`, `reviewsOf` and `incidentCountsOf` in
 * server/src/metrics/maturity.ts define the same answers over lists; a test holds the two equal.
 */
import { sql, type RawBuilder, type Selectable } from "kysely";
import type { Db } from "../connection.ts";
import type { RepoPracticesTable } from "../schema.ts";
import { byCodeUnit, dialectOf } from "../dialect.ts";
import type { EpochMs, MaturityDeclaration, RepoPractice, Team } from "../model.ts";
import { maturityDeclarationFromRow, repoPracticeFromRow } from "../rows.ts";
import { byTime, inChunks } from "./readHelpers.ts";

/** A production deployment the evidence points at. */
export interface MaturityDeployRef {
  repo: string;
  sha: string;
  at: EpochMs;
  rollback: boolean;
  url: string | null;
}

/** One repo's production deployments in the window, rollbacks aside (the deployment-path check). */
export interface MaturityRepoDeploys {
  repo: string;
  deploys: number;
  /** Started by hand. */
  manual: number;
  /** The source says how they started (manual or automatic). */
  known: number;
  /** The creators of the automatic ones, in the order each first deployed; null: unnamed. */
  mechanisms: (string | null)[];
  firstManual: { creator: string | null; at: EpochMs; url: string | null } | null;
}

/** The team's production deployments in the window, as the scorecard counts them. */
export interface MaturityDeployEvidence {
  /** Production deployments, rollbacks included. */
  production: number;
  /** Per repo with production deployments other than rollbacks, in the team's repo order. */
  repos: MaturityRepoDeploys[];
  /** Without a sha or without the list of commits they shipped. */
  untraced: number;
  firstUntraced: MaturityDeployRef | null;
  /** Shipped a sha a staging environment had deployed before, inside the window. */
  staged: number;
  firstSkipped: MaturityDeployRef | null;
  /** Rollbacks, and redeploys of a sha production ran earlier in the window that was not the one running. */
  rollbacks: number;
  /** The first three of them. */
  firstRollbacks: MaturityDeployRef[];
}

/** One repo's changes merged in the window, bots aside. */
export interface MaturityRepoReviews {
  repo: string;
  merged: number;
  unreviewed: number;
  /** The first change merged without a review. */
  firstUnreviewedUrl: string | null;
}

export interface TeamMaturityEvidence {
  /** The newest observation of each team repo at or before `to`; repos never observed are absent. */
  practices: RepoPractice[];
  deploys: MaturityDeployEvidence;
  /** Per repo with changes merged in the window. */
  reviews: MaturityRepoReviews[];
  /** Incidents on each of the team's services opened in the window (services without any absent). */
  incidents: { service: string; count: number }[];
  /** Alerts on the team's services created in [from, to). */
  alerts: number;
  /** Any incident or alert is stored for the team's services, at any time: a paging source feeds them. */
  pagingRecords: boolean;
  /** The team's declarations made before `to`, oldest first. */
  declarations: MaturityDeclaration[];
}

interface Window {
  from: EpochMs;
  to: EpochMs;
}

/**
 * Everything the maturity scorecard reads of one team over [from, to). Without `examples` the
 * counts are the same and the examples are left out (null, none; mechanisms in the order each
 * first deployed, ties in no given order): what a phase needs — every check's status follows from
 * the counts — for the history's past quarters, whose evidence nobody is shown.
 */
export async function getTeamMaturityEvidence(
  db: Db,
  team: Pick<Team, "id" | "repos" | "services">,
  window: Window,
  options: { examples: boolean } = { examples: true },
): Promise<TeamMaturityEvidence> {
  const { from, to } = window;
  const [practiceRows, deploys, reviews, incidents, alertRows, anyIncident, anyAlert, declarationRows] = await Promise.all([
    // Only each repo's newest observation before `to`: a repo is observed every day it is synced,
    // and its older observations are history. Per repo, one seek for the newest instant (max over
    // repo_practices_repo_time) and one for its rows, however many days were observed before.
    inChunks(team.repos, async (repos) => {
      const { rows } = await sql<Selectable<RepoPracticesTable>>`
        select p.* from (values ${sql.join(repos.map((repo) => sql`(${repo})`))}) as r
        join repo_practices p on p.repo = r.column1
          and p.observed_at = (select max(q.observed_at) from repo_practices q where q.repo = r.column1 and q.observed_at < ${to})`.execute(db);
      return rows;
    }),
    deployEvidence(db, team.repos, window, options.examples),
    reviewEvidence(db, team.repos, window, options.examples),
    inChunks(team.services, (services) =>
      db
        .selectFrom("incidents")
        .select((eb) => ["service", eb.fn.countAll<number>().as("n")])
        .where("service", "in", services)
        .where("created_at", ">=", from)
        .where("created_at", "<", to)
        .groupBy("service")
        .execute(),
    ),
    inChunks(team.services, (services) =>
      db
        .selectFrom("alerts")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("service", "in", services)
        .where("created_at", ">=", from)
        .where("created_at", "<", to)
        .execute(),
    ),
    inChunks(team.services, (services) => db.selectFrom("incidents").select("id").where("service", "in", services).limit(1).execute()),
    inChunks(team.services, (services) => db.selectFrom("alerts").select("id").where("service", "in", services).limit(1).execute()),
    db.selectFrom("maturity_declarations").selectAll().where("team_id", "=", team.id).where("at", "<", to).execute(),
  ]);
  const newest = new Map<string, RepoPractice>();
  for (const p of practiceRows.map(repoPracticeFromRow).sort(byTime((x) => x.observedAt, (x) => x.source, (x) => x.repo))) newest.set(p.repo, p);
  return {
    practices: team.repos.flatMap((repo) => newest.get(repo) ?? []),
    deploys,
    reviews,
    incidents: incidents.map((r) => ({ service: r.service, count: Number(r.n) })).sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0)),
    alerts: alertRows.reduce((sum, r) => sum + Number(r.n), 0),
    pagingRecords: anyIncident.length > 0 || anyAlert.length > 0,
    declarations: declarationRows.map(maturityDeclarationFromRow).sort(byTime((d) => d.at, (d) => d.source, (d) => d.practice)),
  };
}

const num = (v: unknown): number => Number(v ?? 0);
const inList = (values: readonly string[]): RawBuilder<unknown> => sql.join(values.map((v) => sql`${v}`));

/** A production deployment picked as an example, with the kind of example it is. */
interface PickedRow {
  kind: "manual" | "mechanism" | "untraced" | "skipped" | "rollback";
  source: string;
  id: string;
  repo: string;
  sha: string;
  deployed_at: number | string;
  rollback: number;
  creator: string | null;
  url: string | null;
}

async function deployEvidence(db: Db, teamRepos: readonly string[], window: Window, examples: boolean): Promise<MaturityDeployEvidence> {
  const { from, to } = window;
  const order = sql`deployed_at, ${byCodeUnit(db, "source")}, ${byCodeUnit(db, "id")}`;
  // The window's production deployments as the scorecard asks of them: one range scan of
  // fact_deploy_flags_window, which holds every column read here (made when the repo's deployments
  // were derived), instead of joining each deployment's fact to its flags.
  const inWindow = (repos: readonly string[]) => sql`
    select source, id, repo, deployed_at, rollback, untraced, creator, "trigger", staged_at, redeploy_since
    from fact_deploy_flags
    where repo in (${inList(repos)}) and deployed_at >= ${from} and deployed_at < ${to}`;
  const untraced = sql`(untraced = 1)`;
  const manual = sql`(rollback = 0 and "trigger" = 'manual')`;
  const automatic = sql`(rollback = 0 and "trigger" = 'automatic')`;
  const staged = sql`(staged_at is not null and staged_at >= ${from})`;
  const rolled = sql`(rollback = 1 or (redeploy_since is not null and redeploy_since >= ${from}))`;
  const columns = sql`source, id, repo, deployed_at, rollback, creator`;
  const [counts, picked] = await Promise.all([
    inChunks(teamRepos, async (repos) => {
      const { rows } = await sql<Record<string, unknown>>`
        select repo, count(*) as production,
          sum(case when rollback = 0 then 1 else 0 end) as deploys,
          sum(case when ${manual} then 1 else 0 end) as manual,
          sum(case when rollback = 0 and "trigger" is not null then 1 else 0 end) as known,
          sum(case when ${untraced} then 1 else 0 end) as untraced,
          sum(case when ${staged} then 1 else 0 end) as staged,
          sum(case when ${rolled} then 1 else 0 end) as rollbacks
        from (${inWindow(repos)}) w group by repo`.execute(db);
      return rows;
    }),
    inChunks(teamRepos, async (repos) => {
      if (!examples) {
        // The mechanisms alone: each automatic creator with when it first deployed.
        const { rows } = await sql<PickedRow>`
          select 'mechanism' as kind, '' as source, '' as id, repo, '' as sha, min(deployed_at) as deployed_at, 0 as rollback, creator, null as url
          from (${inWindow(repos)}) w where ${automatic} group by repo, creator`.execute(db);
        return rows;
      }
      // Each example is the first of its kind in deployment order: per repo the first manual
      // deployment and the first of each automatic mechanism; overall the first untraced, the
      // first that skipped staging and the first three rollbacks (per chunk: merged below).
      // A repo's first manual deployment and each mechanism's first are found by min(), then
      // ranked among the few rows at that instant, instead of numbering every row of the window.
      // `w` is not materialised: each use is its own range scan of the covering index, cheaper
      // than copying the window's rows into a temporary table.
      const { rows } = await sql<PickedRow>`
        with w as not materialized (${inWindow(repos)}),
        manual_first as (select repo, min(deployed_at) as at from w where ${manual} group by repo),
        mechanism_first as (select repo, creator, min(deployed_at) as at from w where ${automatic} group by repo, creator),
        picked as (
          select 'manual' as kind, ${columns} from (
            select f.*, row_number() over (partition by f.repo order by ${order}) as r
            from fact_deploy_flags f join manual_first m on f.repo = m.repo and f.deployed_at = m.at
            where ${manual}
          ) x where r = 1
          union all
          select 'mechanism' as kind, ${columns} from (
            select f.*, row_number() over (partition by f.repo, f.creator order by ${order}) as r
            from fact_deploy_flags f join mechanism_first m on f.repo = m.repo and f.deployed_at = m.at and (f.creator = m.creator or (f.creator is null and m.creator is null))
            where ${automatic}
          ) x where r = 1
          union all
          select 'untraced' as kind, ${columns} from (select * from w where ${untraced} order by ${order} limit 1) x
          union all
          select 'skipped' as kind, ${columns} from (select * from w where not ${staged} order by ${order} limit 1) x
          union all
          select 'rollback' as kind, ${columns} from (select * from w where ${rolled} order by ${order} limit 3) x
        )
        select p.kind, p.source, p.id, p.repo, f.sha, p.deployed_at, p.rollback, p.creator, d.url
        from picked p join fact_deploys f on f.source = p.source and f.id = p.id
        left join deployments d on d.source = p.source and d.id = p.id`.execute(db);
      return rows;
    }),
  ]);
  const rows = picked.map((r) => ({ ...r, at: num(r.deployed_at), rollback: num(r.rollback) === 1, url: r.url ?? null })).sort(byTime((r) => r.at, (r) => r.source, (r) => r.id));
  const ofKind = (kind: PickedRow["kind"]) => rows.filter((r) => r.kind === kind);
  const ref = (r: (typeof rows)[number] | undefined): MaturityDeployRef | null => (r === undefined ? null : { repo: r.repo, sha: r.sha, at: r.at, rollback: r.rollback, url: r.url });
  const byRepo = new Map(counts.map((c) => [String(c.repo), c]));
  const sum = (column: string): number => counts.reduce((n, c) => n + num(c[column]), 0);
  return {
    production: sum("production"),
    repos: teamRepos.flatMap((repo): MaturityRepoDeploys[] => {
      const c = byRepo.get(repo);
      if (c === undefined || num(c.deploys) === 0) return [];
      const firstManual = ofKind("manual").find((r) => r.repo === repo);
      return [
        {
          repo,
          deploys: num(c.deploys),
          manual: num(c.manual),
          known: num(c.known),
          mechanisms: ofKind("mechanism")
            .filter((r) => r.repo === repo)
            .map((r) => r.creator),
          firstManual: firstManual === undefined ? null : { creator: firstManual.creator, at: firstManual.at, url: firstManual.url },
        },
      ];
    }),
    untraced: sum("untraced"),
    firstUntraced: ref(ofKind("untraced")[0]),
    staged: sum("staged"),
    firstSkipped: ref(ofKind("skipped")[0]),
    rollbacks: sum("rollbacks"),
    firstRollbacks: ofKind("rollback")
      .slice(0, 3)
      .flatMap((r) => ref(r) ?? []),
  };
}

async function reviewEvidence(db: Db, teamRepos: readonly string[], window: Window, examples: boolean): Promise<MaturityRepoReviews[]> {
  const { from, to } = window;
  // The first unreviewed change of a repo in the order the scorecard lists changes: merged time, then number as text.
  const numberText = dialectOf(db) === "postgres" ? sql`cast(number as text) collate "C"` : sql`cast(number as text)`;
  const [counts, firsts] = await Promise.all([
    inChunks(teamRepos, (repos) =>
      db
        .selectFrom("changes")
        .select((eb) => ["repo", eb.fn.countAll<number>().as("merged"), eb.fn.sum<number>(eb.case().when("first_review_at", "is", null).then(1).else(0).end()).as("unreviewed")])
        .where("repo", "in", repos)
        .where("merged_at", ">=", from)
        .where("merged_at", "<", to)
        .where("bot", "=", 0)
        .groupBy("repo")
        .execute(),
    ),
    inChunks(teamRepos, async (repos) => {
      if (!examples) return [];
      // The partial index changes_repo_unreviewed holds exactly these rows: its condition is written out, not bound.
      const { rows } = await sql<{ repo: string; url: string | null }>`
        select repo, url from (
          select repo, url, row_number() over (partition by repo order by merged_at, ${numberText}) as r
          from changes
          where repo in (${inList(repos)}) and merged_at >= ${from} and merged_at < ${to} and bot = 0 and first_review_at is null
        ) x where r = 1`.execute(db);
      return rows;
    }),
  ]);
  const first = new Map(firsts.map((f) => [f.repo, f.url]));
  const byRepo = new Map(counts.map((c) => [c.repo, c]));
  return teamRepos.flatMap((repo) => {
    const c = byRepo.get(repo);
    return c === undefined ? [] : [{ repo, merged: num(c.merged), unreviewed: num(c.unreviewed), firstUnreviewedUrl: first.get(repo) ?? null }];
  });
}
