import type { RepoPractice } from "@opsledger/db";
import { describe, expect, test } from "vitest";
import {
  CHECK_IDS,
  deployEvidenceOf,
  fundFirst,
  incidentCountsOf,
  phaseLine,
  phaseReached,
  reviewsOf,
  scorecard,
  type CheckId,
  type CheckStatus,
  type MaturityChange,
  type MaturityDeploy,
  type MaturityEvidence,
} from "./maturity.ts";
import { t } from "./testRows.ts";

const AS_OF = t("2026-06-30");

const practice = (p: Partial<RepoPractice> = {}): RepoPractice => ({
  source: "test",
  repo: "acme/api",
  observedOn: "2026-06-29",
  observedAt: t("2026-06-29"),
  paths: [".github/workflows/deploy.yml", "terraform/", "modules/", "runbooks/", "template.yaml", "README.md"],
  workflowTools: ["checkov", "infracost"],
  requiredStatusChecks: 2,
  requiredApprovingReviews: 1,
  isTemplate: false,
  ...p,
});

let seq = 0;
const deploy = (p: Omit<Partial<MaturityDeploy>, "at"> & { at: string }): MaturityDeploy => {
  seq += 1;
  const { at, ...rest } = p;
  return {
    id: `d${seq}`,
    repo: "acme/api",
    environment: "production",
    sha: `sha${seq}`,
    production: true,
    staging: false,
    rollback: false,
    trigger: "automatic",
    creator: "github-actions[bot]",
    hasCommitList: true,
    url: `https://github.com/acme/api/deployments/${seq}`,
    ...rest,
    at: t(at),
  };
};

/** A production deployment with the same sha on staging a day before. */
const staged = (at: string, sha: string, p: Omit<Partial<MaturityDeploy>, "at"> = {}): MaturityDeploy[] => [
  deploy({ at: new Date(t(at) - 86_400_000).toISOString().slice(0, 16), sha, environment: "staging", production: false, staging: true }),
  deploy({ at, sha, ...p }),
];

const change = (p: Partial<MaturityChange> = {}): MaturityChange => ({ repo: "acme/api", number: 1, bot: false, mergedAt: t("2026-06-01"), firstReviewAt: t("2026-05-31"), url: "https://github.com/acme/api/pull/1", ...p });

/** A team at phase 3: every check passes. Each case below changes one thing. */
const phase3 = (): MaturityEvidence => ({
  team: { id: "platform", repos: ["acme/api"], services: ["api"] },
  asOf: AS_OF,
  practices: [practice()],
  deploys: deployEvidenceOf([...staged("2026-05-01", "aaa"), ...staged("2026-05-10", "bbb"), ...staged("2026-05-20", "aaa")]),
  reviews: reviewsOf([change()]),
  incidents: incidentCountsOf([{ service: "api" }]),
  alerts: 12,
  pagingConnected: true,
  declarations: { backupRestoreTestedAt: t("2026-05-01"), rollbackDrillAt: null, runbooks: { api: "https://wiki/runbooks/api" } },
});

type Case = { name: string; check: CheckId; status: CheckStatus; summary: RegExp; change: (ev: MaturityEvidence) => MaturityEvidence };
const withPractice = (p: Partial<RepoPractice>) => (ev: MaturityEvidence): MaturityEvidence => ({ ...ev, practices: [practice(p)] });
const withDeploys = (deploys: MaturityDeploy[]) => (ev: MaturityEvidence): MaturityEvidence => ({ ...ev, deploys: deployEvidenceOf(deploys) });
const withChanges = (changes: MaturityChange[]) => (ev: MaturityEvidence): MaturityEvidence => ({ ...ev, reviews: reviewsOf(changes) });
const same = (ev: MaturityEvidence) => ev;

const cases: Case[] = [
  // phase 1
  { name: "one automated pipeline", check: "one-deploy-path", status: "pass", summary: /through one pipeline/, change: same },
  { name: "a deployment started by hand", check: "one-deploy-path", status: "fail", summary: /1 production deployment of 1 started by hand/, change: withDeploys([deploy({ at: "2026-06-01", trigger: "manual", creator: "alice" })]) },
  {
    name: "two pipelines deploy",
    check: "one-deploy-path",
    status: "fail",
    summary: /2 mechanisms: github-actions\[bot\], jenkins/,
    change: withDeploys([deploy({ at: "2026-06-01" }), deploy({ at: "2026-06-02", creator: "jenkins" })]),
  },
  {
    name: "a rollback started by hand is not a second path",
    check: "one-deploy-path",
    status: "pass",
    summary: /every repo that deploys does so through one pipeline/,
    change: withDeploys([deploy({ at: "2026-06-01" }), deploy({ at: "2026-06-02", rollback: true, trigger: "manual", creator: "alice" })]),
  },
  { name: "no production deployment", check: "one-deploy-path", status: "unknown", summary: /no production deployment in 90 days/, change: withDeploys([deploy({ at: "2026-01-01" })].filter(() => false)) },
  {
    name: "a repo that does not deploy is left out of the team's verdict",
    check: "one-deploy-path",
    status: "pass",
    summary: /through one pipeline/,
    change: (ev) => ({ ...ev, team: { ...ev.team, repos: ["acme/api", "acme/design-system"] }, practices: [practice(), practice({ repo: "acme/design-system" })] }),
  },
  { name: "source does not say how", check: "one-deploy-path", status: "unknown", summary: /does not say/, change: withDeploys([deploy({ at: "2026-06-01", trigger: null })]) },

  { name: "workflows and terraform", check: "version-control", status: "pass", summary: /infrastructure code in acme\/api/, change: same },
  { name: "no workflows", check: "version-control", status: "fail", summary: /no workflow/, change: withPractice({ paths: ["terraform/", "README.md"] }) },
  { name: "no infrastructure code", check: "version-control", status: "fail", summary: /no Terraform, Pulumi or Helm/, change: withPractice({ paths: [".github/workflows/ci.yml"] }) },
  { name: "tree not readable", check: "version-control", status: "unknown", summary: /not readable/, change: withPractice({ paths: null }) },
  { name: "repo never observed", check: "version-control", status: "unknown", summary: /never observed/, change: (ev) => ({ ...ev, practices: [] }) },

  { name: "alerts on the team's service", check: "monitoring", status: "pass", summary: /12 alerts and 1 incident on 1 service/, change: same },
  { name: "no services named", check: "monitoring", status: "fail", summary: /names no services/, change: (ev) => ({ ...ev, team: { ...ev.team, services: [] } }) },
  { name: "no alert in 90 days", check: "monitoring", status: "fail", summary: /no alert on api/, change: (ev) => ({ ...ev, alerts: 0, incidents: [] }) },
  { name: "no PagerDuty", check: "monitoring", status: "unknown", summary: /no paging source/, change: (ev) => ({ ...ev, pagingConnected: false }) },

  { name: "restore tested 60 days ago", check: "backup-restore", status: "pass", summary: /restore tested 2026-05-01/, change: same },
  { name: "restore test stale", check: "backup-restore", status: "fail", summary: /1\d\d days old \(stale after 90\)/, change: (ev) => ({ ...ev, declarations: { ...ev.declarations, backupRestoreTestedAt: t("2026-01-15") } }) },
  { name: "no restore test declared", check: "backup-restore", status: "fail", summary: /no backup restore test declared/, change: (ev) => ({ ...ev, declarations: { ...ev.declarations, backupRestoreTestedAt: null } }) },

  { name: "redeploy of an earlier sha", check: "rollback-path", status: "pass", summary: /1 rollback in 90 days/, change: same },
  { name: "a rollback deployment", check: "rollback-path", status: "pass", summary: /1 rollback/, change: withDeploys([deploy({ at: "2026-06-01" }), deploy({ at: "2026-06-02", rollback: true })]) },
  { name: "a declared drill", check: "rollback-path", status: "pass", summary: /drill declared 2026-06-01/, change: (ev) => ({ ...withDeploys([deploy({ at: "2026-06-01" })])(ev), declarations: { ...ev.declarations, rollbackDrillAt: t("2026-06-01") } }) },
  {
    name: "redeploying the running sha is a retry",
    check: "rollback-path",
    status: "fail",
    summary: /no rollback path in 90 days \(2 production deployments/,
    change: withDeploys([deploy({ at: "2026-06-01", sha: "x" }), deploy({ at: "2026-06-02", sha: "x" })]),
  },
  { name: "no deployments, no drill", check: "rollback-path", status: "unknown", summary: /no production deployment/, change: withDeploys([]) },

  // phase 2
  { name: "required checks", check: "ci-blocks", status: "pass", summary: /requires status checks/, change: same },
  { name: "no required checks", check: "ci-blocks", status: "fail", summary: /no required status check/, change: withPractice({ requiredStatusChecks: 0 }) },
  { name: "protection not readable", check: "ci-blocks", status: "unknown", summary: /admin rights/, change: withPractice({ requiredStatusChecks: null }) },

  { name: "reviews required and given", check: "reviewed-changes", status: "pass", summary: /every change in 90 days was reviewed/, change: same },
  { name: "a change merged without review", check: "reviewed-changes", status: "fail", summary: /1 of 2 changes merged without review/, change: withChanges([change(), change({ number: 2, firstReviewAt: null })]) },
  { name: "bots' unreviewed merges do not count", check: "reviewed-changes", status: "pass", summary: /reviewed/, change: withChanges([change(), change({ number: 2, bot: true, firstReviewAt: null })]) },
  { name: "no review required", check: "reviewed-changes", status: "fail", summary: /requires no approving review/, change: withPractice({ requiredApprovingReviews: 0 }) },
  { name: "requirement not readable", check: "reviewed-changes", status: "unknown", summary: /not readable/, change: withPractice({ requiredApprovingReviews: null }) },

  { name: "only an example env file", check: "no-secrets-in-repo", status: "pass", summary: /no \.env file/, change: withPractice({ paths: [".github/workflows/ci.yml", ".env.example"] }) },
  { name: "a tracked .env", check: "no-secrets-in-repo", status: "fail", summary: /\.env\.production tracked at HEAD/, change: withPractice({ paths: [".github/workflows/ci.yml", ".env.production"] }) },
  { name: "tree not readable", check: "no-secrets-in-repo", status: "unknown", summary: /not readable/, change: withPractice({ paths: null }) },

  { name: "every deployment lists its commits", check: "traceable-changes", status: "pass", summary: /all 3 production deployments map/, change: same },
  { name: "a deployment without commits", check: "traceable-changes", status: "fail", summary: /1 of 2 production deployments do not say/, change: withDeploys([deploy({ at: "2026-06-01" }), deploy({ at: "2026-06-02", hasCommitList: false })]) },
  { name: "no production deployment", check: "traceable-changes", status: "unknown", summary: /no production deployment/, change: withDeploys([]) },

  { name: "runbook link for the noisiest service", check: "runbooks", status: "pass", summary: /runbook links for api/, change: same },
  {
    name: "a runbooks folder",
    check: "runbooks",
    status: "pass",
    summary: /runbooks folder \(acme\/api\/runbooks\/\)/,
    change: (ev) => ({ ...ev, declarations: { ...ev.declarations, runbooks: {} } }),
  },
  {
    name: "no runbook for the service with most incidents",
    check: "runbooks",
    status: "fail",
    summary: /no runbook for web \(2 incidents\)/,
    change: (ev) => ({
      ...withPractice({ paths: [".github/workflows/ci.yml"] })(ev),
      incidents: incidentCountsOf([{ service: "api" }, { service: "web" }, { service: "web" }]),
    }),
  },
  { name: "no incidents", check: "runbooks", status: "pass", summary: /no incident in 90 days/, change: (ev) => ({ ...ev, incidents: [] }) },
  { name: "no PagerDuty", check: "runbooks", status: "unknown", summary: /no paging source/, change: (ev) => ({ ...ev, pagingConnected: false }) },

  // phase 3
  { name: "a modules folder", check: "infra-modules", status: "pass", summary: /modules in modules\//, change: same },
  { name: "no modules", check: "infra-modules", status: "fail", summary: /no reusable infrastructure module/, change: withPractice({ paths: [".github/workflows/ci.yml", "terraform/"] }) },
  { name: "tree not readable", check: "infra-modules", status: "unknown", summary: /not readable/, change: withPractice({ paths: null }) },

  { name: "a Backstage template", check: "service-templates", status: "pass", summary: /template\.yaml/, change: same },
  { name: "a template repository", check: "service-templates", status: "pass", summary: /a template repository/, change: withPractice({ paths: [], isTemplate: true }) },
  { name: "no template", check: "service-templates", status: "fail", summary: /no service template/, change: withPractice({ paths: ["README.md"] }) },
  { name: "tree not readable", check: "service-templates", status: "unknown", summary: /not readable/, change: withPractice({ paths: null }) },

  { name: "every sha staged first", check: "environment-parity", status: "pass", summary: /100% .* \(3 of 3\)/, change: same },
  { name: "production without staging", check: "environment-parity", status: "fail", summary: /50% .* \(1 of 2\)/, change: withDeploys([...staged("2026-06-01", "a"), deploy({ at: "2026-06-03", sha: "b" })]) },
  { name: "staged after production does not count", check: "environment-parity", status: "fail", summary: /0%/, change: withDeploys([deploy({ at: "2026-06-01", sha: "a" }), deploy({ at: "2026-06-02", sha: "a", staging: true, production: false })]) },
  { name: "no production deployment", check: "environment-parity", status: "unknown", summary: /no production deployment/, change: withDeploys([]) },

  { name: "checkov in the workflows", check: "policy-checks", status: "pass", summary: /checkov/, change: same },
  { name: "no policy tool", check: "policy-checks", status: "fail", summary: /no policy tool/, change: withPractice({ workflowTools: ["infracost"] }) },
  { name: "workflows not readable", check: "policy-checks", status: "unknown", summary: /not readable/, change: withPractice({ workflowTools: null }) },

  { name: "infracost in the workflows", check: "cost-visibility", status: "pass", summary: /infracost/, change: same },
  { name: "no cost tool", check: "cost-visibility", status: "fail", summary: /no cost tool/, change: withPractice({ workflowTools: ["trivy"] }) },
  { name: "workflows not readable", check: "cost-visibility", status: "unknown", summary: /not readable/, change: withPractice({ workflowTools: null }) },
];

describe("every check, with passing, failing and unknown evidence", () => {
  test.each(cases)("$check: $name → $status", ({ check, status, summary, change: apply }) => {
    const card = scorecard(apply(phase3()));
    const result = card.checks.find((c) => c.id === check);
    expect(result?.status).toBe(status);
    expect(result?.summary).toMatch(summary);
    expect(result?.decidedBy.length).toBeGreaterThan(20);
  });

  test.each(CHECK_IDS)("%s has a passing, a failing and an unknown case", (id) => {
    expect(new Set(cases.filter((c) => c.check === id).map((c) => c.status))).toEqual(id === "backup-restore" ? new Set(["pass", "fail"]) : new Set(["pass", "fail", "unknown"]));
  });

  test("a declaration is readable by definition: a missing restore test fails, it is never unknown", () => {
    const card = scorecard({ ...phase3(), declarations: { backupRestoreTestedAt: null, rollbackDrillAt: null, runbooks: {} } });
    expect(card.checks.find((c) => c.id === "backup-restore")?.status).toBe("fail");
  });

  test("evidence carries links, counts and dates", () => {
    const card = scorecard(withDeploys([deploy({ at: "2026-06-01", trigger: "manual", creator: "alice" })])(phase3()));
    expect(card.checks.find((c) => c.id === "one-deploy-path")?.evidence).toEqual([
      { label: "acme/api production deployments", value: 1, url: null },
      { label: "acme/api manual deployment by alice", value: "2026-06-01T00:00:00.000Z", url: expect.stringMatching(/^https:\/\/github.com\/acme\/api\/deployments\//) },
    ]);
  });
});

describe("per repo and rolled up per team", () => {
  const twoRepos = (second: Partial<RepoPractice>): MaturityEvidence => ({
    ...phase3(),
    team: { id: "platform", repos: ["acme/api", "acme/infra"], services: ["api"] },
    practices: [practice(), practice({ repo: "acme/infra", ...second })],
  });

  test("a check every repo must pass fails on one failing repo and names it", () => {
    const ci = scorecard(twoRepos({ requiredStatusChecks: 0 })).checks.find((c) => c.id === "ci-blocks");
    expect(ci?.repos.map((r) => [r.repo, r.status])).toEqual([
      ["acme/api", "pass"],
      ["acme/infra", "fail"],
    ]);
    expect(ci?.status).toBe("fail");
    expect(ci?.summary).toBe("acme/infra: no required status check on the default branch");
  });

  test("an unreadable repo makes the team unknown, not failed", () => {
    expect(scorecard(twoRepos({ requiredStatusChecks: null })).checks.find((c) => c.id === "ci-blocks")?.status).toBe("unknown");
  });

  test("one repo with modules is enough for the team", () => {
    expect(scorecard(twoRepos({ paths: [".github/workflows/ci.yml"] })).checks.find((c) => c.id === "infra-modules")?.status).toBe("pass");
  });

  test("infrastructure code in one repo serves the team", () => {
    expect(scorecard(twoRepos({ paths: [".github/workflows/ci.yml"] })).checks.find((c) => c.id === "version-control")?.status).toBe("pass");
  });
});

describe("phase reached", () => {
  test.each([
    { name: "every check passes", apply: same, phase: 3 },
    { name: "a phase 3 check fails", apply: withPractice({ workflowTools: ["checkov"] }), phase: 2 },
    { name: "a phase 2 check fails", apply: withPractice({ requiredStatusChecks: 0 }), phase: 1 },
    { name: "a phase 2 check is unknown (it cannot be claimed)", apply: withPractice({ requiredStatusChecks: null }), phase: 1 },
    { name: "a phase 1 check fails, phases 2 and 3 pass", apply: (ev: MaturityEvidence) => ({ ...ev, declarations: { ...ev.declarations, backupRestoreTestedAt: null } }), phase: 0 },
  ])("$name → phase $phase", ({ apply, phase }) => {
    expect(scorecard(apply(phase3())).phase).toBe(phase);
  });

  test("phases are taken in order: phase 2 passing does not count while phase 1 fails", () => {
    expect(phaseReached([{ phase: 1, status: "fail" }, { phase: 2, status: "pass" }, { phase: 3, status: "fail" }])).toBe(0);
  });

  test("phase 3 work while phase 1 fails is called out", () => {
    const card = scorecard({ ...phase3(), declarations: { ...phase3().declarations, backupRestoreTestedAt: null } });
    expect(card.warnings).toEqual([expect.stringMatching(/^Phase 3 work \(reusable infrastructure modules, .*\) while phase 1 fails \(a tested backup and restore\): make production survivable first\.$/)]);
    expect(phaseLine(card)).toBe("phase 0 — not yet survivable; next: a tested backup and restore (fail); phase 3 work while phase 1 fails");
    expect(scorecard(phase3()).warnings).toEqual([]);
    expect(phaseLine(scorecard(phase3()))).toBe("phase 3 — repeatable");
  });
});

describe("what to fund first", () => {
  test("the first failing checks in phase order, with the figure each should move", () => {
    const ev = withDeploys([deploy({ at: "2026-06-01", sha: "x" }), deploy({ at: "2026-06-02", sha: "y", hasCommitList: false })])(phase3());
    const card = scorecard({ ...withPractice({ requiredStatusChecks: 0, workflowTools: [] })(ev) });
    const items = fundFirst(card, { changeFailureRate: 0.34, recoveryMinutes: null, deploysPerWeek: 1.5, leadTimeMinutes: 2880, timeToRestoreMinutes: 95 });
    expect(items.map((i) => [i.phase, i.check, i.text])).toEqual([
      [1, "rollback-path", "no rollback path in 90 days (2 production deployments, none a rollback); change failure rate 34%"],
      [2, "ci-blocks", "acme/api: no required status check on the default branch; change failure rate 34%"],
      [2, "traceable-changes", "1 of 2 production deployments do not say which commits they shipped; lead time 2 days"],
    ]);
  });

  test("a figure without data says so, never 0", () => {
    const card = scorecard({ ...phase3(), declarations: { ...phase3().declarations, backupRestoreTestedAt: null } });
    expect(fundFirst(card, { changeFailureRate: null, recoveryMinutes: null, deploysPerWeek: null, leadTimeMinutes: null, timeToRestoreMinutes: null })[0]?.text).toBe(
      "no backup restore test declared; time to restore: no data",
    );
  });

  test("unknown checks are not recommended: nothing is funded on missing evidence", () => {
    const card = scorecard(withPractice({ requiredStatusChecks: null, requiredApprovingReviews: null })(phase3()));
    expect(fundFirst(card, { changeFailureRate: 0.1, recoveryMinutes: null, deploysPerWeek: null, leadTimeMinutes: null, timeToRestoreMinutes: null })).toEqual([]);
  });
});
