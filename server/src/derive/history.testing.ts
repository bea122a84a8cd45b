/**
 * A small, seeded, deliberately awkward history for the deriver's tests: two teams sharing a
 * person, repos mapped to services and not, production deployments under several spellings,
 * rollbacks, deployments without commit lists, hotfix and ops changes, flaky CI pairs, incidents
 * naming deployments as cause or fix, alert keys that repeat, page bursts, overlapping
 * acknowledgements, shifts — and for most records a second version (a later state, a correction)
 * so replays and out-of-order writes can be tested.
 */
import type { NormalizedRecord } from "@opsledger/db";

/** mulberry32: a tiny seeded generator, so a failing sequence can be replayed from its seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const H = 3_600_000;
const START = Date.UTC(2026, 2, 2); // Monday 2026-03-02, three weeks before Berlin's DST change

export interface History {
  /** Every record's first version. */
  records: NormalizedRecord[];
  /** Later versions of some records (same natural key, other content). */
  revisions: NormalizedRecord[];
}

export function history(seed: number, scale = 1): History {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const at = (days: number) => START + Math.floor(rnd() * days * 24) * H + Math.floor(rnd() * 60) * 60_000;
  const records: NormalizedRecord[] = [];
  const revisions: NormalizedRecord[] = [];
  const people = ["ana", "ben", "cai", "dee", "eli", "fay"];
  const zones = ["Europe/Berlin", "America/New_York", "UTC", "Asia/Tokyo", "Asia/Kathmandu", "Europe/Berlin"];
  const logins = ["ana-gh", "ben", "cai-gh", "dee", "eli", "fay", "renovate[bot]"];
  records.push(
    { kind: "team", source: "test", id: "core", name: "Core", members: ["ana", "ben", "cai", "dee"], repos: ["acme/api", "acme/web"], services: ["api", "web"], repoServices: { "acme/api": ["api"] }, compliance: [] },
    { kind: "team", source: "test", id: "data", name: "Data", members: ["dee", "eli", "fay"], repos: ["acme/etl"], services: ["etl"], repoServices: {}, compliance: ["SOC 2"] },
  );
  revisions.push({ kind: "team", source: "test", id: "data", name: "Data", members: ["dee", "eli"], repos: ["acme/etl", "acme/web"], services: ["etl", "web"], repoServices: {}, compliance: [] });
  people.forEach((id, i) => {
    records.push({ kind: "person", source: "test", id, name: id.toUpperCase(), email: null, timezone: zones[i] ?? "UTC", github: i % 2 === 0 ? `${id}-gh` : null, pagerduty: null });
  });
  revisions.push({ kind: "person", source: "test", id: "ben", name: "BEN", email: null, timezone: "Asia/Tokyo", github: "ben-gh", pagerduty: null });

  const repos = ["acme/api", "acme/web", "acme/etl"];
  const shas: string[] = [];
  const changes: Extract<NormalizedRecord, { kind: "change" }>[] = [];
  for (let i = 0; i < 40 * scale; i++) {
    const created = at(20);
    const merged = created + Math.floor(rnd() * 30) * H + 60_000;
    const sha = `m${i}`;
    const commits = [`c${i}a`, `c${i}b`];
    shas.push(sha, ...commits);
    const c: Extract<NormalizedRecord, { kind: "change" }> = {
      kind: "change",
      source: "test",
      id: `ch${i}`,
      repo: pick(repos),
      number: i,
      author: pick(logins),
      bot: false,
      draft: rnd() < 0.05,
      createdAt: created,
      firstCommitAt: rnd() < 0.8 ? created - Math.floor(rnd() * 10) * H + (rnd() < 0.1 ? 5 * H : 0) : null,
      firstReviewAt: rnd() < 0.7 ? created + Math.floor(rnd() * 5) * H : null,
      mergedAt: merged,
      mergeSha: sha,
      commits,
      labels: rnd() < 0.15 ? ["hotfix"] : rnd() < 0.1 ? ["infra"] : [],
      title: rnd() < 0.1 ? "Revert bad change" : `change ${i}`,
      additions: null,
      deletions: null,
      url: null,
      files: rnd() < 0.2 ? null : rnd() < 0.3 ? ["src/app.ts", ".github/workflows/ci.yml"] : ["src/app.ts"],
      changedFiles: null,
    };
    c.bot = c.author.endsWith("[bot]");
    changes.push(c);
    records.push(c);
    if (rnd() < 0.25) revisions.push({ ...c, labels: ["hotfix"], mergedAt: c.mergedAt + H, firstReviewAt: null, files: [".github/workflows/deploy.yml"] });
  }

  for (let i = 0; i < 36 * scale; i++) {
    const repo = pick(repos);
    const finished = at(21);
    const merged = changes.filter((c) => c.repo === repo && c.mergedAt <= finished);
    const d: Extract<NormalizedRecord, { kind: "deployment" }> = {
      kind: "deployment",
      source: "test",
      id: `d${i}`,
      repo,
      environment: pick(["production", "production", "Production", "prod", "staging"]),
      status: rnd() < 0.9 ? "success" : "failure",
      startedAt: finished - 10 * 60_000,
      finishedAt: finished,
      sha: `s${i}`,
      commits: rnd() < 0.25 ? null : merged.filter(() => rnd() < 0.4).flatMap((c) => (rnd() < 0.5 ? [c.mergeSha] : c.commits)),
      rollback: rnd() < 0.1,
      url: null,
      creator: pick(["ana-gh", "dee", "github-actions[bot]", null]),
      trigger: pick(["manual", "automatic", null] as const),
    };
    records.push(d);
    if (rnd() < 0.2) revisions.push({ ...d, rollback: !d.rollback, finishedAt: d.finishedAt + 2 * H, commits: d.commits === null ? [] : null });
  }

  const services = ["api", "web", "etl"];
  const incidentIds: string[] = [];
  for (let i = 0; i < 24 * scale; i++) {
    const created = at(21);
    const id = `inc${i}`;
    incidentIds.push(id);
    const inc: Extract<NormalizedRecord, { kind: "incident" }> = {
      kind: "incident",
      source: "test",
      id,
      service: pick(services),
      title: `incident ${i}`,
      urgency: pick(["high", "low"] as const),
      priority: null,
      createdAt: created,
      acknowledgedAt: rnd() < 0.5 ? created + 5 * 60_000 : null,
      resolvedAt: rnd() < 0.85 ? created + Math.floor(rnd() * 8) * H + 30 * 60_000 : null,
      deploymentId: rnd() < 0.2 ? `d${Math.floor(rnd() * 36 * scale)}` : null,
      fixDeploymentId: rnd() < 0.15 ? `d${Math.floor(rnd() * 36 * scale)}` : null,
      url: null,
    };
    records.push(inc);
    if (rnd() < 0.3) revisions.push({ ...inc, resolvedAt: created + 3 * H, deploymentId: rnd() < 0.5 ? null : `d${Math.floor(rnd() * 36 * scale)}`, service: pick(services) });
  }

  for (let i = 0; i < 50 * scale; i++) {
    const created = at(21);
    const a: Extract<NormalizedRecord, { kind: "alert" }> = {
      kind: "alert",
      source: "test",
      id: `al${i}`,
      service: pick(services),
      key: pick(["cpu", "disk", "5xx", "latency"]),
      incidentId: rnd() < 0.3 ? pick(incidentIds) : null,
      createdAt: created,
      acknowledgedAt: rnd() < 0.5 ? created + 60_000 : null,
      resolvedAt: rnd() < 0.8 ? created + 30 * 60_000 : null,
      resolvedBy: pick(["person", "system", "timeout", null] as const),
      noise: rnd() < 0.1,
    };
    records.push(a);
    if (rnd() < 0.2) revisions.push({ ...a, key: pick(["cpu", "disk", "memory"]), createdAt: a.createdAt + 20 * H, acknowledgedAt: null });
  }

  for (let i = 0; i < 60 * scale; i++) {
    const person = pick(people);
    const base = at(21);
    // Bursts: a page, then maybe more within a minute.
    const burst = rnd() < 0.3 ? 3 : 1;
    for (let b = 0; b < burst; b++) {
      const p: Extract<NormalizedRecord, { kind: "page" }> = {
        kind: "page",
        source: "test",
        id: `pg${i}.${b}`,
        person,
        incidentId: pick(incidentIds),
        at: base + b * 40_000,
        channel: pick(["push", "sms", "phone", "email"] as const),
      };
      records.push(p);
      if (rnd() < 0.15) revisions.push({ ...p, person: pick(people), at: p.at + 30_000 });
    }
  }

  for (let i = 0; i < 40 * scale; i++) {
    const incident = pick(incidentIds);
    records.push({ kind: "acknowledgement", source: "test", incidentId: incident, person: pick(people), at: at(21) });
  }

  for (const person of people) {
    const start = START + Math.floor(rnd() * 14) * 24 * H;
    records.push({ kind: "oncall_shift", source: "test", person, schedule: "primary", level: 1, start, end: start + 7 * 24 * H });
    if (rnd() < 0.3) revisions.push({ kind: "oncall_shift", source: "test", person, schedule: "primary", level: 1, start, end: start + 2 * 24 * H });
  }

  for (let i = 0; i < 80 * scale; i++) {
    const repo = pick(repos);
    const sha = pick(shas);
    const attempt = rnd() < 0.7 ? 1 : rnd() < 0.7 ? 2 : 3;
    const started = at(21);
    const r: Extract<NormalizedRecord, { kind: "ci_run" }> = {
      kind: "ci_run",
      source: "test",
      id: `run${i}`,
      repo,
      workflow: pick(["ci", "lint"]),
      branch: "main",
      sha,
      event: "push",
      attempt,
      status: pick(["success", "success", "failure", "cancelled"] as const),
      queuedAt: rnd() < 0.5 ? started - 60_000 : null,
      startedAt: started,
      finishedAt: started + Math.floor(rnd() * 30) * 60_000,
      url: null,
      triggeredBy: attempt > 1 ? pick(logins) : null,
    };
    records.push(r);
    if (rnd() < 0.15) revisions.push({ ...r, status: r.status === "failure" ? "success" : "failure", sha: pick(shas) });
  }
  return { records, revisions };
}
