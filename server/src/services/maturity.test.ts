/**
 * The scorecard's evidence is counted in SQL (db/src/queries/getTeamMaturityEvidence.ts) so a big
 * team's 90 days are never read into the request; the metric module's `deployEvidenceOf`,
 * `reviewsOf` and `incidentCountsOf` say what the counts are. This holds the two equal on both
 * databases, over a seeded history made to hit the awkward cases: redeploys of an earlier sha and
 * retries of the running one, staging runs before the window, deployments at the same instant
 * from two sources, unnamed pipelines, changes merged at the same instant (numbers 9 and 10
 * order as text), bots, and windows whose edges cut through all of it — written out of order in
 * batches, so the flags the deriver keeps per deployment are checked as they are maintained.
 */
import { describe, expect, test } from "vitest";
import { getTeamMaturityEvidence, writeRecords, type NormalizedRecord } from "@opsledger/db";
import { DIALECTS, createTestDatabase } from "@opsledger/db/testing";
import { configSchema } from "../config/schema.ts";
import { derivationFingerprint, deployEvidenceOf, incidentCountsOf, reviewsOf, scorecard, settingsFromConfig, type MaturityDeploy } from "../metrics/index.ts";
import { drainQueue, ensureDerived } from "../derive/drain.ts";
import { random } from "../derive/history.testing.ts";

const config = configSchema.parse({});
const settings = settingsFromConfig(config);
const options = { settings, fingerprint: derivationFingerprint(config) };
const staging = new RegExp(config.maturity.staging, "i");
const H = 3_600_000;
const START = Date.UTC(2026, 3, 6);
const team = { id: "core", repos: ["acme/api", "acme/web", "acme/etl"], services: ["api", "web"] };

function records(seed: number): NormalizedRecord[] {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  // Coarse instants (whole 6 hours) so ties are common.
  const at = () => START + Math.floor(rnd() * 60) * 6 * H;
  const out: NormalizedRecord[] = [];
  for (let i = 0; i < 240; i++) {
    const finishedAt = at();
    out.push({
      kind: "deployment",
      source: pick(["github", "gitlab"]),
      id: `d${i}`,
      repo: pick(team.repos),
      environment: pick(["production", "production", "Production ", "staging", " Staging", "stage", "qa"]),
      status: rnd() < 0.9 ? "success" : "failure",
      startedAt: finishedAt - 600_000,
      finishedAt,
      // A small pool of shas: redeploys, retries and staged-first all happen.
      sha: rnd() < 0.05 ? "" : `s${Math.floor(rnd() * 12)}`,
      commits: rnd() < 0.2 ? null : [],
      rollback: rnd() < 0.08,
      url: rnd() < 0.8 ? `https://example.test/deploy/${i}` : null,
      creator: pick(["github-actions[bot]", "jenkins", "ana", null]),
      trigger: pick(["manual", "automatic", "automatic", "automatic", null] as const),
    });
  }
  for (let i = 0; i < 120; i++) {
    const mergedAt = at();
    out.push({
      kind: "change",
      source: "github",
      id: `c${i}`,
      repo: pick(team.repos),
      number: i % 13,
      author: pick(["ana", "ben", "renovate[bot]"]),
      bot: rnd() < 0.15,
      draft: false,
      createdAt: mergedAt - 5 * H,
      firstCommitAt: null,
      firstReviewAt: rnd() < 0.7 ? mergedAt - H : null,
      mergedAt,
      mergeSha: `m${i}`,
      commits: [],
      labels: [],
      title: `change ${i}`,
      additions: null,
      deletions: null,
      url: `https://example.test/pull/${i}`,
      files: null,
      changedFiles: null,
    });
  }
  for (let i = 0; i < 40; i++) {
    const createdAt = at();
    out.push({
      kind: "incident",
      source: "pagerduty",
      id: `i${i}`,
      service: pick(["api", "web", "etl"]),
      title: `incident ${i}`,
      urgency: "high",
      priority: null,
      createdAt,
      acknowledgedAt: null,
      resolvedAt: createdAt + H,
      deploymentId: null,
      fixDeploymentId: null,
      url: null,
    });
  }
  return out;
}

describe.each(DIALECTS)("the maturity evidence counted on %s", (dialect) => {
  test.each([1, 2, 3])("seed %i: equals the metric module's counts of the records", { timeout: 120_000 }, async (seed) => {
    const t = await createTestDatabase(dialect);
    try {
      await ensureDerived(t.db, options);
      const written = records(seed);
      // Written out of order in batches, each derived before the next: a repo's flags are made
      // again when a later batch brings a deployment before, between or after the ones it has.
      const rnd = random(seed * 31);
      const order = [...written].sort(() => rnd() - 0.5);
      for (let i = 0; i < order.length; i += 60) {
        await writeRecords(t.db, order.slice(i, i + 60));
        expect((await drainQueue(t.db, options)).full).toBe(false);
      }
      const seen = { rollbacks: 0, staged: 0, skipped: 0 };
      // Windows that cut the history: a sha staged or run before `from` does not count inside it.
      for (const window of [
        { from: START + 3 * 24 * H + 6 * H, to: START + 11 * 24 * H },
        { from: START, to: START + 15 * 24 * H },
        { from: START + 8 * 24 * H, to: START + 8 * 24 * H + 12 * H },
      ]) {
        const inWindow = (ms: number) => ms >= window.from && ms < window.to;
        // The scorecard's order of deployments: finished time, then source, then id.
        const deploys: MaturityDeploy[] = written
          .flatMap((r) => (r.kind === "deployment" && r.status === "success" && team.repos.includes(r.repo) && inWindow(r.finishedAt) ? [r] : []))
          .sort((a, b) => a.finishedAt - b.finishedAt || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
          .map((d) => ({
            id: d.id,
            repo: d.repo,
            environment: d.environment,
            sha: d.sha,
            at: d.finishedAt,
            production: settings.isProduction(d),
            staging: staging.test(d.environment.trim()),
            rollback: d.rollback,
            trigger: d.trigger,
            creator: d.creator,
            hasCommitList: d.commits !== null,
            url: d.url,
          }));
        const changes = written.flatMap((r) => (r.kind === "change" && team.repos.includes(r.repo) && r.mergedAt !== null && inWindow(r.mergedAt) ? [{ ...r, mergedAt: r.mergedAt }] : []));
        const incidents = written.flatMap((r) => (r.kind === "incident" && team.services.includes(r.service) && inWindow(r.createdAt) ? [r] : []));
        const ev = await getTeamMaturityEvidence(t.db, team, window);
        const expected = deployEvidenceOf(deploys);
        seen.rollbacks += expected.rollbacks;
        seen.staged += expected.staged;
        seen.skipped += expected.production - expected.staged;
        expect(ev.deploys).toEqual({ ...expected, repos: team.repos.flatMap((repo) => expected.repos.find((r) => r.repo === repo) ?? []) });
        const reviews = reviewsOf(changes);
        expect(ev.reviews).toEqual(team.repos.flatMap((repo) => reviews.find((r) => r.repo === repo) ?? []));
        expect(ev.incidents).toEqual(incidentCountsOf(incidents));
        // The history's past quarters read the counts without the examples: the same counts, so the same statuses.
        const light = await getTeamMaturityEvidence(t.db, team, window, { examples: false });
        const countsOf = (e: typeof ev) => ({
          ...e.deploys,
          repos: e.deploys.repos.map((r) => ({ ...r, mechanisms: r.mechanisms.map(String).sort(), firstManual: null })),
          firstUntraced: null,
          firstSkipped: null,
          firstRollbacks: [],
        });
        expect(countsOf(light)).toEqual(countsOf(ev));
        expect(light.reviews).toEqual(ev.reviews.map((r) => ({ ...r, firstUnreviewedUrl: null })));
        const statuses = (e: typeof ev) =>
          scorecard({ team, asOf: window.to, ...e, pagingConnected: e.pagingRecords, declarations: { backupRestoreTestedAt: null, rollbackDrillAt: null, runbooks: {} } }).checks.map((c) => c.status);
        expect(statuses(light)).toEqual(statuses(ev));
      }
      // The history does hit the cases the SQL answers with window functions.
      expect(seen).toEqual({ rollbacks: expect.any(Number), staged: expect.any(Number), skipped: expect.any(Number) });
      expect(Math.min(seen.rollbacks, seen.staged, seen.skipped)).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });
});
