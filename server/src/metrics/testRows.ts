/** Small row builders for the metric tests: only the fields a test cares about need to be given. */
import type {
  Acknowledgement,
  Alert,
  Change,
  CiRun,
  Committer,
  Deployment,
  Incident,
  OncallShift,
  Page,
  Person,
  Team,
} from "@opsledger/db";
import { configSchema } from "../config/schema.ts";
import { settingsFromConfig, type MetricSettings } from "./settings.ts";

/** UTC instant from "YYYY-MM-DDTHH:MM[:SS]" (no zone: always UTC in tests). */
export const t = (s: string): number => {
  const ms = Date.parse(`${s.length === 10 ? `${s}T00:00` : s}Z`);
  if (Number.isNaN(ms)) throw new Error(`bad test instant ${s}`);
  return ms;
};

export const win = (from: string, to: string): { from: number; to: number } => ({ from: t(from), to: t(to) });

export const settings = (config: unknown = {}): MetricSettings => settingsFromConfig(configSchema.parse(config));

export const deployment = (p: Partial<Deployment> & { id: string; at: string }): Deployment => {
  const { at, ...rest } = p;
  return {
    source: "test",
    repo: "acme/api",
    environment: "production",
    status: "success",
    startedAt: null,
    finishedAt: t(at),
    sha: p.id,
    commits: [],
    rollback: false,
    url: null,
    creator: null,
    trigger: null,
    ...rest,
  };
};

export const change = (
  p: Partial<Omit<Change, "createdAt" | "mergedAt" | "firstCommitAt" | "firstReviewAt">> & {
    id: string;
    created: string;
    merged: string;
    firstCommit?: string;
    firstReview?: string;
  },
): Change => {
  const { created, merged, firstCommit, firstReview, ...rest } = p;
  return {
    source: "test",
    repo: "acme/api",
    number: 1,
    author: "alice",
    bot: false,
    draft: false,
    createdAt: t(created),
    firstCommitAt: firstCommit === undefined ? null : t(firstCommit),
    firstReviewAt: firstReview === undefined ? null : t(firstReview),
    mergedAt: t(merged),
    mergeSha: `merge-${p.id}`,
    commits: [],
    labels: [],
    title: null,
    additions: null,
    deletions: null,
    url: null,
    files: null,
    changedFiles: null,
    ...rest,
  };
};

export const incident = (
  p: Partial<Omit<Incident, "createdAt" | "acknowledgedAt" | "resolvedAt">> & {
    id: string;
    created: string;
    acked?: string;
    resolved?: string;
  },
): Incident => {
  const { created, acked, resolved, ...rest } = p;
  return {
    source: "test",
    service: "api",
    title: p.id,
    urgency: "high",
    priority: null,
    createdAt: t(created),
    acknowledgedAt: acked === undefined ? null : t(acked),
    resolvedAt: resolved === undefined ? null : t(resolved),
    deploymentId: null,
    fixDeploymentId: null,
    url: null,
    ...rest,
  };
};

export const ciRun = (
  p: Partial<Omit<CiRun, "queuedAt" | "startedAt" | "finishedAt">> & { id: string; start: string; end: string; queued?: string },
): CiRun => {
  const { start, end, queued, ...rest } = p;
  return {
    source: "test",
    repo: "acme/api",
    workflow: "build",
    branch: "main",
    sha: p.id,
    event: "push",
    attempt: 1,
    status: "success",
    queuedAt: queued === undefined ? null : t(queued),
    startedAt: t(start),
    finishedAt: t(end),
    url: null,
    triggeredBy: null,
    ...rest,
  };
};

export const alert = (
  p: Partial<Omit<Alert, "createdAt" | "acknowledgedAt" | "resolvedAt">> & {
    id: string;
    created: string;
    acked?: string;
    resolved?: string;
  },
): Alert => {
  const { created, acked, resolved, ...rest } = p;
  return {
    source: "test",
    service: "api",
    key: "k",
    incidentId: null,
    createdAt: t(created),
    acknowledgedAt: acked === undefined ? null : t(acked),
    resolvedAt: resolved === undefined ? null : t(resolved),
    resolvedBy: resolved === undefined ? null : "person",
    noise: false,
    ...rest,
  };
};

let pageSeq = 0;
export const page = (person: string, at: string, channel: Page["channel"] = "push"): Page => ({
  source: "test",
  id: `page-${++pageSeq}`,
  person,
  incidentId: "i",
  at: t(at),
  channel,
});

export const shift = (person: string, start: string, end: string): OncallShift => ({
  source: "test",
  person,
  schedule: "primary",
  level: 1,
  start: t(start),
  end: t(end),
});

export const ack = (incidentId: string, person: string, at: string): Acknowledgement => ({
  source: "test",
  incidentId,
  person,
  at: t(at),
});

export const person = (id: string, timezone = "UTC"): Person => ({
  id,
  source: "test",
  name: id,
  email: null,
  timezone,
  github: null,
  pagerduty: null,
});

export const team = (p: Partial<Team> = {}): Team => ({
  id: "core",
  source: "test",
  name: "Core",
  members: [],
  repos: ["acme/api"],
  services: ["api"],
  repoServices: {},
  compliance: [],
  ...p,
});

export const committer = (repo: string, login: string, first: string, last: string): Committer => ({
  source: "test",
  repo,
  login,
  firstCommitAt: t(first),
  lastCommitAt: t(last),
  commits: 1,
});
