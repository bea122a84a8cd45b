/**
 * The demo organisation as ingest lines (DESIGN.md "Normalized model and the ingest format"):
 * a pure, seeded generator, so the same seed and the same UTC day of `now` give byte-identical
 * lines, and tests can inspect them without a database. Lines come in chunks of a few thousand,
 * generated day by day, so memory stays flat however large `scale` is.
 */
import type { IngestLine } from "../ingest/schema.ts";
import { LEADERSHIP, MATURITY, ORG, TEAMS, type FilesSpec, type MaturitySpec, type RepoSpec, type TeamSpec } from "./org.ts";
import { deriveSeed, Rng } from "./random.ts";
import { DAY, FIRST_MONDAY, HOUR, MINUTE, SECOND, WEEK, atLocal, iso, utcWeekday } from "./time.ts";

export interface GenerateOptions {
  /** Squads per team: multiplies people, repositories and activity, keeping every rate the same. */
  scale: number;
  seed: number;
  /** The demo's "today": history covers the 52 weeks before the UTC midnight of this instant. */
  now: number;
  /** Weeks of history (default 52: the twelve months before `now`); tests load less. */
  weeks?: number;
  /** Lines per chunk (default 5,000). */
  chunkSize?: number;
}

type Line<K extends IngestLine["kind"]> = Extract<IngestLine, { kind: K }>;

/**
 * The history the demo covers: `[start, end)`, whole UTC days ending at the midnight that starts
 * the UTC day of `now`, so nothing lies in the future and any `now` on the same day gives the
 * same records (loading the demo twice in a day changes nothing).
 */
export function demoWindow(now: number, weeks = 52): { start: number; end: number } {
  const end = Math.floor(now / DAY) * DAY;
  return { start: end - weeks * WEEK, end };
}

/** On-call handovers happen on Mondays at 09:00 UTC. */
const HANDOVER = 9 * HOUR;
const BOT = "dependabot[bot]";
/** Who starts what a pipeline runs on its own: automatic deployments, canary rollbacks (GitHub's Actions app). */
const PIPELINE = "github-actions[bot]";

/** Who started a deployment (DESIGN "Ops work": one a person ran by hand is deployment toil). */
interface Starter {
  creator: string;
  trigger: "manual" | "automatic";
}
const AUTOMATIC: Starter = { creator: PIPELINE, trigger: "automatic" };

export function* generateDemo(options: GenerateOptions): Generator<IngestLine[]> {
  if (!Number.isInteger(options.scale) || options.scale < 1) throw new Error(`scale must be a positive integer, got ${options.scale}`);
  if (options.weeks !== undefined && (!Number.isInteger(options.weeks) || options.weeks < 1)) throw new Error(`weeks must be a positive integer, got ${options.weeks}`);
  const chunkSize = options.chunkSize ?? 5000;
  const { start, end } = demoWindow(options.now, options.weeks);
  const squads: Squad[] = [];
  for (let shard = 0; shard < options.scale; shard += 1) {
    for (const team of TEAMS) squads.push(new Squad(team, shard, options.seed, start, end));
  }

  let buffer: IngestLine[] = [];
  for (const team of TEAMS) {
    const mine = squads.filter((s) => s.team.id === team.id);
    buffer.push({
      kind: "team",
      id: team.id,
      name: team.name,
      members: mine.flatMap((s) => s.people),
      repos: mine.flatMap((s) => s.repos.map((r) => r.repo)),
      services: mine.flatMap((s) => s.services),
      repo_services: Object.fromEntries(mine.flatMap((s) => s.repoServices())),
      compliance: team.compliance,
    });
  }
  LEADERSHIP.forEach((p, i) => buffer.push(personLine(p.slug, p.name, p.timezone, 900 + i)));
  for (const squad of squads) buffer.push(...squad.personLines(), ...squad.shiftLines(), ...squad.practiceLines());
  for (const team of TEAMS) buffer.push(...declarationLines(team.id, MATURITY[team.id], start, end));

  for (let day = start; day < end; day += DAY) {
    for (const squad of squads) {
      squad.simulateDay(day, buffer);
      if (buffer.length >= chunkSize) {
        yield buffer;
        buffer = [];
      }
    }
  }
  if (buffer.length > 0) yield buffer;
}

/**
 * The team's restore tests and rollback drills: the last one `…DaysAgo` before the demo's today,
 * and earlier ones every `DECLARED_EVERY_DAYS` back to the start of the history, so each quarter
 * of the scorecard's history sees the ones made before its end.
 */
const DECLARED_EVERY_DAYS = 60;
function declarationLines(team: TeamSpec["id"], spec: MaturitySpec, start: number, end: number): Line<"maturity_declaration">[] {
  const lines = (practice: Line<"maturity_declaration">["practice"], daysAgo: number | null): Line<"maturity_declaration">[] => {
    const out: Line<"maturity_declaration">[] = [];
    for (let at = daysAgo === null ? -Infinity : end - daysAgo * DAY + 15 * HOUR; at >= start; at -= DECLARED_EVERY_DAYS * DAY) {
      out.push({ kind: "maturity_declaration", team, practice, at: iso(at), url: `https://wiki.${ORG}.example/${team}/${practice.replace(/_/g, "-")}/${iso(at).slice(0, 10)}` });
    }
    return out;
  };
  return [...lines("backup_restore_test", spec.restoreTestDaysAgo), ...lines("rollback_drill", spec.rollbackDrillDaysAgo)];
}

/**
 * The root and second-level entries at HEAD a repo shows: its ops files, its product folders and
 * the team's extra paths, as the GitHub collector records them (folders end with "/").
 */
export function repoPaths(spec: RepoSpec, extra: readonly string[]): string[] {
  const out = new Set<string>();
  const add = (path: string): void => {
    const parts = path.split("/").filter((p) => p !== "");
    if (parts.length === 0) return;
    const [first = "", second] = parts;
    const folder = path.endsWith("/") || parts.length > 1;
    out.add(folder ? `${first}/` : first);
    if (second !== undefined) out.add(parts.length > 2 || path.endsWith("/") ? `${first}/${second}/` : `${first}/${second}`);
  };
  const workflows = [...spec.files.ops.filter((p) => p.startsWith(".github/workflows/")), ...spec.ci.workflows.map((w) => `.github/workflows/${w}.yml`)];
  for (const p of [...spec.files.ops, ...workflows, ...spec.files.productDirs.map((d) => `${d}/`), ...extra, "README.md"]) add(p);
  // The collector lists the workflow files themselves (HEAD:.github/workflows).
  for (const w of workflows) out.add(w);
  return [...out].sort();
}

function personLine(slug: string, name: string, timezone: string, index: number): Line<"person"> {
  return {
    kind: "person",
    id: slug,
    name,
    email: `${slug.replace(/-/g, ".")}@${ORG}.example`,
    timezone,
    github: slug,
    pagerduty: `P${(7919 * (index + 11)).toString(36).toUpperCase().padStart(6, "0")}`,
  };
}

interface RepoState {
  spec: RepoSpec;
  repo: string;
  /** Prefix of this repository's deployment and CI run ids. */
  slug: string;
  service: string | null;
  nextNumber: number;
  runs: number;
  deploys: number;
  /** Merge shas on the default branch not yet deployed to production. */
  pending: string[];
  lastTitle: string;
  head: string;
  deployed: string;
  changeAcc: number;
  botAcc: number;
}

/** A deployment that caused an incident, waiting for its rollback or hotfix deployment. */
interface BadDeploy {
  incidentId: string;
  created: number;
  deploymentId: string | null;
  service: string;
  title: string;
  /** Sha to roll back to. */
  previous: string;
  revertTitle: string;
  /** Who wrote the hotfix (set when it merges); a manual fix deployment is theirs to run. */
  fixAuthor: string | null;
}

type RepoEvent =
  | { t: number; type: "merge"; kind: "human" | "bot" }
  | { t: number; type: "hotfix"; bad: BadDeploy }
  | { t: number; type: "revert"; title: string }
  | { t: number; type: "deploy"; always: boolean }
  | { t: number; type: "fix"; bad: BadDeploy }
  | { t: number; type: "rollback"; bad: BadDeploy };

interface Respond {
  service: string;
  created: number;
  resolved: number;
  title: string;
  urgency: "high" | "low";
  ackAfter: number;
  secondary: boolean;
  alertKey: string;
  incidentId?: string;
  deploymentId?: string | null;
  fixDeploymentId?: string;
}

const VERBS = ["Add", "Fix", "Refactor", "Improve", "Remove", "Update", "Speed up", "Handle", "Simplify", "Document"];
const THINGS = [
  "retry logic",
  "pagination",
  "error messages",
  "metrics",
  "feature flag cleanup",
  "cache invalidation",
  "input validation",
  "structured logging",
  "request timeouts",
  "flaky test",
  "config loading",
  "rate limiting",
  "health checks",
  "database migration",
  "API client",
];
const DEPENDENCIES = ["react", "zod", "lodash", "axios", "express", "pg", "typescript", "eslint", "vitest", "grpc", "protobuf"];
const FILE_NAMES = ["handler", "client", "validation", "retry", "cache", "metrics", "config", "session", "pagination", "errors", "limits", "health", "router", "store", "events", "mapper"];
/** What a dependency bump touches, by the language of the repository. */
const MANIFESTS: Record<string, string[]> = {
  go: ["go.mod", "go.sum"],
  java: ["pom.xml"],
  kt: ["build.gradle.kts", "gradle/libs.versions.toml"],
  py: ["requirements.txt"],
  rb: ["Gemfile", "Gemfile.lock"],
  tf: [".terraform.lock.hcl"],
};
const NPM_MANIFESTS = ["package.json", "package-lock.json"];
/** Share of ops changes that carry the repo's ops label (the rest are ops work by their paths alone). */
const OPS_LABELLED = 0.15;

/** One squad of one team: its people, repositories and on-call rotation, simulated a day at a time. */
class Squad {
  readonly people: string[];
  readonly services: string[];
  readonly repos: RepoState[];
  private readonly rng: Rng;
  private readonly suffix: string;
  private readonly key: string;
  private out: IngestLine[] = [];
  private incidents = 0;
  private alerts = 0;
  private opsAcc = 0;
  private lowAcc = 0;
  private noiseAcc = 0;
  private readonly flapAcc: number[];

  constructor(
    readonly team: TeamSpec,
    private readonly shard: number,
    seed: number,
    private readonly start: number,
    private readonly end: number,
  ) {
    this.suffix = shard === 0 ? "" : `-${shard + 1}`;
    this.key = `${team.id}${this.suffix}`;
    this.rng = new Rng(deriveSeed(seed, this.key));
    this.people = team.people.map((p) => `${p.slug}${this.suffix}`);
    this.services = team.services.map((s) => this.service(s));
    this.flapAcc = team.ops.flapping.map(() => this.rng.next());
    this.repos = team.repos.map((spec) => {
      const head = this.rng.sha();
      return {
        spec,
        repo: `${ORG}/${spec.name}${this.suffix}`,
        slug: `${spec.name}${this.suffix}`,
        service: spec.service === null ? null : this.service(spec.service),
        nextNumber: this.rng.int(100, 2000),
        runs: this.rng.int(10_000, 90_000),
        deploys: 0,
        pending: [],
        lastTitle: "",
        head,
        deployed: head,
        changeAcc: this.rng.next(),
        botAcc: this.rng.next(),
      };
    });
  }

  /** What each repo shows at HEAD: once at the start of the history (`earlier`) and once on the last day. */
  practiceLines(): Line<"repo_practice">[] {
    const spec = MATURITY[this.team.id];
    const observe = (at: number, s: Pick<MaturitySpec, "paths" | "workflowTools" | "requiredStatusChecks">) =>
      this.repos.map(
        (r): Line<"repo_practice"> => ({
          kind: "repo_practice",
          source: "github",
          repo: r.repo,
          observed_at: iso(at),
          paths: repoPaths(r.spec, s.paths),
          workflow_tools: s.workflowTools,
          required_status_checks: s.requiredStatusChecks,
          required_approving_reviews: spec.requiredApprovingReviews,
          is_template: false,
        }),
      );
    return [...observe(this.start + 6 * HOUR, { ...spec, ...spec.earlier }), ...observe(this.end - 18 * HOUR, spec)];
  }

  /** Each repo that deploys to production, with the service it runs (the team's `repo_services`). */
  repoServices(): [string, string[]][] {
    return this.repos.flatMap((r) => (r.spec.deploy === null || r.service === null ? [] : [[r.repo, [r.service]] as [string, string[]]]));
  }

  private service(name: string): string {
    return `${name}${this.suffix}`;
  }

  personLines(): Line<"person">[] {
    return this.team.people.map((p, i) =>
      personLine(`${p.slug}${this.suffix}`, this.shard === 0 ? p.name : `${p.name} (${this.shard + 1})`, p.timezone, 1000 * this.shard + i + TEAMS.indexOf(this.team) * 20),
    );
  }

  /** Weekly rotations, level 1 and level 2, covering the whole history. */
  shiftLines(): Line<"oncall_shift">[] {
    const lines: Line<"oncall_shift">[] = [];
    const first = rotationWeek(this.start);
    const last = rotationWeek(this.end - 1);
    for (let w = first; w <= last; w += 1) {
      const from = FIRST_MONDAY + HANDOVER + w * WEEK;
      for (const level of [1, 2]) {
        lines.push({ kind: "oncall_shift", person: this.onCall(from, level), schedule: `${this.key}-oncall`, level, start: iso(from), end: iso(from + WEEK) });
      }
    }
    return lines;
  }

  private onCall(t: number, level: number): string {
    const rota = this.team.onCall;
    const w = rotationWeek(t);
    const offset = level === 1 ? 0 : Math.max(1, Math.floor(rota.length / 2));
    const index = rota[mod(w + offset, rota.length)];
    const person = index === undefined ? undefined : this.people[index];
    if (person === undefined) throw new Error(`team ${this.team.id} has no on-call rotation`);
    return person;
  }

  simulateDay(day: number, sink: IngestLine[]): void {
    this.out = sink;
    this.opsDay(day);
    for (const repo of this.repos) this.repoDay(repo, day);
  }

  private emit(line: IngestLine, at: number): void {
    if (at < this.end) this.out.push(withSourceUrl(line));
  }

  // ---- on-call: incidents, alerts, pages --------------------------------------------------------

  private opsDay(day: number): void {
    const { ops } = this.team;
    const rng = this.rng;

    // High-urgency incidents in slots that do not overlap, so each one is a separate interruption.
    this.opsAcc += (ops.incidentsPerWeek / 7) * rng.between(0.7, 1.3);
    const n = Math.floor(this.opsAcc);
    this.opsAcc -= n;
    const longest = (ops.ackMinutes[1] + ops.engagedMinutes[1] + 10) * MINUTE;
    const slot = n > 0 ? DAY / n : DAY;
    for (let i = 0; i < n; i += 1) {
      const created = day + i * slot + rng.between(0, Math.max(slot - longest, slot * 0.2));
      const ackAfter = rng.between(ops.ackMinutes[0], ops.ackMinutes[1]) * MINUTE;
      this.respond({
        service: this.service(rng.weighted(ops.services)),
        created,
        resolved: created + ackAfter + rng.between(ops.engagedMinutes[0], ops.engagedMinutes[1]) * MINUTE,
        title: rng.pick(ops.incidentTitles),
        urgency: "high",
        ackAfter,
        secondary: rng.chance(ops.secondaryJoins),
        alertKey: this.service(rng.pick(ops.alertKeys)),
      });
    }

    // Low-urgency incidents: an email, looked at within the hour.
    this.lowAcc += (ops.lowUrgencyPerWeek / 7) * rng.between(0.5, 1.5);
    while (this.lowAcc >= 1) {
      this.lowAcc -= 1;
      const created = day + rng.between(0, DAY);
      const ackAfter = rng.between(5, 60) * MINUTE;
      this.respond({
        service: this.service(rng.weighted(ops.services)),
        created,
        resolved: created + ackAfter + rng.between(10, 40) * MINUTE,
        title: `${rng.pick(ops.incidentTitles)} (degraded)`,
        urgency: "low",
        ackAfter,
        secondary: false,
        alertKey: this.service(rng.pick(ops.alertKeys)),
      });
    }

    // Alerts that open no incident: they time out, clear by themselves, or someone marks them noise.
    this.noiseAcc += (ops.noiseAlertsPerWeek / 7) * rng.between(0.5, 1.5);
    while (this.noiseAcc >= 1) {
      this.noiseAcc -= 1;
      const created = day + rng.between(0, DAY);
      const alert: Line<"alert"> = { kind: "alert", id: this.alertId(), service: this.service(rng.weighted(ops.services)), key: this.service(rng.pick(ops.alertKeys)), created_at: iso(created) };
      const r = rng.next();
      if (r < 0.4) Object.assign(alert, { resolved_at: this.instant(created + 4 * HOUR), resolved_by: "timeout" });
      else if (r < 0.8) Object.assign(alert, { resolved_at: this.instant(created + rng.between(3, 30) * MINUTE), resolved_by: "system" });
      else {
        const ack = created + rng.between(2, 20) * MINUTE;
        Object.assign(alert, { acknowledged_at: this.instant(ack), resolved_at: this.instant(ack + rng.between(1, 5) * MINUTE), resolved_by: "person", noise: true });
      }
      this.emit(alert, created);
    }

    // Flapping alerts: the same key many times a day, clearing by itself before anyone looks.
    ops.flapping.forEach((flap, k) => {
      const acc = (this.flapAcc[k] ?? 0) + flap.perDay * rng.between(0.85, 1.15);
      const count = Math.floor(acc);
      this.flapAcc[k] = acc - count;
      for (let i = 0; i < count; i += 1) {
        const created = day + ((i + rng.between(0.1, 0.9)) * DAY) / count;
        const resolved = created + rng.between(2, 9) * MINUTE;
        let incidentId: string | undefined;
        if (rng.chance(flap.pagedShare)) {
          incidentId = this.incidentId();
          this.emit(
            { kind: "incident", id: incidentId, service: this.service(flap.service), title: flap.title, urgency: "high", priority: "P3", created_at: iso(created), resolved_at: this.instant(resolved) },
            created,
          );
          this.emit({ kind: "page", id: `${incidentId}-1`, person: this.onCall(created, 1), incident_id: incidentId, at: iso(created + rng.int(5, 20) * SECOND), channel: "push" }, created);
        }
        const alert: Line<"alert"> = {
          kind: "alert",
          id: this.alertId(),
          service: this.service(flap.service),
          key: this.service(flap.key),
          created_at: iso(created),
          resolved_at: this.instant(resolved),
          resolved_by: "system",
        };
        if (incidentId !== undefined) alert.incident_id = incidentId;
        this.emit(alert, created);
      }
    });
  }

  /** An incident someone answers: pages, acknowledgements, its alerts. Returns its id. */
  private respond(r: Respond): string {
    const rng = this.rng;
    const id = r.incidentId ?? this.incidentId();
    if (r.created >= this.end) return id;
    const primary = this.onCall(r.created, 1);
    const ackAt = Math.min(r.created + r.ackAfter, r.resolved - MINUTE);
    let page = 0;
    const pageTo = (person: string, at: number, channel: "sms" | "phone" | "push" | "email"): void => {
      page += 1;
      this.emit({ kind: "page", id: `${id}-${page}`, person, incident_id: id, at: iso(at), channel }, at);
    };
    if (r.urgency === "high") {
      pageTo(primary, r.created + rng.int(5, 20) * SECOND, "push");
      // The SMS follows within the minute: one interruption, two notifications.
      if (rng.chance(0.5)) pageTo(primary, r.created + rng.int(25, 50) * SECOND, "sms");
      if (ackAt - r.created > 3 * MINUTE) pageTo(primary, r.created + 3 * MINUTE, "phone");
    } else {
      pageTo(primary, r.created + rng.int(5, 20) * SECOND, "email");
    }
    this.emit({ kind: "acknowledgement", incident_id: id, person: primary, at: iso(ackAt) }, ackAt);
    if (r.secondary) {
      const joinAt = r.created + rng.between(5, 20) * MINUTE;
      const joinAck = joinAt + rng.between(1, 4) * MINUTE;
      if (joinAck < r.resolved - 5 * MINUTE) {
        const secondary = this.onCall(r.created, 2);
        pageTo(secondary, joinAt, "push");
        this.emit({ kind: "acknowledgement", incident_id: id, person: secondary, at: iso(joinAck) }, joinAck);
      }
    }
    const incident: Line<"incident"> = {
      kind: "incident",
      id,
      service: r.service,
      title: r.title,
      urgency: r.urgency,
      priority: r.urgency === "high" ? rng.pick(["P1", "P2", "P2"]) : "P4",
      created_at: iso(r.created),
      acknowledged_at: this.instant(ackAt),
      resolved_at: this.instant(r.resolved),
    };
    if (r.deploymentId) incident.deployment_id = r.deploymentId;
    if (r.fixDeploymentId !== undefined && r.resolved < this.end) incident.fix_deployment_id = r.fixDeploymentId;
    this.emit(incident, r.created);
    const alerts = rng.chance(0.25) ? 2 : 1;
    for (let i = 0; i < alerts; i += 1) {
      const created = r.created - rng.int(0, 60) * SECOND;
      this.emit(
        {
          kind: "alert",
          id: this.alertId(),
          service: r.service,
          key: i === 0 ? r.alertKey : `${r.service}/saturation`,
          incident_id: id,
          created_at: iso(created),
          acknowledged_at: this.instant(ackAt),
          resolved_at: this.instant(r.resolved),
          resolved_by: r.resolved < this.end ? "person" : null,
        },
        created,
      );
    }
    return id;
  }

  /** An ISO instant, or null when it falls after the end of history (still open at "now"). */
  private instant(t: number): string | null {
    return t < this.end ? iso(t) : null;
  }

  private incidentId(): string {
    this.incidents += 1;
    return `${this.key}-inc-${this.incidents}`;
  }

  private alertId(): string {
    this.alerts += 1;
    return `${this.key}-alert-${this.alerts}`;
  }

  // ---- delivery: changes, CI, deployments -------------------------------------------------------

  private repoDay(repo: RepoState, day: number): void {
    const rng = this.rng;
    const { spec } = repo;
    const tz = this.team.timezone;
    const weekday = utcWeekday(day);
    const events: RepoEvent[] = [];

    // A day's merges vary; a month's hardly do (so a team's 4-week ops share stays in its band).
    repo.changeAcc += weekday < 5 ? (spec.changesPerWeek / 5) * rng.between(0.7, 1.3) : rng.chance(0.1) ? 1 : 0;
    while (repo.changeAcc >= 1) {
      repo.changeAcc -= 1;
      events.push({ t: atLocal(tz, day, rng.between(9, 18)), type: "merge", kind: "human" });
    }
    repo.botAcc += (spec.botChangesPerWeek / 7) * rng.between(0.5, 1.5);
    while (repo.botAcc >= 1) {
      repo.botAcc -= 1;
      events.push({ t: atLocal(tz, day, rng.between(7, 19)), type: "merge", kind: "bot" });
    }
    const deploy = spec.deploy;
    if (deploy && deploy.weekdays.includes(weekday)) {
      for (const hour of deploy.hours) events.push({ t: atLocal(tz, day, hour + rng.between(-0.3, 0.3)), type: "deploy", always: deploy.always });
    }

    events.sort((a, b) => a.t - b.t);
    for (let i = 0; i < events.length; i += 1) {
      const event = events[i];
      if (event === undefined) break;
      const follow: RepoEvent[] = [];
      switch (event.type) {
        case "merge":
          this.mergeChange(repo, event.t, event.kind === "bot" ? "bot" : "human");
          break;
        case "hotfix":
          event.bad.fixAuthor = this.mergeChange(repo, event.t, "hotfix", `Hotfix: ${event.bad.title.toLowerCase()}`);
          break;
        case "revert":
          this.mergeChange(repo, event.t, "revert", event.title);
          break;
        case "deploy":
          if (repo.pending.length > 0 || event.always) follow.push(...this.deployProduction(repo, event.t));
          break;
        case "fix":
          this.fixDeploy(repo, event.t, event.bad);
          break;
        case "rollback":
          follow.push(...this.rollback(repo, event.t, event.bad));
          break;
      }
      if (follow.length > 0) {
        const rest = [...events.slice(i + 1), ...follow].sort((a, b) => a.t - b.t);
        events.splice(i + 1, events.length - i - 1, ...rest);
      }
    }
  }

  /** A merged change with its CI runs; returns its author. */
  private mergeChange(repo: RepoState, merged: number, kind: "human" | "bot" | "hotfix" | "revert", title?: string): string {
    const rng = this.rng;
    const { spec } = repo;
    const number = repo.nextNumber;
    repo.nextNumber += 1;
    const hours = (range: [number, number]): number => rng.between(range[0], range[1]) * HOUR;
    const urgent = kind === "hotfix" || kind === "revert";
    const author = kind === "bot" ? BOT : this.people[rng.pick(spec.authors)] ?? BOT;
    let firstReview: number | null = merged - (urgent ? rng.between(3, 15) * MINUTE : hours(spec.lead.review));
    if (kind === "bot" && rng.chance(0.6)) firstReview = null; // auto-merged
    else if (kind === "human" && rng.chance(0.04)) {
      // Merged without review, unless the team enforces reviews; the draw below is made either way so the rest of the history stays the same.
      if (MATURITY[this.team.id].reviewsEnforced) rng.between(20, 90);
      else firstReview = null;
    }
    const created = (firstReview ?? merged - rng.between(20, 90) * MINUTE) - (kind === "bot" ? hours([2, 72]) : urgent ? rng.between(5, 20) * MINUTE : hours(spec.lead.pickup));
    const firstCommit = created - (kind === "bot" ? MINUTE : urgent ? rng.between(5, 15) * MINUTE : hours(spec.lead.coding));
    const commitCount = kind === "bot" ? 1 : urgent ? rng.int(1, 2) : rng.int(1, 5);
    const commits = Array.from({ length: commitCount }, () => rng.sha());
    const mergeSha = rng.sha();
    const text =
      title ??
      (kind === "bot"
        ? `Bump ${rng.pick(DEPENDENCIES)} from ${rng.int(1, 9)}.${rng.int(0, 20)}.${rng.int(0, 9)} to ${rng.int(1, 9)}.${rng.int(0, 20)}.${rng.int(10, 19)}`
        : `${rng.pick(VERBS)} ${rng.pick(THINGS)}`);
    const { files, ops } = this.changeFiles(spec, kind);
    const labels =
      kind === "bot"
        ? ["dependencies"]
        : kind === "hotfix"
          ? ["hotfix"]
          : kind === "revert"
            ? ["revert"]
            : ops && spec.files.opsLabel !== null && rng.chance(OPS_LABELLED)
              ? [spec.files.opsLabel]
              : rng.chance(0.2)
                ? [rng.pick(["bug", "feature", "chore"])]
                : [];
    const change: Line<"change"> = {
      kind: "change",
      id: `${repo.repo}#${number}`,
      repo: repo.repo,
      number,
      author,
      bot: kind === "bot",
      created_at: iso(created),
      first_commit_at: iso(firstCommit),
      first_review_at: firstReview === null ? null : iso(firstReview),
      merged_at: iso(merged),
      merge_sha: mergeSha,
      commits,
      labels,
      title: text,
      additions: Math.round(rng.logNormal(kind === "bot" ? 6 : 60, 1)),
      deletions: Math.round(rng.logNormal(kind === "bot" ? 6 : 25, 1)),
      url: `https://github.com/${repo.repo}/pull/${number}`,
      files,
      changed_files: files.length,
    };
    if (merged >= this.end) return author;
    this.emit(change, merged);

    const branch = kind === "bot" ? `dependabot/npm_and_yarn/${number}` : `${author}/${number}`;
    // Each push to the pull request runs CI: every commit when they are pushed one by one, else
    // the last push or two.
    const prShas = spec.ci.everyPush ? commits : commits.slice(commits.length > 1 && rng.chance(0.3) ? -2 : -1);
    const reviewed = Math.min(firstReview ?? merged, merged - 2 * MINUTE);
    prShas.forEach((sha, j) => {
      const at = created + ((j + 0.3) * Math.max(reviewed - created, MINUTE)) / prShas.length;
      for (const workflow of spec.ci.workflows) this.ciRun(repo, workflow, branch, sha, "pull_request", at, author);
    });
    for (const workflow of spec.ci.workflows) {
      if (!spec.ci.prOnly.includes(workflow)) this.ciRun(repo, workflow, "main", mergeSha, "push", merged + rng.int(10, 60) * SECOND, author);
    }

    repo.pending.push(mergeSha);
    repo.head = mergeSha;
    if (kind !== "revert") repo.lastTitle = text;
    return author;
  }

  /**
   * The paths a change touches: product files in the repo's directories, and for some human
   * changes its CI workflows, Dockerfile or charts too (the ledger's ops changes); a dependency
   * bump touches the manifest; a hotfix or revert a file or two.
   */
  private changeFiles(spec: RepoSpec, kind: "human" | "bot" | "hotfix" | "revert"): { files: string[]; ops: boolean } {
    const rng = this.rng;
    const f: FilesSpec = spec.files;
    if (kind === "bot") return { files: [...(MANIFESTS[f.ext] ?? NPM_MANIFESTS)], ops: false };
    const count = kind === "human" ? Math.min(40, Math.max(1, Math.round(rng.logNormal(3, 0.8)))) : rng.int(1, 2);
    const picked = new Set<string>();
    const ops = f.productDirs.length === 0 || (kind === "human" && rng.chance(f.opsChanges));
    if (ops) {
      const share = f.productDirs.length === 0 ? 1 : rng.between(f.opsFileShare[0], f.opsFileShare[1]);
      const opsCount = Math.min(f.ops.length, Math.max(1, Math.round(count * share)));
      while (picked.size < opsCount) picked.add(rng.pick(f.ops));
    }
    const productCount = f.productDirs.length === 0 ? 0 : Math.max(ops ? 0 : 1, count - picked.size);
    for (let i = 0; i < productCount; i += 1) picked.add(`${rng.pick(f.productDirs)}/${rng.pick(FILE_NAMES)}.${f.ext}`);
    return { files: [...picked].sort(), ops };
  }

  /**
   * A CI run and its re-runs: the first attempt started by whoever pushed (the change's author),
   * each re-run of a failed attempt by the author or, now and then, a teammate (always a teammate
   * for a bot's change): GitHub's `triggering_actor`.
   */
  private ciRun(repo: RepoState, workflow: string, branch: string, sha: string, event: string, queued: number, author: string): void {
    const rng = this.rng;
    const { ci } = repo.spec;
    repo.runs += 1;
    const base = `${repo.slug}-${repo.runs}`;
    const failureRate = ci.failureRates[workflow] ?? ci.failureRate;
    let at = queued;
    let by = author;
    for (let attempt = 1; attempt <= ci.maxAttempts; attempt += 1) {
      const started = at + rng.between(0.05, ci.queueMinutes) * MINUTE;
      const finished = started + rng.logNormal(ci.medianMinutes, ci.spread) * MINUTE;
      const r = rng.next();
      const status =
        attempt === 1
          ? r < failureRate
            ? "failure"
            : r < failureRate + 0.01
              ? "cancelled"
              : "success"
          : r < ci.rerunPasses
            ? "success" // a flaky failure: the re-run passes
            : "failure";
      if (finished >= this.end) return;
      this.emit(
        {
          kind: "ci_run",
          id: `${base}-${attempt}`,
          repo: repo.repo,
          workflow,
          branch,
          sha,
          event,
          attempt,
          status,
          queued_at: iso(at),
          started_at: iso(started),
          finished_at: iso(finished),
          triggered_by: by,
        },
        finished,
      );
      if (status !== "failure" || attempt === ci.maxAttempts || !rng.chance(ci.rerunShare)) return;
      at = finished + rng.between(1, 15) * MINUTE;
      by = author !== BOT && rng.chance(0.8) ? author : this.teammate(repo, author);
    }
  }

  /** One of the repo's authors other than `login` (the author themselves when they are its only one). */
  private teammate(repo: RepoState, login: string): string {
    const others = repo.spec.authors.flatMap((i) => {
      const person = this.people[i];
      return person === undefined || person === login ? [] : [person];
    });
    return others.length > 0 ? this.rng.pick(others) : login;
  }

  /** Who starts the repo's production deployments: the pipeline, or one of its authors by hand. */
  private productionStarter(repo: RepoState): Starter {
    if (repo.spec.deploy?.trigger !== "manual") return AUTOMATIC;
    return { creator: this.people[this.rng.pick(repo.spec.authors)] ?? PIPELINE, trigger: "manual" };
  }

  private deploymentId(repo: RepoState): string {
    repo.deploys += 1;
    return `${repo.slug}-deploy-${repo.deploys}`;
  }

  /** A scheduled production deployment (with its staging run and the odd failed attempt). */
  private deployProduction(repo: RepoState, at: number): RepoEvent[] {
    const rng = this.rng;
    const spec = repo.spec.deploy;
    if (!spec) return [];
    if (spec.staging) {
      const started = at - rng.between(40, 120) * MINUTE;
      const finished = started + rng.between(3, 8) * MINUTE;
      this.emit(
        { kind: "deployment", id: this.deploymentId(repo), repo: repo.repo, environment: "staging", status: "success", started_at: iso(started), finished_at: iso(finished), sha: repo.head, ...AUTOMATIC },
        finished,
      );
    }
    const by = this.productionStarter(repo);
    let started = at;
    if (rng.chance(0.03)) {
      const finished = started + rng.between(2, 6) * MINUTE;
      this.emit(
        { kind: "deployment", id: this.deploymentId(repo), repo: repo.repo, environment: "production", status: "failure", started_at: iso(started), finished_at: iso(finished), sha: repo.head, ...by },
        finished,
      );
      started = finished + rng.between(15, 30) * MINUTE;
    }
    const previous = repo.deployed;
    const { id, finished } = this.ship(repo, started, false, by);
    if (!rng.chance(spec.badRate)) return [];

    const fast = spec.rollbackShare >= 1;
    const created = finished + rng.between(5, fast ? 15 : 40) * MINUTE;
    const bad: BadDeploy = {
      incidentId: this.incidentId(),
      created,
      // Most incidents name the deployment; the rest are charged to it by the failure window.
      deploymentId: fast || rng.chance(0.75) ? id : null,
      service: repo.service ?? this.services[0] ?? this.key,
      title: rng.pick(this.team.ops.incidentTitles),
      previous,
      revertTitle: repo.lastTitle === "" ? "Revert the last deployment" : `Revert "${repo.lastTitle}"`,
      fixAuthor: null,
    };
    if (rng.chance(spec.rollbackShare)) return [{ t: created + rng.between(5, 12) * MINUTE, type: "rollback", bad }];
    const merged = created + rng.between(30, 80) * MINUTE;
    return [
      { t: merged, type: "hotfix", bad },
      { t: merged + rng.between(3, 8) * MINUTE, type: "fix", bad },
    ];
  }

  /** A successful production deployment of the head, shipping every merge since the last one. */
  private ship(repo: RepoState, started: number, fix: boolean, by: Starter): { id: string; finished: number } {
    const rng = this.rng;
    const id = this.deploymentId(repo);
    const finished = started + rng.between(fix ? 3 : 4, fix ? 6 : 12) * MINUTE;
    const line: Line<"deployment"> = {
      kind: "deployment",
      id,
      repo: repo.repo,
      environment: "production",
      status: "success",
      started_at: iso(started),
      finished_at: iso(finished),
      sha: repo.head,
      creator: by.creator,
      trigger: by.trigger,
    };
    if (!rng.chance(repo.spec.deploy?.noCommitList ?? 0)) line.commits = [...repo.pending];
    this.emit(line, finished);
    repo.pending = [];
    repo.deployed = repo.head;
    return { id, finished };
  }

  /** The hotfix ships the way the repo deploys: by the pipeline, or by its author by hand. */
  private fixDeploy(repo: RepoState, at: number, bad: BadDeploy): void {
    const rng = this.rng;
    const by: Starter = repo.spec.deploy?.trigger === "manual" && bad.fixAuthor !== null ? { creator: bad.fixAuthor, trigger: "manual" } : AUTOMATIC;
    const { id, finished } = this.ship(repo, at, true, by);
    this.respondToBadDeploy(bad, finished + rng.between(5, 15) * MINUTE, id);
  }

  /** A rollback: by the on-call engineer answering the incident, or by the pipeline's canary analysis. */
  private rollback(repo: RepoState, at: number, bad: BadDeploy): RepoEvent[] {
    const rng = this.rng;
    const finished = at + rng.between(2, 4) * MINUTE;
    const by: Starter = repo.spec.deploy?.rollbackBy === "pipeline" ? AUTOMATIC : { creator: this.onCall(bad.created, 1), trigger: "manual" };
    this.emit(
      {
        kind: "deployment",
        id: this.deploymentId(repo),
        repo: repo.repo,
        environment: "production",
        status: "success",
        started_at: iso(at),
        finished_at: iso(finished),
        sha: bad.previous,
        commits: [],
        rollback: true,
        ...by,
      },
      finished,
    );
    repo.deployed = bad.previous;
    const resolved = finished + rng.between(3, 10) * MINUTE;
    this.respondToBadDeploy(bad, resolved);
    // The bad change is reverted on the default branch and ships with the next deployment.
    return [{ t: resolved + rng.between(30, 120) * MINUTE, type: "revert", title: bad.revertTitle }];
  }

  private respondToBadDeploy(bad: BadDeploy, resolved: number, fixDeploymentId?: string): void {
    const { ops } = this.team;
    const ackAfter = Math.min(this.rng.between(ops.ackMinutes[0], ops.ackMinutes[1]) * MINUTE, (resolved - bad.created) / 2);
    const r: Respond = {
      incidentId: bad.incidentId,
      service: bad.service,
      created: bad.created,
      resolved,
      title: bad.title,
      urgency: "high",
      ackAfter,
      secondary: false,
      alertKey: `${bad.service}/error-rate`,
      deploymentId: bad.deploymentId,
    };
    if (fixDeploymentId !== undefined) r.fixDeploymentId = fixDeploymentId;
    this.respond(r);
  }
}

/** The index of the on-call week containing `t` (weeks start Monday 09:00 UTC). */
function rotationWeek(t: number): number {
  return Math.floor((t - FIRST_MONDAY - HANDOVER) / WEEK);
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

/**
 * Where a demo record would live at its source, shaped as GitHub and PagerDuty shape them
 * (github.com/{owner}/{repo}/commit/{sha} and /actions/runs/{id}/attempts/{n} from GitHub's web
 * URLs; {subdomain}.pagerduty.com/incidents/{id}, the `html_url` of PagerDuty's incident object),
 * so every drill-down row can link out as it would on a real install. Changes carry theirs already.
 */
function withSourceUrl(line: IngestLine): IngestLine {
  switch (line.kind) {
    case "deployment":
      return line.url === undefined ? { ...line, url: `https://github.com/${line.repo}/commit/${line.sha}` } : line;
    case "ci_run":
      return line.url === undefined ? { ...line, url: `https://github.com/${line.repo}/actions/runs/${encodeURIComponent(line.id)}/attempts/${line.attempt}` } : line;
    case "incident":
      return line.url === undefined ? { ...line, url: `https://demo.pagerduty.com/incidents/${encodeURIComponent(line.id)}` } : line;
    default:
      return line;
  }
}
