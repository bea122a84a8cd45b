import { describe, expect, test } from "vitest";
import type { IngestLine } from "../ingest/schema.ts";
import { defaultConfig } from "../config/schema.ts";
import { validateLines } from "../ingest/parse.ts";
import { settingsFromConfig } from "../metrics/settings.ts";
import { demoWindow, generateDemo } from "./generate.ts";
import { ciHealth, linesOf, median, productionDeploys, team } from "./lineStats.ts";
import { DEMO_SHAPE, type DemoTeamId } from "./org.ts";
import { DAY, FIRST_MONDAY, HOUR, WEEK, localTime } from "./time.ts";

const NOW = Date.parse("2026-11-21T22:58:00Z");
const { start, end } = demoWindow(NOW);
const generate = (seed: number, now = NOW): IngestLine[] => [...generateDemo({ scale: 1, seed, now })].flat();
const chunks = [...generateDemo({ scale: 1, seed: 1, now: NOW })];
const lines = chunks.flat();

const ACTIVITY = ["deployment", "change", "ci_run", "incident", "alert", "page", "acknowledgement"] as const;
const countOf = (ls: readonly IngestLine[], kind: IngestLine["kind"]): number => ls.filter((l) => l.kind === kind).length;
const at = (s: string): number => Date.parse(s);
const lastWeeks = (n: number): [number, number] => [end - n * WEEK, end];
/** The attempt of a CI run line (the ingest format defaults it to 1). */
const attempt = (r: { attempt?: number | undefined }): number => r.attempt ?? 1;

describe("determinism", () => {
  test("the same seed and day give byte-identical lines, even at another hour of that day", () => {
    const again = generate(1, Date.parse("2026-11-21T00:00:01Z"));
    expect(JSON.stringify(again)).toBe(JSON.stringify(lines));
  });

  test("another seed gives another organisation of the same shape", () => {
    const chunks = generateDemo({ scale: 1, seed: 2, now: NOW });
    const other = [chunks.next().value ?? [], chunks.next().value ?? []].flat();
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(lines.slice(0, other.length)));
    expect(linesOf(other, "team").map((t) => t.id)).toEqual(linesOf(lines, "team").map((t) => t.id));
  });

  test("nothing happens after the UTC day of now begins, and history covers 52 weeks", () => {
    const instants = lines.flatMap((l) => Object.entries(l).filter(([k, v]) => typeof v === "string" && /_at$|^at$/.test(k)).map(([, v]) => at(String(v))));
    expect(instants.reduce((a, b) => Math.max(a, b))).toBeLessThan(end);
    const firstDeploy = linesOf(lines, "deployment").reduce((a, d) => Math.min(a, at(d.finished_at)), Infinity);
    expect(firstDeploy).toBeGreaterThanOrEqual(start);
    expect(firstDeploy).toBeLessThan(start + WEEK);
  });
});

describe("the ingest format", () => {
  test("every line passes the same validation as an uploaded batch", () => {
    const result = validateLines(lines.map((value, i) => ({ line: i + 1, value })));
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  test("chunks stay a few thousand lines", () => {
    const sizes = chunks.map((c) => c.length);
    expect(Math.max(...sizes)).toBeLessThan(6000);
    expect(sizes.length).toBeGreaterThan(5);
  });

  test("references point at records that exist", () => {
    const deployments = new Set(linesOf(lines, "deployment").map((d) => d.id));
    const incidents = new Set(linesOf(lines, "incident").map((i) => i.id));
    const people = new Set(linesOf(lines, "person").map((p) => p.id));
    const missing: string[] = [];
    for (const i of linesOf(lines, "incident")) {
      for (const ref of [i.deployment_id, i.fix_deployment_id]) if (ref && !deployments.has(ref)) missing.push(`${i.id} → ${ref}`);
    }
    for (const l of [...linesOf(lines, "page"), ...linesOf(lines, "acknowledgement")]) {
      if (!incidents.has(l.incident_id)) missing.push(`${l.kind} → ${l.incident_id}`);
      if (!people.has(l.person)) missing.push(`${l.kind} → ${l.person}`);
    }
    for (const t of linesOf(lines, "team")) for (const m of t.members ?? []) if (!people.has(m)) missing.push(`${t.id} → ${m}`);
    expect(missing).toEqual([]);
  });
});

describe("volume", () => {
  test.each([
    ["team", 6, 6],
    ["person", 36, 44],
    ["deployment", 2500, 6000],
    ["change", 4000, 9000],
    // Storefront's pull requests run CI on every push, and its flaky suite is re-run until it passes.
    ["ci_run", 20000, 36000],
    ["incident", 2000, 8000],
    ["alert", 4000, 11000],
    ["page", 4000, 11000],
    ["acknowledgement", 1500, 5000],
    ["oncall_shift", 500, 700],
  ] as const)("scale 1 has a realistic number of %s lines", (kind, min, max) => {
    const n = countOf(lines, kind);
    expect(n).toBeGreaterThanOrEqual(min);
    expect(n).toBeLessThanOrEqual(max);
  });

  test("scale 1 is 45–80k lines; scale 2 doubles the activity and keeps six teams", () => {
    expect(lines.length).toBeGreaterThan(45_000);
    expect(lines.length).toBeLessThan(80_000);
    // Twelve weeks are enough to compare the two scales.
    const single = [...generateDemo({ scale: 1, seed: 1, now: NOW, weeks: 12 })].flat();
    const doubled = [...generateDemo({ scale: 2, seed: 1, now: NOW, weeks: 12 })].flat();
    expect(countOf(doubled, "team")).toBe(6);
    for (const kind of ACTIVITY) {
      const ratio = countOf(doubled, kind) / countOf(single, kind);
      expect({ kind, near2: ratio > 1.8 && ratio < 2.2 }).toEqual({ kind, near2: true });
    }
  });
});

describe("the organisation", () => {
  test("six teams, about 40 people in several time zones (DST ones included), about 20 repos and 10 services", () => {
    const teams = linesOf(lines, "team");
    expect(teams.map((t) => t.id)).toEqual(["platform", "payments", "storefront", "growth", "search", "infra"]);
    const zones = new Set(linesOf(lines, "person").map((p) => p.timezone));
    expect(zones.size).toBeGreaterThanOrEqual(3);
    for (const z of ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "America/Los_Angeles"]) expect(zones).toContain(z);
    const repos = teams.flatMap((t) => t.repos ?? []);
    expect(repos.length).toBeGreaterThanOrEqual(18);
    expect(repos.length).toBeLessThanOrEqual(22);
    expect(repos.every((r) => r.startsWith("acme/"))).toBe(true);
    const services = teams.flatMap((t) => t.services ?? []);
    expect(services.length).toBeGreaterThanOrEqual(8);
    expect(services.length).toBeLessThanOrEqual(14);
  });

  test.each([
    ["platform", 5],
    ["payments", 6],
    ["storefront", 9],
    ["growth", 3],
    ["search", 6],
    ["infra", 7],
  ])("%s has %i members", (id, n) => {
    expect(team(lines, id).members).toHaveLength(n);
  });

  test("every repo that deploys to production says which of its team's services it runs", () => {
    const deploying = new Set(linesOf(lines, "deployment").filter((d) => d.environment === "production").map((d) => d.repo));
    for (const t of linesOf(lines, "team")) {
      const mapping = t.repo_services ?? {};
      expect({ team: t.id, mapped: Object.keys(mapping).sort() }).toEqual({ team: t.id, mapped: (t.repos ?? []).filter((r) => deploying.has(r)).sort() });
      for (const services of Object.values(mapping)) expect(services.every((s) => (t.services ?? []).includes(s))).toBe(true);
    }
    expect(team(lines, "payments").repo_services).toEqual({
      "acme/payments-api": ["payments"],
      "acme/billing-worker": ["billing"],
      "acme/ledger": ["billing"],
    });
  });

  test.each([
    ["payments", "psp-gateway", 0.8],
    ["search", "search-cluster", 0.8],
  ])("most %s incidents are on %s, which no repo of theirs deploys", (id, service, share) => {
    const t = team(lines, id);
    expect(Object.values(t.repo_services ?? {}).flat()).not.toContain(service);
    const incidents = linesOf(lines, "incident").filter((i) => (t.services ?? []).includes(i.service));
    expect(incidents.filter((i) => i.service === service).length / incidents.length).toBeGreaterThan(share);
  });

  test("only payments declares compliance targets", () => {
    expect(linesOf(lines, "team").map((t) => [t.id, t.compliance ?? []])).toEqual([
      ["platform", []],
      ["payments", ["SOC 2", "PCI DSS"]],
      ["storefront", []],
      ["growth", []],
      ["search", []],
      ["infra", []],
    ]);
  });

  test("weekly rotations at two levels; a growth engineer is never on call", () => {
    const shifts = linesOf(lines, "oncall_shift");
    expect(new Set(shifts.map((s) => s.level))).toEqual(new Set([1, 2]));
    expect(shifts.every((s) => at(s.end) - at(s.start) === WEEK)).toBe(true);
    const onCall = new Set(shifts.map((s) => s.person));
    const growth = team(lines, "growth").members ?? [];
    expect(growth.filter((m) => !onCall.has(m))).toEqual(["ines-costa"]);
    for (const id of ["platform", "payments", "storefront", "search", "infra"]) {
      expect((team(lines, id).members ?? []).filter((m) => !onCall.has(m))).toEqual([]);
    }
  });
});

describe("delivery", () => {
  test("platform deploys to production on at least 5 distinct UTC days every full ISO week, with fast, healthy CI", () => {
    const days = new Map<number, Set<number>>();
    for (const d of productionDeploys(lines, "platform", start, end)) {
      const t = at(d.finished_at);
      const week = Math.floor((t - FIRST_MONDAY) / WEEK);
      days.set(week, (days.get(week) ?? new Set()).add(Math.floor(t / DAY)));
    }
    const firstFull = Math.ceil((start - FIRST_MONDAY) / WEEK);
    const lastFull = Math.floor((end - FIRST_MONDAY) / WEEK) - 1;
    for (let w = firstFull; w <= lastFull; w += 1) expect({ w, days: (days.get(w)?.size ?? 0) >= 5 }).toEqual({ w, days: true });
    const ci = ciHealth(lines, "platform", ...lastWeeks(4));
    expect(ci.medianMinutes).toBeGreaterThan(4);
    expect(ci.medianMinutes).toBeLessThan(8);
    expect(ci.failureRate).toBeLessThan(0.1);
  });

  test("platform changes reach production within a day (median, first commit → deployed)", () => {
    const deploys = productionDeploys(lines, "platform", start, end).sort((a, b) => at(a.finished_at) - at(b.finished_at));
    const repos = new Set(team(lines, "platform").repos);
    const shippedAt = new Map<string, number>();
    for (const d of deploys) for (const sha of d.commits ?? []) if (!shippedAt.has(sha)) shippedAt.set(sha, at(d.finished_at));
    const leads = linesOf(lines, "change")
      .filter((c) => !c.bot && repos.has(c.repo))
      .flatMap((c) => {
        const shipped = shippedAt.get(c.merge_sha);
        return shipped === undefined ? [] : [shipped - at(c.first_commit_at ?? c.created_at)];
      });
    expect(leads.length).toBeGreaterThan(500);
    expect(median(leads)).toBeLessThan(DAY);
  });

  test("storefront deploys more than 10 times a week with CI around 25 minutes (delivery pressure)", () => {
    expect(productionDeploys(lines, "storefront", ...lastWeeks(4)).length / 4).toBeGreaterThan(10);
    const ci = ciHealth(lines, "storefront", ...lastWeeks(4));
    expect(ci.medianMinutes).toBeGreaterThan(20);
    expect(ci.medianMinutes).toBeLessThan(30);
  });

  test.each([
    ["payments", 2, 7],
    ["growth", 1, 3],
  ])("%s deploys to production a moderate number of times a week", (id, min, max) => {
    const perWeek = productionDeploys(lines, id, ...lastWeeks(4)).length / 4;
    expect(perWeek).toBeGreaterThanOrEqual(min);
    expect(perWeek).toBeLessThanOrEqual(max);
  });

  test("nine people author changes to acme/storefront-web in 90 days; no other repo has more than five", () => {
    const authors = new Map<string, Set<string>>();
    for (const c of linesOf(lines, "change")) {
      if (c.bot || at(c.merged_at) < end - 90 * DAY) continue;
      authors.set(c.repo, (authors.get(c.repo) ?? new Set()).add(c.author));
    }
    expect(authors.get("acme/storefront-web")?.size).toBe(9);
    const others = [...authors].filter(([repo]) => repo !== "acme/storefront-web").map(([, a]) => a.size);
    expect(Math.max(...others)).toBeLessThanOrEqual(4);
  });

  test("only infra has more than 3 deployable services (repos with production deploys in 90 days)", () => {
    const deployable = (id: string) => new Set(productionDeploys(lines, id, end - 90 * DAY, end).map((d) => d.repo)).size;
    expect(deployable("infra")).toBe(5);
    for (const id of ["platform", "payments", "storefront", "growth", "search"]) expect(deployable(id)).toBeLessThanOrEqual(3);
    expect((team(lines, "infra").services ?? []).length).toBeGreaterThanOrEqual(4);
  });

  test("production deployments ship the merges since the previous one of that repo", () => {
    const mergedAt = new Map(linesOf(lines, "change").map((c) => [c.merge_sha, { repo: c.repo, at: at(c.merged_at) }]));
    const seen = new Set<string>();
    for (const d of linesOf(lines, "deployment").filter((x) => x.environment === "production" && x.status === "success")) {
      for (const sha of d.commits ?? []) {
        const change = mergedAt.get(sha);
        expect(change?.repo).toBe(d.repo);
        expect(change?.at ?? Infinity).toBeLessThan(at(d.finished_at));
        expect(seen.has(sha)).toBe(false);
        seen.add(sha);
      }
    }
  });

  test("the record mix has bots, hotfixes, reverts, rollbacks, deploys without commit lists, staging and re-runs", () => {
    const changes = linesOf(lines, "change");
    expect(changes.some((c) => c.bot === true && c.author === "dependabot[bot]")).toBe(true);
    expect(changes.some((c) => c.labels?.includes("hotfix") && c.title?.startsWith("Hotfix"))).toBe(true);
    expect(changes.some((c) => c.labels?.includes("revert") && c.title?.startsWith("Revert"))).toBe(true);
    const deployments = linesOf(lines, "deployment");
    expect(deployments.filter((d) => d.rollback === true).length).toBeGreaterThan(5);
    expect(deployments.filter((d) => d.environment === "production" && d.commits === undefined && d.status === "success").length).toBeGreaterThan(5);
    expect(deployments.some((d) => d.environment === "staging")).toBe(true);
    expect(deployments.some((d) => d.status === "failure")).toBe(true);

    const runs = new Map(linesOf(lines, "ci_run").map((r) => [r.id, r]));
    const reruns = [...runs.values()].filter((r) => attempt(r) > 1);
    expect(reruns.length).toBeGreaterThan(100);
    expect(reruns.some((r) => attempt(r) === 3)).toBe(true);
    for (const r of reruns) {
      // Each re-run follows a failed attempt of the same run.
      const before = runs.get(r.id.replace(/-\d+$/, `-${attempt(r) - 1}`));
      expect(before?.status).toBe("failure");
      expect(before?.sha).toBe(r.sha);
    }
    expect(reruns.some((r) => r.status === "success")).toBe(true);

    const incidents = linesOf(lines, "incident");
    expect(incidents.filter((i) => i.deployment_id).length).toBeGreaterThan(20);
    expect(incidents.filter((i) => i.fix_deployment_id).length).toBeGreaterThan(10);
  });
});

describe("on-call", () => {
  test("payments is paged in sleep hours (22–08 in the paged person's zone), through sms, phone and push", () => {
    const zones = new Map(linesOf(lines, "person").map((p) => [p.id, p.timezone]));
    const members = new Set(team(lines, "payments").members);
    const pages = linesOf(lines, "page").filter((p) => members.has(p.person));
    const asleep = pages.filter((p) => {
      const hour = localTime(zones.get(p.person) ?? "UTC", at(p.at)).hour;
      return p.channel !== "email" && (hour >= 22 || hour < 8);
    });
    expect(asleep.length / pages.length).toBeGreaterThan(0.2);
    expect(new Set(pages.map((p) => p.channel))).toEqual(new Set(["sms", "phone", "push", "email"]));
  });

  test("pages go to the person on call when the incident opened", () => {
    const shifts = linesOf(lines, "oncall_shift");
    const opened = new Map(linesOf(lines, "incident").map((i) => [i.id, at(i.created_at)]));
    const offCall = linesOf(lines, "page").filter((p) => {
      const t = opened.get(p.incident_id) ?? at(p.at);
      return !shifts.some((s) => s.person === p.person && at(s.start) <= t && t < at(s.end));
    });
    expect(offCall.map((p) => p.id)).toEqual([]);
  });

  test("search has flapping alerts: one key many times a day, clearing by itself, nobody acknowledging", () => {
    const services = new Set(team(lines, "search").services);
    const recent = linesOf(lines, "alert").filter((a) => services.has(a.service) && at(a.created_at) >= end - 7 * DAY);
    const byKey = new Map<string, typeof recent>();
    for (const a of recent) byKey.set(a.key, [...(byKey.get(a.key) ?? []), a]);
    const [key, flaps] = [...byKey].sort((a, b) => b[1].length - a[1].length)[0] ?? ["", []];
    expect(key).toBe("search/indexer-queue-lag");
    expect(flaps.length / 7).toBeGreaterThan(5);
    expect(flaps.every((a) => a.resolved_by === "system" && !a.acknowledged_at)).toBe(true);
  });

  test("alerts resolve by person, system and timeout, and some are marked noise", () => {
    const alerts = linesOf(lines, "alert");
    expect(new Set(alerts.map((a) => a.resolved_by))).toEqual(new Set(["person", "system", "timeout"]));
    expect(alerts.some((a) => a.noise === true)).toBe(true);
  });

  test("engaged spans of payments incidents run 1–3 hours", () => {
    const members = new Set(team(lines, "payments").members);
    const resolved = new Map(linesOf(lines, "incident").map((i) => [i.id, i.resolved_at]));
    const spans = linesOf(lines, "acknowledgement")
      .filter((a) => members.has(a.person))
      .flatMap((a) => {
        const r = resolved.get(a.incident_id);
        return r ? [(at(r) - at(a.at)) / HOUR] : [];
      });
    const m = median(spans);
    expect(m).toBeGreaterThan(1);
    expect(m).toBeLessThan(3);
  });
});

describe("what the ops-work ledger reads (DESIGN.md \"Ops work\")", () => {
  const settings = settingsFromConfig(defaultConfig());
  const memberSets = new Map(linesOf(lines, "team").map((t) => [t.id, new Set(t.members)]));
  const members = (id: string): ReadonlySet<string> => memberSets.get(id) ?? new Set();
  const ownerOf = new Map(linesOf(lines, "team").flatMap((t) => (t.repos ?? []).map((r) => [r, t.id] as const)));
  const teamIds = Object.keys(DEMO_SHAPE) as DemoTeamId[];

  test("every change lists the paths it touched, and changed_files counts them", () => {
    const incomplete = linesOf(lines, "change").filter((c) => (c.files ?? []).length === 0 || c.changed_files !== c.files?.length);
    expect(incomplete.map((c) => c.id)).toEqual([]);
  });

  // The share of a change's files matching the default ops paths (or 1 for an ops label), the way
  // the ledger reads it: infra works on Terraform, charts and workflows; product teams touch them now and then.
  test.each([
    ["infra", 0.25, 0.6],
    ["platform", 0.01, 0.1],
    ["payments", 0.01, 0.1],
    ["storefront", 0.01, 0.1],
    ["growth", 0.01, 0.15],
    ["search", 0.01, 0.1],
  ] as const)("%s: the mean ops fraction of its human changes lies between %d and %d", (id, min, max) => {
    const repos = new Set(team(lines, id).repos);
    const fractions = linesOf(lines, "change")
      .filter((c) => !c.bot && repos.has(c.repo))
      .map((c) => settings.ledger.opsFraction(c.repo, c.files ?? null, c.labels ?? []));
    const mean = fractions.reduce((a, b) => a + b, 0) / fractions.length;
    expect(mean).toBeGreaterThan(min);
    expect(mean).toBeLessThan(max);
  });

  test("every change to acme/terraform-modules is ops work through and through", () => {
    const changes = linesOf(lines, "change").filter((c) => c.repo === "acme/terraform-modules" && !c.bot);
    expect(changes.length).toBeGreaterThan(50);
    expect(changes.every((c) => settings.ledger.opsFraction(c.repo, c.files ?? null, c.labels ?? []) === 1)).toBe(true);
  });

  test("every deployment says who started it: the pipeline (github-actions[bot], automatic) or a person of the team (manual)", () => {
    const wrong = linesOf(lines, "deployment").filter((d) => {
      if (d.trigger === "automatic") return d.creator !== "github-actions[bot]";
      const owner = ownerOf.get(d.repo);
      return d.trigger !== "manual" || owner === undefined || !members(owner).has(d.creator ?? "");
    });
    expect(wrong.map((d) => d.id)).toEqual([]);
    expect(linesOf(lines, "deployment").filter((d) => d.environment === "staging" && d.trigger !== "automatic")).toEqual([]);
  });

  test.each([
    ["payments", "manual"],
    ["infra", "manual"],
    ["platform", "automatic"],
    ["storefront", "automatic"],
    ["growth", "automatic"],
    ["search", "automatic"],
  ] as const)("%s's production deployments (rollbacks aside) are all %s", (id, trigger) => {
    const deploys = linesOf(lines, "deployment").filter((d) => ownerOf.get(d.repo) === id && d.environment === "production" && d.rollback !== true);
    expect(deploys.length).toBeGreaterThan(50);
    expect(new Set(deploys.map((d) => d.trigger))).toEqual(new Set([trigger]));
  });

  test("platform's pipeline rolls back on its own; every other rollback is run by the engineer on call", () => {
    const shifts = linesOf(lines, "oncall_shift").filter((s) => s.level === 1);
    const rollbacks = linesOf(lines, "deployment").filter((d) => d.rollback === true);
    const platform = rollbacks.filter((d) => ownerOf.get(d.repo) === "platform");
    const others = rollbacks.filter((d) => ownerOf.get(d.repo) !== "platform");
    expect(platform.length).toBeGreaterThan(0);
    expect(others.length).toBeGreaterThan(5);
    expect(platform.every((d) => d.trigger === "automatic")).toBe(true);
    // On call within the hour before: the incident that called for the rollback paged them.
    const onCallBefore = (d: (typeof others)[number]): boolean => {
      const t = at(d.started_at ?? d.finished_at);
      return shifts.some((s) => s.person === d.creator && at(s.start) <= t && at(s.end) > t - HOUR);
    };
    expect(others.filter((d) => d.trigger !== "manual" || !onCallBefore(d)).map((d) => d.id)).toEqual([]);
  });

  test("every CI attempt says who started it: the change's author first, a person of the team for each re-run", () => {
    const authorOf = new Map(linesOf(lines, "change").flatMap((c) => [c.merge_sha, ...(c.commits ?? [])].map((sha) => [sha, c.author] as const)));
    const wrong = linesOf(lines, "ci_run").filter((r) => {
      if (attempt(r) === 1) return r.triggered_by !== authorOf.get(r.sha);
      const owner = ownerOf.get(r.repo);
      return owner === undefined || !members(owner).has(r.triggered_by ?? "");
    });
    expect(wrong.map((r) => r.id)).toEqual([]);
  });

  test("the team shaped for pipeline toil re-runs CI several times a week per engineer, far more than any other team", () => {
    const perEngineerWeek = (id: DemoTeamId): number => {
      const people = members(id);
      const [from, to] = lastWeeks(4);
      const reruns = linesOf(lines, "ci_run").filter((r) => attempt(r) > 1 && people.has(r.triggered_by ?? "") && at(r.started_at) >= from && at(r.started_at) < to);
      return reruns.length / people.size / 4;
    };
    const pipelineTeams = teamIds.filter((id) => DEMO_SHAPE[id].dominant === "pipeline");
    expect(pipelineTeams.length).toBeGreaterThan(0);
    for (const id of teamIds) {
      const rate = perEngineerWeek(id);
      if (pipelineTeams.includes(id)) expect({ id, rate: rate > 4 }).toEqual({ id, rate: true });
      else expect({ id, rate: rate < 1 }).toEqual({ id, rate: true });
    }
  });
});
