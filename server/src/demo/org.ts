/**
 * The demo organisation: who works where, which repositories and services each team owns, and
 * the knobs that give every team its shape (DESIGN.md "The fund DevOps signals", "Ops work").
 * The numbers are per squad: `--scale N` gives every team N squads of this shape. What each team
 * is shaped to show is `DEMO_SHAPE`, below the teams.
 */
import type { LedgerCategory } from "@opsledger/db";
import type { SignalId, SignalStatus, Verdict } from "../metrics/types.ts";

export interface PersonSpec {
  /** Also the GitHub login and the id changes, pages and shifts use. */
  slug: string;
  name: string;
  timezone: string;
}

export interface CiSpec {
  workflows: string[];
  /** Workflows that gate pull requests only and do not run again on the default branch. */
  prOnly: string[];
  /** Median run duration, minutes. */
  medianMinutes: number;
  /** Sigma of the log of the duration. */
  spread: number;
  /** Share of first attempts that fail. */
  failureRate: number;
  /** Per workflow, a share of failing first attempts that replaces `failureRate` (a flaky suite). */
  failureRates: Readonly<Record<string, number>>;
  /** Longest wait in the queue, minutes. */
  queueMinutes: number;
  /** Every commit of a pull request is pushed on its own and runs CI (else only the last one or two). */
  everyPush: boolean;
  /** Share of failed attempts someone re-runs (the author mostly, a reviewer or teammate otherwise). */
  rerunShare: number;
  /** Share of re-runs that pass (the failure was flaky). */
  rerunPasses: number;
  /** Most attempts of one run, the first included. */
  maxAttempts: number;
}

export interface DeploySpec {
  /** 0 = Monday … 6 = Sunday (the team's local calendar). */
  weekdays: number[];
  /** Local wall-clock hours of the deploy slots. */
  hours: number[];
  /** Deploy at every slot even with nothing new merged (a config or dependency refresh). */
  always: boolean;
  /** A staging deployment of the same sha shortly before each production one. */
  staging: boolean;
  /** Share of production deployments reported without a commit list. */
  noCommitList: number;
  /** Share of production deployments that cause an incident. */
  badRate: number;
  /** Share of those bad deployments undone by a rollback (the rest get a hotfix deployment). */
  rollbackShare: number;
  /**
   * Who starts a production deployment: `automatic`, the pipeline on a schedule
   * (github-actions[bot]); `manual`, one of the repo's authors by hand (deployment toil).
   * Staging deployments are always automatic.
   */
  trigger: "automatic" | "manual";
  /** Who rolls a bad deployment back: the on-call engineer by hand, or the pipeline's canary analysis. */
  rollbackBy: "person" | "pipeline";
}

/**
 * The paths a repository's changes touch. Ops paths match DEFAULT_OPS_PATHS (server/src/config/
 * schema.ts): CI workflows, Dockerfiles, Helm charts, manifests, Terraform, deploy scripts.
 */
export interface FilesSpec {
  /** Directories of product code (files are named in them); empty when every file is an ops file. */
  productDirs: string[];
  /** Extension of product files. */
  ext: string;
  /** The repository's ops files a change may touch. */
  ops: string[];
  /** Share of human changes that touch ops files. */
  opsChanges: number;
  /** Of a change that touches ops files: the share of its files that are ops files. */
  opsFileShare: [number, number];
  /** Label some ops changes carry (DEFAULT_OPS_LABELS: it makes the whole change ops work); null when the team does not label them. */
  opsLabel: string | null;
}

export interface RepoSpec {
  name: string;
  /**
   * The service its production deployments run (the team's `repo_services` says so); incidents
   * from a bad deploy land there.
   */
  service: string | null;
  /** Indices into the team's people. */
  authors: number[];
  /** Human changes merged a week (on weekdays). */
  changesPerWeek: number;
  botChangesPerWeek: number;
  /** Hours: first commit → opened, opened → first review, first review → merged. */
  lead: { coding: [number, number]; pickup: [number, number]; review: [number, number] };
  ci: CiSpec;
  deploy: DeploySpec | null;
  files: FilesSpec;
}

export interface FlappingSpec {
  key: string;
  service: string;
  title: string;
  perDay: number;
  /** Share of the firings that open an incident and page the on-call by push. */
  pagedShare: number;
}

export interface OpsSpec {
  /** High-urgency incidents a week that no deployment caused, in non-overlapping slots. */
  incidentsPerWeek: number;
  /** Acknowledged → resolved, minutes. */
  engagedMinutes: [number, number];
  /** Created → acknowledged, minutes. */
  ackMinutes: [number, number];
  /** Probability the level-2 responder is paged in and acknowledges too. */
  secondaryJoins: number;
  /** Low-urgency incidents a week, notified by email only. */
  lowUrgencyPerWeek: number;
  /** Alerts a week that open no incident: they time out, resolve by themselves or are marked noise. */
  noiseAlertsPerWeek: number;
  flapping: FlappingSpec[];
  /**
   * Services the non-deploy incidents and alerts land on, each with its relative weight. A service
   * no repo deploys (a vendor gateway, a managed cluster) loads on-call without failing changes.
   */
  services: (readonly [string, number])[];
  incidentTitles: string[];
  alertKeys: string[];
}

export interface TeamSpec {
  id: DemoTeamId;
  name: string;
  /** Where the team works from: its working hours and deploy slots are in this zone. */
  timezone: string;
  people: PersonSpec[];
  /** Indices of the people in the weekly on-call rotation. */
  onCall: number[];
  services: string[];
  compliance: string[];
  repos: RepoSpec[];
  ops: OpsSpec;
}

const WEEKDAYS = [0, 1, 2, 3, 4];

const ci = (medianMinutes: number, failureRate: number, more: Partial<CiSpec> = {}): CiSpec => {
  const workflows = more.workflows ?? ["ci"];
  return {
    workflows,
    prOnly: workflows.filter((w) => w === "e2e"),
    medianMinutes,
    spread: 0.22,
    failureRate,
    failureRates: {},
    queueMinutes: 1.5,
    everyPush: false,
    rerunShare: 0.5,
    rerunPasses: 0.7,
    maxAttempts: 2,
    ...more,
  };
};

const fastLead = { coding: [1, 5], pickup: [0.3, 2], review: [0.3, 2] } satisfies RepoSpec["lead"];
const usualLead = { coding: [3, 30], pickup: [1, 20], review: [1, 10] } satisfies RepoSpec["lead"];

const deploy = (weekdays: number[], hours: number[], more: Partial<DeploySpec> = {}): DeploySpec => ({
  weekdays,
  hours,
  always: false,
  staging: true,
  noCommitList: 0,
  badRate: 0.05,
  rollbackShare: 0.5,
  trigger: "automatic",
  rollbackBy: "person",
  ...more,
});

/** A product repository: code in `productDirs`, now and then a change to its CI workflow, Dockerfile or chart. */
const product = (productDirs: string[], ext: string, ops: string[], more: Partial<FilesSpec> = {}): FilesSpec => ({
  productDirs,
  ext,
  ops,
  opsChanges: 0.06,
  opsFileShare: [0.15, 0.5],
  opsLabel: null,
  ...more,
});

/** The ops files most service repositories have. */
const serviceOps = (name: string): string[] => [".github/workflows/ci.yml", ".github/workflows/deploy.yml", "Dockerfile", `helm/${name}/values.yaml`, `helm/${name}/templates/deployment.yaml`];

export const TEAMS: readonly TeamSpec[] = [
  // Elite delivery: production deploys every weekday (>= 5 deploy days a week), lead time under a
  // day, change failure rate ~2-3% (bad deploys undone within the hour by the pipeline's canary
  // rollback, and the odd degraded incident in a deploy's window), CI ~6 min with ~4% failures.
  // Deploys and rollbacks are automatic, so they cost nobody a context switch; an occasional
  // change to a workflow or chart is most of their ops work: ops share ~3% (ops changes
  // dominant). Every signal ok.
  {
    id: "platform",
    name: "Platform",
    timezone: "Europe/Berlin",
    people: [
      { slug: "lena-hoffmann", name: "Lena Hoffmann", timezone: "Europe/Berlin" },
      { slug: "jonas-becker", name: "Jonas Becker", timezone: "Europe/Berlin" },
      { slug: "mia-wagner", name: "Mia Wagner", timezone: "Europe/Berlin" },
      { slug: "felix-braun", name: "Felix Braun", timezone: "Europe/Berlin" },
      { slug: "oliver-hughes", name: "Oliver Hughes", timezone: "Europe/London" },
    ],
    onCall: [0, 1, 2, 3, 4],
    services: ["platform-api", "auth"],
    compliance: [],
    repos: [
      {
        name: "platform-api",
        service: "platform-api",
        authors: [0, 1, 2, 3],
        changesPerWeek: 16,
        botChangesPerWeek: 1,
        lead: fastLead,
        ci: ci(6, 0.035),
        deploy: deploy(WEEKDAYS, [10.5, 15.5], { always: true, staging: false, badRate: 0.015, rollbackShare: 1, rollbackBy: "pipeline" }),
        files: product(["internal/api", "internal/store", "internal/tenants", "cmd/platform-api"], "go", serviceOps("platform-api"), { opsChanges: 0.08, opsLabel: "ci" }),
      },
      {
        name: "auth-service",
        service: "auth",
        authors: [1, 3, 4],
        changesPerWeek: 5,
        botChangesPerWeek: 0.5,
        lead: fastLead,
        ci: ci(5, 0.035),
        deploy: deploy([1, 3], [14], { staging: false, badRate: 0.015, rollbackShare: 1, rollbackBy: "pipeline" }),
        files: product(["internal/tokens", "internal/oauth", "internal/sessions"], "go", serviceOps("auth"), { opsChanges: 0.08, opsLabel: "ci" }),
      },
    ],
    ops: {
      incidentsPerWeek: 0,
      engagedMinutes: [20, 40],
      ackMinutes: [1, 4],
      secondaryJoins: 0,
      lowUrgencyPerWeek: 0.15,
      noiseAlertsPerWeek: 1,
      flapping: [],
      services: [["platform-api", 1], ["auth", 1]],
      incidentTitles: ["Elevated 5xx on platform-api", "Token refresh latency above SLO"],
      alertKeys: ["platform-api/error-rate", "auth/token-latency", "platform-api/disk-usage"],
    },
  },
  // On fire: ~19 high-urgency incidents a week around the clock (sleep-hour pages), engaged 1-3 h,
  // half of them with the secondary pulled in: alerts alone are ~32% of the team's week, ops share
  // ~34% (ops-load firing, alerts dominant). Declares SOC 2 and PCI DSS (compliance firing), so a
  // person runs every production deployment after the change is approved (a little deployment
  // toil). ~4 deploys a week, CI ~10 min; at most 4 people per repo.
  {
    id: "payments",
    name: "Payments",
    timezone: "America/New_York",
    people: [
      { slug: "sarah-mitchell", name: "Sarah Mitchell", timezone: "America/New_York" },
      { slug: "david-kim", name: "David Kim", timezone: "America/New_York" },
      { slug: "maria-gonzalez", name: "Maria Gonzalez", timezone: "America/New_York" },
      { slug: "james-carter", name: "James Carter", timezone: "America/Chicago" },
      { slug: "priya-raman", name: "Priya Raman", timezone: "America/New_York" },
      { slug: "lukas-meyer", name: "Lukas Meyer", timezone: "Europe/Berlin" },
    ],
    onCall: [0, 1, 2, 3, 4, 5],
    // psp-gateway is the card processor's gateway: the team answers for it, no repo of theirs deploys it.
    services: ["payments", "billing", "psp-gateway"],
    compliance: ["SOC 2", "PCI DSS"],
    repos: [
      {
        name: "payments-api",
        service: "payments",
        authors: [0, 1, 2, 4],
        changesPerWeek: 8,
        botChangesPerWeek: 1,
        lead: usualLead,
        ci: ci(11, 0.06),
        deploy: deploy([1, 3], [11], { badRate: 0.1, trigger: "manual" }),
        files: product(["src/main/java/com/acme/payments", "src/main/java/com/acme/psp", "src/test/java/com/acme/payments"], "java", serviceOps("payments-api")),
      },
      {
        name: "billing-worker",
        service: "billing",
        authors: [1, 3, 5],
        changesPerWeek: 4,
        botChangesPerWeek: 0.5,
        lead: usualLead,
        ci: ci(9, 0.06),
        deploy: deploy([2], [11], { badRate: 0.1, trigger: "manual" }),
        files: product(["src/main/java/com/acme/billing", "src/test/java/com/acme/billing"], "java", serviceOps("billing-worker")),
      },
      {
        name: "ledger",
        service: "billing",
        authors: [0, 2, 3, 5],
        changesPerWeek: 3,
        botChangesPerWeek: 0.5,
        lead: usualLead,
        ci: ci(8, 0.05),
        deploy: deploy([0], [14], { badRate: 0.1, trigger: "manual" }),
        files: product(["src/main/java/com/acme/ledger", "src/main/resources/db/migration", "src/test/java/com/acme/ledger"], "java", serviceOps("ledger")),
      },
    ],
    ops: {
      incidentsPerWeek: 19,
      engagedMinutes: [60, 180],
      ackMinutes: [1, 8],
      secondaryJoins: 0.5,
      lowUrgencyPerWeek: 3,
      noiseAlertsPerWeek: 5,
      flapping: [],
      // Most pages come from the card processor (acquirer outages, fraud-check timeouts), not from
      // the team's own changes: on-call is on fire while change failure stays around 20-30%.
      services: [
        ["payments", 1],
        ["billing", 1],
        ["psp-gateway", 16],
      ],
      incidentTitles: [
        "Card authorisations failing for one acquirer",
        "Payment webhooks delayed",
        "Checkout payment latency above SLO",
        "Refund queue backing up",
        "Settlement file import failed",
        "Fraud-check provider timing out",
        "Duplicate charge reports",
      ],
      alertKeys: ["payments/auth-error-rate", "payments/webhook-lag", "billing/queue-depth", "billing/settlement-import", "payments/psp-timeouts"],
    },
  },
  // Nine engineers on one repo (team-size firing), ~15 production deploys a week with ~25-minute
  // CI (delivery-pressure firing). The pipeline is the team's ops work: every push runs CI and a
  // flaky end-to-end suite fails a third of its first attempts, so engineers re-run it, sometimes
  // twice, until it passes — pipeline toil ~14% of the week, pages ~1%: ops share ~18%
  // (ops-load warning, pipeline dominant).
  {
    id: "storefront",
    name: "Storefront",
    timezone: "America/Los_Angeles",
    people: [
      { slug: "emily-chen", name: "Emily Chen", timezone: "America/Los_Angeles" },
      { slug: "ryan-walker", name: "Ryan Walker", timezone: "America/Los_Angeles" },
      { slug: "sofia-martinez", name: "Sofia Martinez", timezone: "America/Los_Angeles" },
      { slug: "tyler-brooks", name: "Tyler Brooks", timezone: "America/Los_Angeles" },
      { slug: "hannah-lee", name: "Hannah Lee", timezone: "America/Los_Angeles" },
      { slug: "marcus-johnson", name: "Marcus Johnson", timezone: "America/Los_Angeles" },
      { slug: "olivia-turner", name: "Olivia Turner", timezone: "America/New_York" },
      { slug: "nathan-price", name: "Nathan Price", timezone: "America/New_York" },
      { slug: "chloe-adams", name: "Chloe Adams", timezone: "America/Denver" },
    ],
    onCall: [0, 1, 2, 3, 4, 5, 6, 7, 8],
    services: ["storefront"],
    compliance: [],
    repos: [
      {
        name: "storefront-web",
        service: "storefront",
        authors: [0, 1, 2, 3, 4, 5, 6, 7, 8],
        changesPerWeek: 38,
        botChangesPerWeek: 1.5,
        lead: usualLead,
        ci: ci(25, 0.12, { workflows: ["ci", "e2e"], failureRates: { e2e: 0.38 }, queueMinutes: 5, everyPush: true, rerunShare: 0.9, rerunPasses: 0.7, maxAttempts: 3 }),
        deploy: deploy(WEEKDAYS, [11.5, 14.5, 17.5], { badRate: 0.05 }),
        files: product(["src/pages", "src/components", "src/checkout", "src/cart", "src/lib", "e2e/specs"], "tsx", [".github/workflows/ci.yml", ".github/workflows/e2e.yml", "Dockerfile", "deploy/cdn-invalidate.sh"], { opsChanges: 0.04 }),
      },
      {
        name: "design-system",
        service: null,
        authors: [0, 2, 4],
        changesPerWeek: 3,
        botChangesPerWeek: 0.5,
        lead: usualLead,
        ci: ci(24, 0.1, { queueMinutes: 5, everyPush: true, rerunShare: 0.9, rerunPasses: 0.65, maxAttempts: 3 }),
        deploy: null,
        files: product(["src/components", "src/tokens", "stories"], "tsx", [".github/workflows/ci.yml", ".github/workflows/release.yml"]),
      },
      {
        name: "storefront-e2e",
        service: null,
        authors: [1, 5],
        changesPerWeek: 1,
        botChangesPerWeek: 0.3,
        lead: usualLead,
        ci: ci(26, 0.1, { queueMinutes: 5, everyPush: true, rerunShare: 0.9, rerunPasses: 0.65, maxAttempts: 3 }),
        deploy: null,
        files: product(["specs/checkout", "specs/search", "fixtures"], "ts", [".github/workflows/nightly.yml", "docker-compose.yml"]),
      },
    ],
    ops: {
      incidentsPerWeek: 1,
      engagedMinutes: [30, 90],
      ackMinutes: [1, 6],
      secondaryJoins: 0.2,
      lowUrgencyPerWeek: 1,
      noiseAlertsPerWeek: 3,
      flapping: [],
      services: [["storefront", 1]],
      incidentTitles: ["Product pages slow in EU", "Cart service returning 502", "Image CDN misses spiking", "Search box suggestions empty"],
      alertKeys: ["storefront/lcp-p75", "storefront/5xx-rate", "storefront/cdn-miss-rate"],
    },
  },
  // Small and quiet: 3 people, 2 repos, ~2 deploys a week, pages ~1% of the week; they keep their
  // own workflows, Dockerfiles and charts, which is most of their ops work: ops share ~7% (ops
  // changes dominant). Every signal ok.
  {
    id: "growth",
    name: "Growth",
    timezone: "Europe/Berlin",
    people: [
      { slug: "anna-fischer", name: "Anna Fischer", timezone: "Europe/Berlin" },
      { slug: "paul-schneider", name: "Paul Schneider", timezone: "Europe/Berlin" },
      { slug: "ines-costa", name: "Inês Costa", timezone: "Europe/Lisbon" },
    ],
    // Inês is the team's product engineer and is not on the rotation.
    onCall: [0, 1],
    services: ["growth"],
    compliance: [],
    repos: [
      {
        name: "growth-experiments",
        service: "growth",
        authors: [0, 1, 2],
        changesPerWeek: 4,
        botChangesPerWeek: 0.3,
        lead: usualLead,
        ci: ci(7, 0.06),
        deploy: deploy([1], [11], { badRate: 0.04 }),
        files: product(["app/experiments", "app/assignment", "app/models", "spec"], "rb", serviceOps("growth-experiments"), { opsChanges: 0.2, opsFileShare: [0.1, 0.35] }),
      },
      {
        name: "email-campaigns",
        service: "growth",
        authors: [0, 1],
        changesPerWeek: 2,
        botChangesPerWeek: 0.3,
        lead: usualLead,
        ci: ci(6, 0.05),
        deploy: deploy([3], [11], { badRate: 0.04 }),
        files: product(["app/campaigns", "app/templates", "spec"], "rb", [".github/workflows/ci.yml", ".github/workflows/deploy.yml", "Procfile", "Dockerfile"], { opsChanges: 0.2, opsFileShare: [0.1, 0.35] }),
      },
    ],
    ops: {
      incidentsPerWeek: 0.3,
      engagedMinutes: [20, 60],
      ackMinutes: [2, 10],
      secondaryJoins: 0,
      lowUrgencyPerWeek: 0.5,
      noiseAlertsPerWeek: 1,
      flapping: [],
      services: [["growth", 1]],
      incidentTitles: ["Experiment assignment service down", "Campaign send job failed"],
      alertKeys: ["growth/assignment-errors", "growth/send-failures"],
    },
  },
  // Flapping alerts: two keys fire 5-8 times a day and clear by themselves, most of them paging
  // by push; with a few real incidents, alerts take ~15% of the team's week and pipeline toil and
  // changes to the search cluster's chart a little more: ops share ~18% (ops-load warning,
  // alerts dominant).
  {
    id: "search",
    name: "Search",
    timezone: "Asia/Kolkata",
    people: [
      { slug: "arjun-sharma", name: "Arjun Sharma", timezone: "Asia/Kolkata" },
      { slug: "neha-gupta", name: "Neha Gupta", timezone: "Asia/Kolkata" },
      { slug: "rahul-verma", name: "Rahul Verma", timezone: "Asia/Kolkata" },
      { slug: "kavya-iyer", name: "Kavya Iyer", timezone: "Asia/Kolkata" },
      { slug: "vikram-nair", name: "Vikram Nair", timezone: "Asia/Kolkata" },
      { slug: "sebastian-wolf", name: "Sebastian Wolf", timezone: "Europe/Berlin" },
    ],
    onCall: [0, 1, 2, 3, 4, 5],
    // search-cluster is the managed search cluster and its ingest queue: paged for, deployed by no repo.
    services: ["search", "search-cluster"],
    compliance: [],
    repos: [
      {
        name: "search-api",
        service: "search",
        authors: [0, 1, 2, 5],
        changesPerWeek: 7,
        botChangesPerWeek: 0.5,
        lead: usualLead,
        ci: ci(12, 0.08),
        deploy: deploy([0, 2, 4], [11], { badRate: 0.04 }),
        files: product(["src/main/kotlin/search/api", "src/main/kotlin/search/query", "src/test/kotlin/search"], "kt", serviceOps("search-api")),
      },
      {
        name: "search-indexer",
        service: "search",
        authors: [2, 3, 4],
        changesPerWeek: 4,
        botChangesPerWeek: 0.5,
        lead: usualLead,
        ci: ci(14, 0.1),
        deploy: deploy([1], [12], { badRate: 0.04 }),
        files: product(["indexer/pipeline", "indexer/sources", "tests"], "py", serviceOps("search-indexer")),
      },
      {
        name: "search-ranking",
        service: "search",
        authors: [0, 3, 4],
        changesPerWeek: 3,
        botChangesPerWeek: 0.3,
        lead: usualLead,
        ci: ci(10, 0.06),
        deploy: deploy([3], [12], { badRate: 0.04 }),
        files: product(["ranking/features", "ranking/models", "tests"], "py", serviceOps("search-ranking")),
      },
      {
        name: "search-config",
        service: null,
        authors: [1, 5],
        changesPerWeek: 2,
        botChangesPerWeek: 0,
        lead: usualLead,
        ci: ci(3, 0.04),
        deploy: null,
        // Index settings and synonyms, and the managed cluster's chart and manifests.
        files: product(["indices", "synonyms"], "json", ["helm/search-cluster/values.yaml", "k8s/search-cluster/statefulset.yaml", "k8s/search-cluster/ingest-queue.yaml"], {
          opsChanges: 0.1,
          opsFileShare: [0.4, 0.8],
        }),
      },
    ],
    ops: {
      incidentsPerWeek: 6,
      engagedMinutes: [45, 120],
      ackMinutes: [2, 8],
      secondaryJoins: 0.2,
      lowUrgencyPerWeek: 1,
      noiseAlertsPerWeek: 3,
      flapping: [
        { key: "search/indexer-queue-lag", service: "search-cluster", title: "Indexer queue lag above 10k documents", perDay: 8, pagedShare: 0.6 },
        { key: "search/api-p99-latency", service: "search-cluster", title: "Search API p99 latency above 800 ms", perDay: 5, pagedShare: 0.55 },
      ],
      // The cluster, not the team's deploys, is behind most incidents: change failure ~25%.
      services: [
        ["search", 1],
        ["search-cluster", 3],
      ],
      incidentTitles: ["Search results stale", "Index rebuild stuck", "Search API error rate above 2%"],
      alertKeys: ["search/shard-unassigned", "search/heap-usage", "search/error-rate"],
    },
  },
  // Five repos deploying to production (architecture firing), five services. The team's work is
  // operations: ~40% of what its changes touch is Terraform, Helm charts, manifests and
  // workflows (ops changes, estimated, ~23% of the week), and an engineer runs every production
  // deployment by hand, DNS records daily (deployment toil ~2.5%); with ~8% on alerts the ops
  // share is ~35% (ops-load firing, ops changes dominant) while the measured part alone is ~12%.
  {
    id: "infra",
    name: "Infrastructure",
    timezone: "America/New_York",
    people: [
      { slug: "michael-evans", name: "Michael Evans", timezone: "America/New_York" },
      { slug: "jessica-moore", name: "Jessica Moore", timezone: "America/New_York" },
      { slug: "daniel-foster", name: "Daniel Foster", timezone: "America/New_York" },
      { slug: "aditya-rao", name: "Aditya Rao", timezone: "Asia/Kolkata" },
      { slug: "sneha-kulkarni", name: "Sneha Kulkarni", timezone: "Asia/Kolkata" },
      { slug: "george-wright", name: "George Wright", timezone: "Europe/London" },
      { slug: "amelia-clarke", name: "Amelia Clarke", timezone: "Europe/London" },
    ],
    onCall: [0, 1, 2, 3, 4, 5, 6],
    services: ["gateway", "dns", "k8s", "observability", "secrets"],
    compliance: [],
    repos: [
      {
        name: "edge-gateway",
        service: "gateway",
        authors: [0, 1, 5],
        changesPerWeek: 3,
        botChangesPerWeek: 0.5,
        lead: usualLead,
        ci: ci(9, 0.06),
        deploy: deploy(WEEKDAYS, [10], { badRate: 0.04, trigger: "manual" }),
        files: product(["filters", "routing", "tls", "tests"], "go", serviceOps("edge-gateway"), { opsChanges: 0.35, opsFileShare: [0.3, 0.8], opsLabel: "infra" }),
      },
      {
        name: "dns-controller",
        service: "dns",
        authors: [2, 3, 6],
        changesPerWeek: 2,
        botChangesPerWeek: 0.3,
        lead: usualLead,
        ci: ci(7, 0.05),
        // Deployed by a script run by hand every weekday (the day's DNS records), which does not
        // report what it shipped.
        deploy: deploy(WEEKDAYS, [10], { always: true, badRate: 0.02, noCommitList: 0.4, staging: false, trigger: "manual" }),
        files: product(["pkg/dns", "pkg/providers", "cmd/dns-controller"], "go", [".github/workflows/release.yml", "Dockerfile", "deploy/push-records.sh", "k8s/dns-controller.yaml"], {
          opsChanges: 0.3,
          opsFileShare: [0.3, 0.7],
          opsLabel: "infra",
        }),
      },
      {
        name: "k8s-operators",
        service: "k8s",
        authors: [3, 4, 5],
        changesPerWeek: 3,
        botChangesPerWeek: 0.5,
        lead: usualLead,
        ci: ci(12, 0.08),
        deploy: deploy([1, 3], [10], { badRate: 0.04, trigger: "manual" }),
        files: product(["controllers", "api/v1", "pkg/reconcile"], "go", ["charts/operators/values.yaml", "charts/operators/templates/crds.yaml", "config/kustomization.yaml", "Dockerfile", ".github/workflows/ci.yml"], {
          opsChanges: 0.5,
          opsFileShare: [0.3, 0.8],
          opsLabel: "infra",
        }),
      },
      {
        name: "observability-stack",
        service: "observability",
        authors: [0, 4, 6],
        changesPerWeek: 3,
        botChangesPerWeek: 0.5,
        lead: usualLead,
        ci: ci(8, 0.05),
        deploy: deploy([0, 2, 4], [14], { badRate: 0.04, trigger: "manual" }),
        files: product(["dashboards", "rules"], "json", ["helm/prometheus/values.yaml", "helm/grafana/values.yaml", "helm/loki/values.yaml", "terraform/monitoring.tf"], {
          opsChanges: 0.6,
          opsFileShare: [0.4, 0.9],
          opsLabel: "infra",
        }),
      },
      {
        name: "secrets-manager",
        service: "secrets",
        authors: [1, 2, 6],
        changesPerWeek: 2,
        botChangesPerWeek: 0.3,
        lead: usualLead,
        ci: ci(8, 0.05),
        deploy: deploy([3], [14], { badRate: 0.04, trigger: "manual" }),
        files: product(["src/vault", "src/rotation", "tests"], "go", ["terraform/vault.tf", "terraform/iam.tf", "Dockerfile", ".github/workflows/ci.yml"], {
          opsChanges: 0.35,
          opsFileShare: [0.3, 0.7],
          opsLabel: "infra",
        }),
      },
      {
        name: "terraform-modules",
        service: null,
        authors: [0, 2, 5],
        changesPerWeek: 2,
        botChangesPerWeek: 0.3,
        lead: usualLead,
        ci: ci(4, 0.04),
        deploy: null,
        // Terraform all the way down: every file an ops file.
        files: { productDirs: [], ext: "tf", ops: ["modules/vpc/main.tf", "modules/vpc/variables.tf", "modules/eks/main.tf", "modules/eks/outputs.tf", "modules/rds/main.tf", "modules/iam/policies.tf", "environments/prod/main.tf", "environments/prod/terraform.tfvars"], opsChanges: 1, opsFileShare: [1, 1], opsLabel: "infra" },
      },
    ],
    ops: {
      incidentsPerWeek: 9,
      engagedMinutes: [40, 120],
      ackMinutes: [1, 6],
      secondaryJoins: 0.3,
      lowUrgencyPerWeek: 2,
      noiseAlertsPerWeek: 4,
      flapping: [],
      services: [["gateway", 1], ["dns", 1], ["k8s", 1], ["observability", 1], ["secrets", 1]],
      incidentTitles: ["Node pool out of capacity", "Gateway TLS handshake errors", "DNS resolution failures in us-east", "Prometheus dropping samples", "Vault seal status unknown"],
      alertKeys: ["k8s/node-pressure", "gateway/tls-errors", "dns/resolution-failures", "observability/ingest-drops", "secrets/seal-status"],
    },
  },
];

export type DemoTeamId = "platform" | "payments" | "storefront" | "growth" | "search" | "infra";

/**
 * What a team's repositories show at HEAD and what it declares, for the maturity scorecard
 * (issue 16). Every repo of the team shows its own ops files and product folders; these are the
 * rest. The records (deployments, reviews, incidents) give the other checks.
 */
export interface MaturitySpec {
  /** Paths every repo of the team shows at HEAD besides its own files (runbooks/, modules/, template.yaml). */
  paths: string[];
  /** Policy and cost tools the workflows run. */
  workflowTools: string[];
  /** Required status checks and approving reviews on every default branch. */
  requiredStatusChecks: number;
  requiredApprovingReviews: number;
  /** Every human change is reviewed (else some 4% are merged without one, as in most teams). */
  reviewsEnforced: boolean;
  /** Days before the demo's today of the last backup restore test and rollback drill (an earlier one every 60 days); null: none declared. */
  restoreTestDaysAgo: number | null;
  rollbackDrillDaysAgo: number | null;
  /** What changed since the oldest observation, at the start of the history (the scorecard's history shows the progress). */
  earlier: Partial<Pick<MaturitySpec, "paths" | "workflowTools" | "requiredStatusChecks">>;
}

/**
 * The maturity knobs per team, giving the phases DEMO_SHAPE states: payments deploys by hand and
 * never tested a restore (phase 0); infra deploys by hand too but keeps modules, policy and cost
 * checks (phase 0 with the plan's warning); storefront and search are survivable but merge
 * unreviewed changes, storefront without required checks, search without runbooks (phase 1);
 * platform is safe to change but has no staging, modules or cost view (phase 2); growth does it
 * all, and added Infracost during the year (phase 3).
 */
export const MATURITY: Readonly<Record<DemoTeamId, MaturitySpec>> = {
  platform: {
    paths: ["runbooks/"],
    workflowTools: ["trivy"],
    requiredStatusChecks: 2,
    requiredApprovingReviews: 1,
    reviewsEnforced: true,
    restoreTestDaysAgo: 30,
    // Canary rollbacks are rare; the team rehearses one every month.
    rollbackDrillDaysAgo: 20,
    earlier: {},
  },
  payments: { paths: [], workflowTools: [], requiredStatusChecks: 1, requiredApprovingReviews: 2, reviewsEnforced: false, restoreTestDaysAgo: null, rollbackDrillDaysAgo: null, earlier: {} },
  // The storefront's Helm charts live in a charts/ folder its changes seldom touch.
  storefront: { paths: ["charts/"], workflowTools: [], requiredStatusChecks: 0, requiredApprovingReviews: 1, reviewsEnforced: false, restoreTestDaysAgo: 12, rollbackDrillDaysAgo: 60, earlier: {} },
  growth: {
    paths: ["runbooks/", "modules/", "template.yaml"],
    workflowTools: ["checkov", "infracost"],
    requiredStatusChecks: 2,
    requiredApprovingReviews: 1,
    reviewsEnforced: true,
    restoreTestDaysAgo: 25,
    rollbackDrillDaysAgo: 50,
    earlier: { workflowTools: ["checkov"] },
  },
  search: { paths: [], workflowTools: [], requiredStatusChecks: 1, requiredApprovingReviews: 1, reviewsEnforced: false, restoreTestDaysAgo: 40, rollbackDrillDaysAgo: 35, earlier: {} },
  // Infra has never declared a restore test.
  infra: { paths: ["modules/"], workflowTools: ["checkov", "tfsec", "infracost"], requiredStatusChecks: 1, requiredApprovingReviews: 1, reviewsEnforced: false, restoreTestDaysAgo: null, rollbackDrillDaysAgo: null, earlier: {} },
};

/** What one demo team is shaped to show, with the default thresholds (config/schema.ts). */
export interface TeamShape {
  /** Each signal's status as of the demo's today (and over the months before it). */
  signals: Readonly<Record<SignalId, Exclude<SignalStatus, "unknown">>>;
  verdict: Exclude<Verdict, "no-data">;
  /** The ledger category holding most of the team's ops-work minutes over the last 4 weeks. */
  dominant: LedgerCategory;
  /** Other categories shaped to stand out: each at least 2% of the team's week, charged to several people. */
  visible: LedgerCategory[];
  /** The maturity phase reached as of the demo's today (MATURITY gives it), and whether phase 3 work goes on while phase 1 fails. */
  maturity: { phase: 0 | 1 | 2 | 3; phase3WhilePhase1Fails: boolean };
}

const quiet = { "team-size": "ok", "delivery-pressure": "ok", architecture: "ok", compliance: "ok", "ops-load": "ok" } as const;

/**
 * Which team is shaped to alarm which signal: the one place the demo's tests (and anyone
 * demonstrating a signal, a notification or a report) read it from. Every signal fires for at
 * least one team and is ok for another; the ops-load signal fires through pages (payments) and
 * through ops changes (infra), warns through pipeline toil (storefront) and through flapping
 * alerts (search), and stays ok for the calm teams (platform, growth). The comments on `TEAMS`
 * say which knobs give each team its shape.
 */
export const DEMO_SHAPE: Readonly<Record<DemoTeamId, TeamShape>> = {
  platform: { signals: quiet, verdict: "not-yet", dominant: "ops_changes", visible: [], maturity: { phase: 2, phase3WhilePhase1Fails: false } },
  // Payments deploys by hand (phase 1 fails) through a staging environment that mirrors production (phase 3 work): warned.
  payments: { signals: { ...quiet, compliance: "firing", "ops-load": "firing" }, verdict: "fund-now", dominant: "alerts", visible: [], maturity: { phase: 0, phase3WhilePhase1Fails: true } },
  storefront: {
    signals: { ...quiet, "team-size": "firing", "delivery-pressure": "firing", "ops-load": "warning" },
    verdict: "fund-now",
    dominant: "pipeline",
    visible: [],
    maturity: { phase: 1, phase3WhilePhase1Fails: false },
  },
  growth: { signals: quiet, verdict: "not-yet", dominant: "ops_changes", visible: [], maturity: { phase: 3, phase3WhilePhase1Fails: false } },
  search: { signals: { ...quiet, "ops-load": "warning" }, verdict: "watch", dominant: "alerts", visible: [], maturity: { phase: 1, phase3WhilePhase1Fails: false } },
  infra: {
    signals: { ...quiet, architecture: "firing", "ops-load": "firing" },
    verdict: "fund-now",
    dominant: "ops_changes",
    visible: ["alerts", "deployments"],
    maturity: { phase: 0, phase3WhilePhase1Fails: true },
  },
};

/** People outside the six teams (engineering leadership): they show up in the people list only. */
export const LEADERSHIP: readonly PersonSpec[] = [
  { slug: "rachel-green", name: "Rachel Green", timezone: "America/New_York" },
  { slug: "thomas-mueller", name: "Thomas Müller", timezone: "Europe/Berlin" },
  { slug: "ananya-desai", name: "Ananya Desai", timezone: "Asia/Kolkata" },
  { slug: "kevin-obrien", name: "Kevin O'Brien", timezone: "America/Los_Angeles" },
];

export const ORG = "acme";

