/**
 * What a derivation pass still has to bring up to date, gathered as it goes: each unit of the
 * read model (a deployment, a repo's changes, a key's alerts, a team's span of deployments, a
 * person's span of pages, …) with the time it covers. Units add to later units as they run; the
 * order in `increment.ts` makes every unit run after everything that can dirty it.
 */
import type { CiPair, EpochMs, SourcedKey } from "@opsledger/db";

export interface Span {
  from: EpochMs;
  to: EpochMs;
}

/** Spans per key, each the smallest span covering everything added. */
export class SpanMap {
  readonly spans = new Map<string, Span>();
  add(key: string, from: EpochMs, to: EpochMs = from): void {
    const s = this.spans.get(key);
    if (s) {
      s.from = Math.min(s.from, from);
      s.to = Math.max(s.to, to);
    } else this.spans.set(key, { from, to });
  }
  get size(): number {
    return this.spans.size;
  }
  entries(): [string, Span][] {
    return [...this.spans.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

/** (source, id) keys, each once. */
export class KeySet {
  private readonly keys = new Map<string, SourcedKey>();
  add(k: SourcedKey): void {
    this.keys.set(`${k.source}\u0000${k.id}`, { source: k.source, id: k.id });
  }
  addAll(ks: Iterable<SourcedKey>): void {
    for (const k of ks) this.add(k);
  }
  get size(): number {
    return this.keys.size;
  }
  list(): SourcedKey[] {
    return [...this.keys.values()];
  }
}

export class Dirty {
  /** Deployments whose production fact to derive again. */
  readonly deploys = new KeySet();
  /** Changes to attribute again, per repo; `touched`: changes whose record was written (their author's time and CI toil change too). */
  readonly changes = new Map<string, KeySet>();
  readonly touchedChanges = new KeySet();
  readonly incidents = new KeySet();
  /** Incidents (by id alone) whose first acknowledgement may have moved. */
  readonly incidentIds = new Set<string>();
  /** Incident keys whose record was written: their failure charges may have moved. */
  readonly touchedIncidents = new KeySet();
  readonly alertKeys = new SpanMap();
  readonly ciPairs = new Map<string, CiPair>();
  /** Team deployments to classify again. */
  readonly teamSpans = new SpanMap();
  /** Team weeks to roll up again. */
  readonly teamWeeks = new SpanMap();
  /** A person's pages and acknowledgements (interruptions, engaged time). */
  readonly personAlerts = new SpanMap();
  /** A person's acknowledgements of these incidents (their engaged time and its category). */
  readonly personIncidents = new Map<string, Set<string>>();
  /** CI runs and deployments whose toil items to derive again. */
  readonly pipelineRuns = new KeySet();
  readonly toilDeploys = new KeySet();
  /** A person's days of work on changes (estimated ops changes, author time). */
  readonly personDays = new SpanMap();
  readonly personWeeks = new SpanMap();
  /** Teams whose results any cache must drop. */
  readonly versionTeams = new Set<string>();

  changesOf(repo: string): KeySet {
    let set = this.changes.get(repo);
    if (!set) {
      set = new KeySet();
      this.changes.set(repo, set);
    }
    return set;
  }

  ciPair(p: CiPair): void {
    this.ciPairs.set(`${p.repo}\u0000${p.workflow}\u0000${p.sha}`, { repo: p.repo, workflow: p.workflow, sha: p.sha });
  }

  personIncident(person: string, incidentId: string): void {
    let set = this.personIncidents.get(person);
    if (!set) {
      set = new Set();
      this.personIncidents.set(person, set);
    }
    set.add(incidentId);
  }
}
