/**
 * The operational maturity scorecard (issue 16): which phase of the three-phase plan a team has
 * reached — 1 make production survivable, 2 make changes safe, 3 make the platform repeatable —
 * checked from evidence, not from a questionnaire. Every check says pass, fail or unknown, the
 * evidence (links, counts, dates) and how it was decided. Evidence that cannot be read (no admin
 * rights on branch protection, no PagerDuty) is `unknown`, never `fail`. Pure: rows in, verdicts out.
 */
import type { MaturityDeployEvidence, MaturityDeployRef, MaturityRepoDeploys, MaturityRepoReviews, RepoPractice } from "@opsledger/db";
import { DAY, groupBy } from "./stats.ts";

export type CheckStatus = "pass" | "fail" | "unknown";
export type Phase = 1 | 2 | 3;

export const CHECK_IDS = [
  "one-deploy-path",
  "version-control",
  "monitoring",
  "backup-restore",
  "rollback-path",
  "ci-blocks",
  "reviewed-changes",
  "no-secrets-in-repo",
  "traceable-changes",
  "runbooks",
  "infra-modules",
  "service-templates",
  "environment-parity",
  "policy-checks",
  "cost-visibility",
] as const;

/** Every check, in the plan's order: phase 1, then 2, then 3. */
export type CheckId = (typeof CHECK_IDS)[number];

/** One piece of evidence: a count, a date (ISO) or a link, with what it is. */
export interface Evidence {
  label: string;
  value: string | number;
  url: string | null;
}

export interface RepoCheck {
  repo: string;
  status: CheckStatus;
  summary: string;
}

export interface CheckResult {
  id: CheckId;
  phase: Phase;
  title: string;
  status: CheckStatus;
  /** One line: what the evidence shows. */
  summary: string;
  /** How the status was decided: the rule, in words. */
  decidedBy: string;
  evidence: Evidence[];
  /** Per repository, for the checks that read each repository on its own; empty otherwise. */
  repos: RepoCheck[];
}

/** Declarations from opsledger.config.yaml (`maturity`): what no record can show. */
export interface MaturityDeclarations {
  /** The last tested backup restore. */
  backupRestoreTestedAt: number | null;
  /** Its evidence (a report, a ticket), when declared with one. */
  backupRestoreUrl?: string | null;
  /** The last rollback drill. */
  rollbackDrillAt: number | null;
  rollbackDrillUrl?: string | null;
  /** Runbook link per service. */
  runbooks: Readonly<Record<string, string>>;
}

/** A successful deployment of one of the team's repos, any environment. */
export interface MaturityDeploy {
  id: string;
  repo: string;
  environment: string;
  sha: string;
  at: number;
  production: boolean;
  staging: boolean;
  rollback: boolean;
  /** manual | automatic | null (unknown). */
  trigger: string | null;
  creator: string | null;
  /** The source listed the commits it shipped. */
  hasCommitList: boolean;
  url: string | null;
}

export interface MaturityChange {
  repo: string;
  number: number;
  bot: boolean;
  mergedAt: number;
  firstReviewAt: number | null;
  url: string | null;
}

export interface MaturityEvidence {
  team: { id: string; repos: readonly string[]; services: readonly string[] };
  asOf: number;
  /** The newest observation of each team repo at or before `asOf`. */
  practices: readonly RepoPractice[];
  /** The team's production deployments in the window, counted (`deployEvidenceOf`). */
  deploys: MaturityDeployEvidence;
  /** Changes merged into the team's repos in the window, counted per repo (`reviewsOf`). */
  reviews: readonly MaturityRepoReviews[];
  /** Incidents on the team's services in the window, per service (`incidentCountsOf`). */
  incidents: readonly { service: string; count: number }[];
  /** Alerts on the team's services in the window. */
  alerts: number;
  /** A paging source (PagerDuty, or ingested incidents/alerts) is connected: without it monitoring is unknown. */
  pagingConnected: boolean;
  declarations: MaturityDeclarations;
}

/** Every check reads the 90 days before `asOf`, the span the plan's "in the last 90 days" names. */
export const MATURITY_SPAN = 90 * DAY;
/** A backup restore test or rollback drill older than this is stale. */
export const DECLARATION_STALE_AFTER = 90 * DAY;
/**
 * Share of production deployments whose sha went to staging first for environment parity to pass:
 * a hotfix may skip staging now and then without the platform losing its parity.
 */
export const PARITY_SHARE = 0.9;
/** How many of the services with most incidents must have a runbook. */
export const RUNBOOK_TOP_SERVICES = 3;

export const POLICY_TOOLS = ["checkov", "conftest", "opa", "tfsec", "trivy"] as const;
export const COST_TOOLS = ["infracost"] as const;

const iso = (ms: number): string => new Date(ms).toISOString();
const isoDay = (ms: number): string => iso(ms).slice(0, 10);
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

// ---------------------------------------------------------------- paths at HEAD

/** The last segment of a path, a folder's trailing slash aside (sliced, not split: every path of every repo goes through here, in each scorecard). */
const base = (path: string): string => {
  const p = path.endsWith("/") ? path.slice(0, -1) : path;
  return p.slice(p.lastIndexOf("/") + 1);
};
export const isWorkflowFile = (path: string): boolean => /^\.github\/workflows\/[^/]+\.ya?ml$/i.test(path);
/** Terraform, Pulumi or Helm: their files, or the folders they conventionally live in. */
export const isInfraPath = (path: string): boolean =>
  /\.(tf|tf\.json)$/i.test(path) || /^(Pulumi|Chart)(\.[^/]+)?\.ya?ml$/i.test(base(path)) || /(^|\/)(terraform|pulumi|helm|charts)\/$/i.test(path);
/** A tracked env file: `.env`, `.env.production`…, but not the checked-in examples. */
export const isEnvFile = (path: string): boolean => !path.endsWith("/") && /^\.env(\..+)?$/i.test(base(path)) && !/\.(example|sample|template|dist)$/i.test(base(path));
export const isRunbookPath = (path: string): boolean => /(^|\/)runbooks?\/$/i.test(path) || /runbook/i.test(base(path));
export const isModulesPath = (path: string): boolean => /(^|\/)modules\/$/i.test(path);
/** Backstage software templates and cookiecutter templates. */
export const isTemplateMarker = (path: string): boolean => /^(cookiecutter\.json|template\.ya?ml)$/i.test(base(path)) && !path.endsWith("/");

// ---------------------------------------------------------------- rollups

/** Every repo must pass: any fail fails, else any unknown is unknown; no repos is unknown. */
function allRepos(repos: RepoCheck[]): CheckStatus {
  if (repos.length === 0) return "unknown";
  if (repos.some((r) => r.status === "fail")) return "fail";
  if (repos.some((r) => r.status === "unknown")) return "unknown";
  return "pass";
}

/** One repo is enough (a shared module repo, one template): any pass passes, else any unknown is unknown. */
function anyRepo(repos: RepoCheck[]): CheckStatus {
  if (repos.some((r) => r.status === "pass")) return "pass";
  if (repos.length === 0 || repos.some((r) => r.status === "unknown")) return "unknown";
  return "fail";
}

/**
 * Items grouped by repo, in their order. The checks go repo by repo over a big team's 90 days
 * (hundreds of repos, tens of thousands of deployments and changes): a filter per repo made the
 * scorecard quadratic, the slowest part of the org summary at `--scale 50`.
 */
const byRepo = <T extends { repo: string }>(items: readonly T[]): Map<string, T[]> => groupBy(items, (item) => item.repo);

const practiceIndex = new WeakMap<readonly RepoPractice[], Map<string, RepoPractice>>();

/** The repo's practices record (the first, as `find` would), from an index made once per evidence. */
function practiceOf(ev: MaturityEvidence, repo: string): RepoPractice | undefined {
  let index = practiceIndex.get(ev.practices);
  if (index === undefined) {
    index = new Map();
    for (const p of ev.practices) if (!index.has(p.repo)) index.set(p.repo, p);
    practiceIndex.set(ev.practices, index);
  }
  return index.get(repo);
}

// ---------------------------------------------------------------- evidence counted

/**
 * The team's successful deployments of the window (staging ones too), counted as the checks read
 * them. This is the definition; the database counts the same in SQL
 * (db/src/queries/getTeamMaturityEvidence.ts) and a test holds the two equal.
 */
export function deployEvidenceOf(deploys: readonly MaturityDeploy[]): MaturityDeployEvidence {
  const prod = deploys.filter((d) => d.production).sort((a, b) => a.at - b.at);
  const ref = (d: MaturityDeploy): MaturityDeployRef => ({ repo: d.repo, sha: d.sha, at: d.at, rollback: d.rollback, url: d.url });
  // Environment parity: the first time each repo's sha reached a staging environment.
  const firstStaged = new Map<string, number>();
  for (const s of deploys) {
    if (!s.staging) continue;
    const key = `${s.repo}\u0000${s.sha}`;
    const at = firstStaged.get(key);
    if (at === undefined || s.at < at) firstStaged.set(key, s.at);
  }
  const wasStaged = (d: MaturityDeploy): boolean => (firstStaged.get(`${d.repo}\u0000${d.sha}`) ?? Number.POSITIVE_INFINITY) <= d.at;
  // Rollbacks: an earlier sha, not the one running right before — redeploying the current sha is a retry, not a rollback.
  const rollbacks: MaturityDeploy[] = [];
  const seenByRepo = new Map<string, { shas: Set<string>; last: string }>();
  for (const d of prod) {
    const seen = seenByRepo.get(d.repo);
    if (d.rollback || (seen !== undefined && seen.shas.has(d.sha) && seen.last !== d.sha)) rollbacks.push(d);
    if (seen === undefined) seenByRepo.set(d.repo, { shas: new Set([d.sha]), last: d.sha });
    else {
      seen.shas.add(d.sha);
      seen.last = d.sha;
    }
  }
  const untraced = prod.filter(isUntraced);
  const skipped = prod.filter((d) => !wasStaged(d));
  const repos = [...byRepo(prod.filter((d) => !d.rollback)).entries()].map(([repo, mine]): MaturityRepoDeploys => {
    const firstManual = mine.find((d) => d.trigger === "manual");
    return {
      repo,
      deploys: mine.length,
      manual: mine.filter((d) => d.trigger === "manual").length,
      known: mine.filter((d) => d.trigger !== null).length,
      mechanisms: [...new Set(mine.filter((d) => d.trigger === "automatic").map((d) => d.creator))],
      firstManual: firstManual === undefined ? null : { creator: firstManual.creator, at: firstManual.at, url: firstManual.url },
    };
  });
  return {
    production: prod.length,
    repos,
    untraced: untraced.length,
    firstUntraced: untraced[0] === undefined ? null : ref(untraced[0]),
    staged: prod.length - skipped.length,
    firstSkipped: skipped[0] === undefined ? null : ref(skipped[0]),
    rollbacks: rollbacks.length,
    firstRollbacks: rollbacks.slice(0, 3).map(ref),
  };
}

/** A production deployment that does not say which commits it shipped: no sha, or no list of commits. */
export const isUntraced = (d: { sha: string; hasCommitList: boolean }): boolean => d.sha === "" || !d.hasCommitList;

/**
 * What the scorecard asks of each production deployment of one repo, answered once when the
 * repo's deployments are derived, so a window's question becomes a comparison with its start:
 * - `stagedAt`: the latest staging run of its sha at or before it. It went to staging first inside
 *   a window iff `stagedAt >= from` (`deployEvidenceOf`: a staging run inside the window, not after it);
 * - `redeploySince`: when it shipped a sha production ran before while another sha was running
 *   (the deployment before it shipped a different one), when production last ran that sha. It is
 *   a rollback by redeploy inside a window iff `redeploySince >= from`: then the earlier run, and
 *   the deployment before it, are inside the window too.
 * `line`: the repo's production deployments; `runs`: its successful runs in every environment.
 */
export function deployFlagsOf(
  line: readonly { source: string; id: string; sha: string; at: number }[],
  runs: readonly { environment: string; sha: string; at: number }[],
  isStaging: (environment: string) => boolean,
): { source: string; id: string; stagedAt: number | null; redeploySince: number | null }[] {
  const staged = new Map<string, number[]>();
  for (const r of runs) {
    if (!isStaging(r.environment)) continue;
    const list = staged.get(r.sha);
    if (list) list.push(r.at);
    else staged.set(r.sha, [r.at]);
  }
  for (const list of staged.values()) list.sort((a, b) => a - b);
  const latestStagedBy = (sha: string, at: number): number | null => {
    const list = staged.get(sha);
    if (list === undefined) return null;
    let found: number | null = null;
    for (const t of list) {
      if (t > at) break;
      found = t;
    }
    return found;
  };
  const text = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  // The scorecard's order: finished time, then source and id, as the evidence was always read.
  const ordered = [...line].sort((a, b) => a.at - b.at || text(a.source, b.source) || text(a.id, b.id));
  const lastRan = new Map<string, number>();
  let previous: string | null = null;
  return ordered.map((d) => {
    const earlier = lastRan.get(d.sha);
    const redeploySince = previous !== null && previous !== d.sha && earlier !== undefined ? earlier : null;
    lastRan.set(d.sha, d.at);
    previous = d.sha;
    return { source: d.source, id: d.id, stagedAt: latestStagedBy(d.sha, d.at), redeploySince };
  });
}

/** Changes merged in the window, bots aside, counted per repo; the first unreviewed one in merge order. */
export function reviewsOf(changes: readonly MaturityChange[]): MaturityRepoReviews[] {
  const ordered = [...changes].sort((a, b) => a.mergedAt - b.mergedAt || (String(a.number) < String(b.number) ? -1 : String(a.number) > String(b.number) ? 1 : 0));
  return [...byRepo(ordered.filter((c) => !c.bot)).entries()].map(([repo, merged]) => {
    const unreviewed = merged.filter((c) => c.firstReviewAt === null);
    return { repo, merged: merged.length, unreviewed: unreviewed.length, firstUnreviewedUrl: unreviewed[0]?.url ?? null };
  });
}

/** Incidents counted per service. */
export function incidentCountsOf(incidents: readonly { service: string }[]): { service: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const i of incidents) counts.set(i.service, (counts.get(i.service) ?? 0) + 1);
  return [...counts.entries()].map(([service, count]) => ({ service, count })).sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
}

/** A link into a GitHub repo ("owner/name"); none for a GitLab project, whose instance we do not know here. */
const repoLink = (repo: string, path = ""): string | null => (repo.startsWith("gitlab:") ? null : `https://github.com/${repo}${path}`);

const observed = (p: RepoPractice): Evidence => ({ label: `${p.repo} observed`, value: iso(p.observedAt), url: repoLink(p.repo) });

/** A check read from each repo's paths at HEAD. */
function pathCheck(ev: MaturityEvidence, judge: (paths: readonly string[], p: RepoPractice) => { ok: boolean; summary: string }): { repos: RepoCheck[]; evidence: Evidence[] } {
  const repos: RepoCheck[] = [];
  const evidence: Evidence[] = [];
  for (const repo of ev.team.repos) {
    const p = practiceOf(ev, repo);
    if (p === undefined || p.paths === null) {
      repos.push({ repo, status: "unknown", summary: p === undefined ? "never observed (no repo_practice record)" : "the tree at HEAD was not readable" });
      continue;
    }
    const verdict = judge(p.paths, p);
    repos.push({ repo, status: verdict.ok ? "pass" : "fail", summary: verdict.summary });
    evidence.push(observed(p));
  }
  return { repos, evidence };
}

/** A check read from each repo's workflow tools. */
function toolCheck(ev: MaturityEvidence, tools: readonly string[], what: string): { repos: RepoCheck[]; evidence: Evidence[] } {
  const repos: RepoCheck[] = [];
  const evidence: Evidence[] = [];
  for (const repo of ev.team.repos) {
    const p = practiceOf(ev, repo);
    if (p === undefined || p.workflowTools === null) {
      repos.push({ repo, status: "unknown", summary: p === undefined ? "never observed (no repo_practice record)" : "the workflow files were not readable" });
      continue;
    }
    const found = p.workflowTools.filter((t) => tools.includes(t.toLowerCase()));
    repos.push({ repo, status: found.length > 0 ? "pass" : "fail", summary: found.length > 0 ? `workflows run ${found.join(", ")}` : `no ${what} in the workflows` });
    evidence.push(observed(p));
  }
  return { repos, evidence };
}

/** What a check is, apart from its verdict. */
interface CheckMeta {
  id: CheckId;
  phase: Phase;
  title: string;
  decidedBy: string;
}

/**
 * A check decided repo by repo and rolled up: every repo must pass (`all`) or one is enough
 * (`any`). The team's summary is the given sentence for a pass or a fail, else the first repo's.
 */
function fromRepos(meta: CheckMeta, found: { repos: RepoCheck[]; evidence: Evidence[] }, rollup: "all" | "any", summaries: { pass?: string; fail?: string }): CheckResult {
  const status = rollup === "all" ? allRepos(found.repos) : anyRepo(found.repos);
  const given = status === "unknown" ? undefined : summaries[status];
  return { ...meta, status, summary: given ?? firstSummary(found.repos, status), evidence: found.evidence, repos: found.repos };
}

// ---------------------------------------------------------------- phase 1: survivable

const NO_PRODUCTION = "no production deployment in 90 days";

/** Production deployments come from one automated mechanism per repo, not from several or from people. */
function oneDeployPath(ev: MaturityEvidence): CheckResult {
  // Rollbacks have their own check (they are not counted here): an on-call engineer pressing "roll back" in an incident is not a second path.
  const prod = new Map(ev.deploys.repos.map((r) => [r.repo, r]));
  const repos: RepoCheck[] = [];
  const evidence: Evidence[] = [];
  for (const repo of ev.team.repos) {
    const mine = prod.get(repo);
    if (mine === undefined || mine.deploys === 0) {
      repos.push({ repo, status: "unknown", summary: NO_PRODUCTION });
      continue;
    }
    const mechanisms = [...new Set(mine.mechanisms.map((creator) => creator ?? "(unnamed pipeline)"))];
    evidence.push({ label: `${repo} production deployments`, value: mine.deploys, url: null });
    if (mine.manual > 0) {
      repos.push({ repo, status: "fail", summary: `${plural(mine.manual, "production deployment")} of ${mine.deploys} started by hand` });
      const first = mine.firstManual;
      if (first) evidence.push({ label: `${repo} manual deployment by ${first.creator ?? "someone"}`, value: iso(first.at), url: first.url });
    } else if (mechanisms.length > 1) {
      repos.push({ repo, status: "fail", summary: `production deployments come from ${mechanisms.length} mechanisms: ${mechanisms.join(", ")}` });
    } else if (mine.known === 0) {
      repos.push({ repo, status: "unknown", summary: "the source does not say how the deployments started" });
    } else {
      repos.push({ repo, status: "pass", summary: `all ${mine.deploys} from ${mechanisms[0] ?? "one pipeline"}` });
    }
  }
  // A repo that does not deploy (a library, a module repo) has no path to judge: the team is judged by those that do.
  const deploying = repos.filter((r) => r.summary !== NO_PRODUCTION);
  const status = allRepos(deploying.length > 0 ? deploying : repos);
  return {
    id: "one-deploy-path",
    phase: 1,
    title: "One deployment path",
    status,
    summary: status === "pass" ? "every repo that deploys does so through one pipeline" : firstSummary(repos, status),
    decidedBy: "Production deployments in the last 90 days (rollbacks aside), per repo that deploys: pass when all were started automatically by one mechanism (one creator); fail when any was started by hand or several mechanisms deploy; unknown when no repo deployed to production or the source does not say how they started.",
    evidence,
    repos,
  };
}

/** Workflows in every repo and infrastructure code in the team's repos. */
function versionControl(ev: MaturityEvidence): CheckResult {
  const { repos, evidence } = pathCheck(ev, (paths) => {
    const workflows = paths.filter(isWorkflowFile).length;
    const infra = paths.filter(isInfraPath);
    return {
      ok: workflows > 0,
      summary: workflows === 0 ? "no workflow in .github/workflows" : `${plural(workflows, "workflow")}${infra.length > 0 ? `, infrastructure code (${infra.slice(0, 3).join(", ")})` : ""}`,
    };
  });
  const mine = new Set(ev.team.repos);
  const infraRepos = ev.practices.filter((p) => mine.has(p.repo) && (p.paths ?? []).some(isInfraPath)).map((p) => p.repo);
  let status = allRepos(repos);
  let summary = status === "pass" ? `workflows in every repo; infrastructure code in ${infraRepos.join(", ")}` : firstSummary(repos, status);
  if (status !== "fail" && infraRepos.length === 0) {
    const anyUnread = repos.some((r) => r.status === "unknown");
    status = anyUnread ? "unknown" : "fail";
    summary = anyUnread ? firstSummary(repos, "unknown") : "no Terraform, Pulumi or Helm code in any of the team's repos";
  }
  evidence.push({ label: "repos with infrastructure code", value: infraRepos.length, url: null });
  return {
    id: "version-control",
    phase: 1,
    title: "Everything in version control",
    status,
    summary,
    decidedBy: "The tree at HEAD of each repo: pass when every repo has workflow files in .github/workflows and at least one of the team's repos holds Terraform, Pulumi or Helm code; unknown when a tree was not readable.",
    evidence,
    repos,
  };
}

const incidentTotal = (ev: MaturityEvidence): number => ev.incidents.reduce((n, i) => n + i.count, 0);

/** The team's services are paged, and alerts exist. */
function monitoring(ev: MaturityEvidence): CheckResult {
  const decidedBy = "The team's services and the alerts on them in the last 90 days: pass when the team names services and alerts exist; fail when a paging source is connected and the team has no services or no alerts; unknown without a paging source.";
  const evidence: Evidence[] = [
    { label: "services", value: ev.team.services.length, url: null },
    { label: "alerts in 90 days", value: ev.alerts, url: null },
    { label: "incidents in 90 days", value: incidentTotal(ev), url: null },
  ];
  const base = { id: "monitoring" as const, phase: 1 as const, title: "Monitoring on the critical path", decidedBy, evidence, repos: [] };
  if (!ev.pagingConnected) return { ...base, status: "unknown", summary: "no paging source (PagerDuty) connected" };
  if (ev.team.services.length === 0) return { ...base, status: "fail", summary: "the team names no services, so nothing of it is paged" };
  if (ev.alerts === 0 && incidentTotal(ev) === 0) return { ...base, status: "fail", summary: `no alert on ${ev.team.services.join(", ")} in 90 days` };
  return { ...base, status: "pass", summary: `${plural(ev.alerts, "alert")} and ${plural(incidentTotal(ev), "incident")} on ${plural(ev.team.services.length, "service")} in 90 days` };
}

/** A restore test declared within the last 90 days. */
function backupRestore(ev: MaturityEvidence): CheckResult {
  const at = ev.declarations.backupRestoreTestedAt;
  const decidedBy = "Declared in opsledger.config.yaml (maturity.teams.<team>.backupRestoreTestedAt) or sent as a maturity_declaration record: pass when the last restore test is at most 90 days old; fail when it is older or not declared.";
  const base = { id: "backup-restore" as const, phase: 1 as const, title: "A tested backup and restore", decidedBy, repos: [] };
  if (at === null) return { ...base, status: "fail", summary: "no backup restore test declared", evidence: [] };
  const evidence: Evidence[] = [{ label: "last restore test (declared)", value: isoDay(at), url: ev.declarations.backupRestoreUrl ?? null }];
  if (at > ev.asOf) return { ...base, status: "fail", summary: `the restore test is dated ${isoDay(at)}, after the scorecard's date`, evidence };
  const age = Math.floor((ev.asOf - at) / DAY);
  if (ev.asOf - at > DECLARATION_STALE_AFTER) return { ...base, status: "fail", summary: `the last restore test is ${age} days old (stale after 90)`, evidence };
  return { ...base, status: "pass", summary: `restore tested ${isoDay(at)} (${age} days ago)`, evidence };
}

/** A rollback, a redeploy of an earlier sha, or a declared drill in the last 90 days. */
function rollbackPath(ev: MaturityEvidence): CheckResult {
  const prod = ev.deploys;
  const decidedBy = "Production deployments in the last 90 days: pass when one was a rollback or redeployed a sha that production had run before (not the one it replaced), or a rollback drill is declared within 90 days; fail otherwise; unknown without production deployments and without a drill.";
  const base = { id: "rollback-path" as const, phase: 1 as const, title: "A rollback path", decidedBy, repos: [] };
  const drill = ev.declarations.rollbackDrillAt;
  const drillFresh = drill !== null && drill <= ev.asOf && ev.asOf - drill <= DECLARATION_STALE_AFTER;
  const evidence: Evidence[] = prod.firstRollbacks.map((d) => ({ label: `${d.repo} ${d.rollback ? "rollback" : "redeploy of"} ${d.sha.slice(0, 7)}`, value: iso(d.at), url: d.url }));
  if (drill !== null) evidence.push({ label: "last rollback drill (declared)", value: isoDay(drill), url: ev.declarations.rollbackDrillUrl ?? null });
  if (prod.rollbacks > 0) return { ...base, status: "pass", summary: `${plural(prod.rollbacks, "rollback")} in 90 days`, evidence };
  if (drillFresh) return { ...base, status: "pass", summary: `rollback drill declared ${isoDay(drill)}`, evidence };
  if (prod.production === 0) return { ...base, status: "unknown", summary: "no production deployment in 90 days and no drill declared", evidence };
  return { ...base, status: "fail", summary: `no rollback path in 90 days (${plural(prod.production, "production deployment")}, none a rollback)`, evidence };
}

// ---------------------------------------------------------------- phase 2: changes are safe

function ciBlocks(ev: MaturityEvidence): CheckResult {
  const repos: RepoCheck[] = [];
  const evidence: Evidence[] = [];
  for (const repo of ev.team.repos) {
    const n = practiceOf(ev, repo)?.requiredStatusChecks ?? null;
    if (n === null) repos.push({ repo, status: "unknown", summary: "branch protection not readable (the token needs admin rights)" });
    else {
      repos.push({ repo, status: n > 0 ? "pass" : "fail", summary: n > 0 ? `${plural(n, "required status check")} on the default branch` : "no required status check on the default branch" });
      evidence.push({ label: `${repo} required status checks`, value: n, url: repoLink(repo, "/settings/branches") });
    }
  }
  const meta = {
    id: "ci-blocks",
    phase: 2,
    title: "CI checks block bad changes",
    decidedBy: "Branch protection rules and rulesets on each default branch: pass when they require at least one status check; unknown when the token cannot read them.",
  } as const;
  return fromRepos(meta, { repos, evidence }, "all", { pass: "every default branch requires status checks" });
}

function reviewedChanges(ev: MaturityEvidence): CheckResult {
  const repos: RepoCheck[] = [];
  const evidence: Evidence[] = [];
  const reviews = new Map(ev.reviews.map((r) => [r.repo, r]));
  for (const repo of ev.team.repos) {
    const counted = reviews.get(repo);
    const merged = counted?.merged ?? 0;
    const unreviewed = counted?.unreviewed ?? 0;
    const required = practiceOf(ev, repo)?.requiredApprovingReviews ?? null;
    evidence.push({ label: `${repo} changes merged without review in 90 days`, value: unreviewed, url: counted?.firstUnreviewedUrl ?? null });
    // Unreviewed merges are measured from the changes themselves, so they fail even when protection cannot be read.
    if (unreviewed > 0) repos.push({ repo, status: "fail", summary: `${unreviewed} of ${plural(merged, "change")} merged without review` });
    else if (required === null) repos.push({ repo, status: "unknown", summary: "required reviews not readable (the token needs admin rights)" });
    else if (required === 0) repos.push({ repo, status: "fail", summary: "the default branch requires no approving review" });
    else repos.push({ repo, status: "pass", summary: `${plural(required, "approving review")} required; every change reviewed` });
  }
  const meta = {
    id: "reviewed-changes",
    phase: 2,
    title: "Reviewable changes",
    decidedBy: "Per repo: fail when a change (bots aside) was merged without a review in the last 90 days or the default branch requires no approving review; pass when it requires one and every change was reviewed; unknown when the requirement cannot be read.",
  } as const;
  return fromRepos(meta, { repos, evidence }, "all", { pass: "reviews are required and every change in 90 days was reviewed" });
}

function noSecrets(ev: MaturityEvidence): CheckResult {
  const found = pathCheck(ev, (paths) => {
    const env = paths.filter(isEnvFile);
    return { ok: env.length === 0, summary: env.length === 0 ? "no .env file tracked" : `${env.join(", ")} tracked at HEAD` };
  });
  const meta = {
    id: "no-secrets-in-repo",
    phase: 2,
    title: "Secrets not in the repo",
    decidedBy: "The tree at HEAD of each repo (root and infrastructure folders): fail when a .env file is tracked (.env.example and the like aside); unknown when a tree was not readable.",
  } as const;
  return fromRepos(meta, found, "all", { pass: "no .env file tracked in any repo" });
}

function traceableChanges(ev: MaturityEvidence): CheckResult {
  const { production, untraced, firstUntraced } = ev.deploys;
  const evidence: Evidence[] = [
    { label: "production deployments in 90 days", value: production, url: null },
    { label: "without the list of commits they shipped", value: untraced, url: firstUntraced?.url ?? null },
  ];
  const base = {
    id: "traceable-changes" as const,
    phase: 2 as const,
    title: "Change log traceable",
    decidedBy: "Production deployments in the last 90 days: pass when every one names its sha and the commits it shipped (so each maps to its changes); unknown without production deployments.",
    evidence,
    repos: [],
  };
  if (production === 0) return { ...base, status: "unknown", summary: "no production deployment in 90 days" };
  if (untraced > 0) return { ...base, status: "fail", summary: `${untraced} of ${plural(production, "production deployment")} do not say which commits they shipped` };
  return { ...base, status: "pass", summary: `all ${plural(production, "production deployment")} map to their commits` };
}

function runbooks(ev: MaturityEvidence): CheckResult {
  const top = ev.incidents
    .map((i): [string, number] => [i.service, i.count]).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, RUNBOOK_TOP_SERVICES);
  // A set, not includes(): a big team's hundreds of repos made this quadratic in each scorecard.
  const mine = new Set(ev.team.repos);
  const folders = ev.practices.filter((p) => mine.has(p.repo)).flatMap((p) => (p.paths ?? []).filter(isRunbookPath).map((path) => `${p.repo}/${path}`));
  const missing = top.filter(([service]) => ev.declarations.runbooks[service] === undefined);
  const evidence: Evidence[] = top.map(([service, n]) => ({ label: `${service}: ${plural(n, "incident")}`, value: ev.declarations.runbooks[service] ?? "no runbook link", url: ev.declarations.runbooks[service] ?? null }));
  for (const f of folders.slice(0, 3)) evidence.push({ label: "runbooks folder", value: f, url: null });
  const base = {
    id: "runbooks" as const,
    phase: 2 as const,
    title: "Runbooks for what breaks most",
    decidedBy: `The ${RUNBOOK_TOP_SERVICES} services with most incidents in the last 90 days: pass when each has a runbook link (maturity.runbooks in the config) or a team repo has a runbooks folder; pass without incidents; unknown without a paging source.`,
    evidence,
    repos: [],
  };
  if (!ev.pagingConnected) return { ...base, status: "unknown", summary: "no paging source (PagerDuty) connected" };
  if (top.length === 0) return { ...base, status: "pass", summary: "no incident in 90 days" };
  if (missing.length === 0) return { ...base, status: "pass", summary: `runbook links for ${top.map(([s]) => s).join(", ")}` };
  if (folders.length > 0) return { ...base, status: "pass", summary: `a runbooks folder (${folders[0] ?? ""}) for ${top.map(([s]) => s).join(", ")}` };
  return { ...base, status: "fail", summary: `no runbook for ${missing.map(([s, n]) => `${s} (${plural(n, "incident")})`).join(", ")}` };
}

// ---------------------------------------------------------------- phase 3: repeatable

function infraModules(ev: MaturityEvidence): CheckResult {
  const found = pathCheck(ev, (paths) => {
    const modules = paths.filter(isModulesPath);
    return { ok: modules.length > 0, summary: modules.length > 0 ? `modules in ${modules.join(", ")}` : "no modules folder" };
  });
  const meta = {
    id: "infra-modules",
    phase: 3,
    title: "Reusable infrastructure modules",
    decidedBy: "The tree at HEAD: pass when one of the team's repos keeps infrastructure modules (a modules/ folder); unknown when no repo passes and a tree was not readable.",
  } as const;
  return fromRepos(meta, found, "any", { fail: "no reusable infrastructure module in the team's repos" });
}

function serviceTemplates(ev: MaturityEvidence): CheckResult {
  const found = pathCheck(ev, (paths, p) => {
    const markers = paths.filter(isTemplateMarker);
    if (p.isTemplate === true) return { ok: true, summary: "a template repository" };
    return { ok: markers.length > 0, summary: markers.length > 0 ? `service template (${markers.join(", ")})` : "no service template" };
  });
  const meta = {
    id: "service-templates",
    phase: 3,
    title: "Service templates",
    decidedBy: "Pass when one of the team's repos is a GitHub template repository or holds a Backstage template.yaml or a cookiecutter.json at its root.",
  } as const;
  return fromRepos(meta, found, "any", { fail: "no service template in the team's repos" });
}

function environmentParity(ev: MaturityEvidence): CheckResult {
  const { production, staged, firstSkipped } = ev.deploys;
  const share = production === 0 ? null : staged / production;
  const evidence: Evidence[] = [
    { label: "production deployments in 90 days", value: production, url: null },
    { label: "deployed to staging first", value: staged, url: null },
  ];
  if (firstSkipped) evidence.push({ label: `${firstSkipped.repo} ${firstSkipped.sha.slice(0, 7)} went to production without staging`, value: iso(firstSkipped.at), url: firstSkipped.url });
  const base = {
    id: "environment-parity" as const,
    phase: 3 as const,
    title: "Environment parity",
    decidedBy: `Production deployments in the last 90 days: pass when at least ${PARITY_SHARE * 100}% shipped a sha a staging environment had deployed before; unknown without production deployments.`,
    evidence,
    repos: [],
  };
  if (share === null) return { ...base, status: "unknown", summary: "no production deployment in 90 days" };
  const pct = Math.round(share * 100);
  return { ...base, status: share >= PARITY_SHARE ? "pass" : "fail", summary: `${pct}% of production deployments went to staging first (${staged} of ${production})` };
}

function policyChecks(ev: MaturityEvidence): CheckResult {
  const meta = {
    id: "policy-checks",
    phase: 3,
    title: "Automated policy checks",
    decidedBy: "The workflow files at HEAD: pass when one of the team's repos runs Checkov, OPA/Conftest, tfsec or Trivy.",
  } as const;
  return fromRepos(meta, toolCheck(ev, POLICY_TOOLS, "policy tool (Checkov, OPA/Conftest, tfsec, Trivy)"), "any", { fail: "no policy tool (Checkov, OPA/Conftest, tfsec, Trivy) in any workflow" });
}

function costVisibility(ev: MaturityEvidence): CheckResult {
  const meta = { id: "cost-visibility", phase: 3, title: "Cost visibility", decidedBy: "The workflow files at HEAD: pass when one of the team's repos runs Infracost." } as const;
  return fromRepos(meta, toolCheck(ev, COST_TOOLS, "cost tool (Infracost)"), "any", { fail: "no cost tool (Infracost) in any workflow" });
}

function firstSummary(repos: RepoCheck[], status: CheckStatus): string {
  const r = repos.find((x) => x.status === status);
  return r === undefined ? "no repos" : `${r.repo}: ${r.summary}`;
}

/** Every check, in the plan's order: phase 1, then 2, then 3. */
const CHECKS: readonly ((ev: MaturityEvidence) => CheckResult)[] = [
  oneDeployPath,
  versionControl,
  monitoring,
  backupRestore,
  rollbackPath,
  ciBlocks,
  reviewedChanges,
  noSecrets,
  traceableChanges,
  runbooks,
  infraModules,
  serviceTemplates,
  environmentParity,
  policyChecks,
  costVisibility,
];



export interface Scorecard {
  team: string;
  asOf: number;
  /** The highest phase whose checks — and those of every phase before it — all pass; 0 when phase 1 does not. */
  phase: 0 | Phase;
  checks: CheckResult[];
  /** The plan's own warning: phase 3 work while phase 1 fails. */
  warnings: string[];
}

/** Run every check over one team's evidence and decide the phase reached. */
export function scorecard(ev: MaturityEvidence): Scorecard {
  const checks = CHECKS.map((check) => check(ev));
  return { team: ev.team.id, asOf: ev.asOf, phase: phaseReached(checks), checks, warnings: phaseWarnings(checks) };
}

/**
 * Phases are taken in order: a phase counts only when it and every phase before it pass in full.
 * An unknown check holds the phase back (it cannot be claimed), without being called a failure.
 */
export function phaseReached(checks: readonly Pick<CheckResult, "phase" | "status">[]): 0 | Phase {
  let reached: 0 | Phase = 0;
  for (const phase of [1, 2, 3] as const) {
    const of = checks.filter((c) => c.phase === phase);
    if (of.length === 0 || of.some((c) => c.status !== "pass")) break;
    reached = phase;
  }
  return reached;
}

export function phaseWarnings(checks: readonly Pick<CheckResult, "phase" | "status" | "title">[]): string[] {
  const failingOne = checks.filter((c) => c.phase === 1 && c.status === "fail");
  const passingThree = checks.filter((c) => c.phase === 3 && c.status === "pass");
  if (failingOne.length === 0 || passingThree.length === 0) return [];
  return [
    `Phase 3 work (${passingThree.map((c) => c.title.toLowerCase()).join(", ")}) while phase 1 fails (${failingOne.map((c) => c.title.toLowerCase()).join(", ")}): make production survivable first.`,
  ];
}

/** The team's headline figures the scorecard points at (null: no data). */
export interface MaturityFigures {
  /** 0..1 */
  changeFailureRate: number | null;
  recoveryMinutes: number | null;
  deploysPerWeek: number | null;
  leadTimeMinutes: number | null;
  timeToRestoreMinutes: number | null;
}

/** Which figure each check should move when it is fixed. */
const FIGURE_OF: Record<CheckId, keyof MaturityFigures> = {
  "one-deploy-path": "deploysPerWeek",
  "version-control": "changeFailureRate",
  monitoring: "timeToRestoreMinutes",
  "backup-restore": "timeToRestoreMinutes",
  "rollback-path": "changeFailureRate",
  "ci-blocks": "changeFailureRate",
  "reviewed-changes": "changeFailureRate",
  "no-secrets-in-repo": "changeFailureRate",
  "traceable-changes": "leadTimeMinutes",
  runbooks: "timeToRestoreMinutes",
  "infra-modules": "leadTimeMinutes",
  "service-templates": "leadTimeMinutes",
  "environment-parity": "changeFailureRate",
  "policy-checks": "changeFailureRate",
  "cost-visibility": "deploysPerWeek",
};

const FIGURE_NAMES: Record<keyof MaturityFigures, string> = {
  changeFailureRate: "change failure rate",
  recoveryMinutes: "failed deployment recovery time",
  deploysPerWeek: "deployments a week",
  leadTimeMinutes: "lead time",
  timeToRestoreMinutes: "time to restore",
};

function formatMinutes(m: number): string {
  if (m < 60) return `${Math.round(m)} min`;
  if (m < 48 * 60) return `${Math.round((m / 60) * 10) / 10} h`;
  return `${Math.round((m / 1440) * 10) / 10} days`;
}

export function figureText(key: keyof MaturityFigures, value: number | null): string {
  const name = FIGURE_NAMES[key];
  if (value === null) return `${name}: no data`;
  if (key === "changeFailureRate") return `${name} ${Math.round(value * 100)}%`;
  if (key === "deploysPerWeek") return `${Math.round(value * 10) / 10} ${name}`;
  return `${name} ${formatMinutes(value)}`;
}

export interface FundItem {
  check: CheckId;
  phase: Phase;
  title: string;
  /** The failing check's summary and the figure it should move, e.g. "no rollback path in 90 days; change failure rate 34%". */
  text: string;
  evidence: Evidence[];
  figure: { name: string; value: number | null };
}

/** How many failing checks the recommendation names per team. */
export const FUND_FIRST_LIMIT = 3;

/**
 * What to fund first: the first failing checks in phase order, each with its evidence and the
 * figure it should move. Unknown checks are not named: the recommendation is made from evidence.
 */
export function fundFirst(card: Pick<Scorecard, "checks">, figures: MaturityFigures, limit = FUND_FIRST_LIMIT): FundItem[] {
  return card.checks
    .filter((c) => c.status === "fail")
    .sort((a, b) => a.phase - b.phase)
    .slice(0, limit)
    .map((c) => {
      const key = FIGURE_OF[c.id];
      return { check: c.id, phase: c.phase, title: c.title, text: `${c.summary}; ${figureText(key, figures[key])}`, evidence: c.evidence, figure: { name: FIGURE_NAMES[key], value: figures[key] } };
    });
}

/** One line per team for the org summary and the report, e.g. "phase 1 — survivable; next: reviewable changes". */
export function phaseLine(card: Pick<Scorecard, "phase" | "checks" | "warnings">): string {
  const names = ["not yet survivable", "survivable", "changes are safe", "repeatable"] as const;
  const next = card.checks.find((c) => c.status !== "pass");
  const nextText = next === undefined ? "" : `; next: ${next.title.toLowerCase()} (${next.status})`;
  return `phase ${card.phase} — ${names[card.phase]}${nextText}${card.warnings.length > 0 ? "; phase 3 work while phase 1 fails" : ""}`;
}
