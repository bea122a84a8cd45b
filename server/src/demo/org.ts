/**
 * The demo organisation: who works where, which repositories and services each team owns, and
 * the knobs that give every team its shape (DESIGN.md "The fund DevOps signals"). The numbers are
 * per squad: `--scale N` gives every team N squads of this shape.
 */

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
  /** Longest wait in the queue, minutes. */
  queueMinutes: number;
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
  id: string;
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

const ci = (medianMinutes: number, failureRate: number, workflows: string[] = ["ci"], queueMinutes = 1.5): CiSpec => ({
  workflows,
  prOnly: workflows.filter((w) => w === "e2e"),
  medianMinutes,
  spread: 0.22,
  failureRate,
  queueMinutes,
});

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
  ...more,
});

export const TEAMS: readonly TeamSpec[] = [
  // Elite delivery: production deploys every weekday (>= 5 deploy days a week), lead time under a
  // day, change failure rate ~2-3% (bad deploys fixed by a rollback within the hour, and the odd
  // degraded incident in a deploy's window), CI ~6 min with ~4% failures,
  // on-call load well under 5%. Every signal ok.
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
        deploy: deploy(WEEKDAYS, [10.5, 15.5], { always: true, staging: false, badRate: 0.015, rollbackShare: 1 }),
      },
      {
        name: "auth-service",
        service: "auth",
        authors: [1, 3, 4],
        changesPerWeek: 5,
        botChangesPerWeek: 0.5,
        lead: fastLead,
        ci: ci(5, 0.035),
        deploy: deploy([1, 3], [14], { staging: false, badRate: 0.015, rollbackShare: 1 }),
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
  // half of them with the secondary pulled in: ops share ~30% (ops-load firing). Declares SOC 2 and
  // PCI DSS (compliance firing). ~4 deploys a week, CI ~10 min; at most 4 people per repo.
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
        deploy: deploy([1, 3], [11], { badRate: 0.1 }),
      },
      {
        name: "billing-worker",
        service: "billing",
        authors: [1, 3, 5],
        changesPerWeek: 4,
        botChangesPerWeek: 0.5,
        lead: usualLead,
        ci: ci(9, 0.06),
        deploy: deploy([2], [11], { badRate: 0.1 }),
      },
      {
        name: "ledger",
        service: "billing",
        authors: [0, 2, 3, 5],
        changesPerWeek: 3,
        botChangesPerWeek: 0.5,
        lead: usualLead,
        ci: ci(8, 0.05),
        deploy: deploy([0], [14], { badRate: 0.1 }),
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
  // CI (delivery-pressure firing); on-call load ~1%.
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
        ci: ci(25, 0.12, ["ci", "e2e"], 5),
        deploy: deploy(WEEKDAYS, [11.5, 14.5, 17.5], { badRate: 0.05 }),
      },
      {
        name: "design-system",
        service: null,
        authors: [0, 2, 4],
        changesPerWeek: 3,
        botChangesPerWeek: 0.5,
        lead: usualLead,
        ci: ci(24, 0.1, ["ci"], 5),
        deploy: null,
      },
      {
        name: "storefront-e2e",
        service: null,
        authors: [1, 5],
        changesPerWeek: 1,
        botChangesPerWeek: 0.3,
        lead: usualLead,
        ci: ci(26, 0.1, ["ci"], 5),
        deploy: null,
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
  // Small and quiet: 3 people, 2 repos, ~2 deploys a week, on-call load ~1%, every signal ok.
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
  // by push; with a few real incidents the ops share sits at ~17% (ops-load warning).
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
        { key: "search/indexer-queue-lag", service: "search-cluster", title: "Indexer queue lag above 10k documents", perDay: 8, pagedShare: 0.8 },
        { key: "search/api-p99-latency", service: "search-cluster", title: "Search API p99 latency above 800 ms", perDay: 5, pagedShare: 0.7 },
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
  // Five repos deploying to production (architecture firing), five services; ops share ~8%.
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
        deploy: deploy([0, 3], [10], { badRate: 0.04 }),
      },
      {
        name: "dns-controller",
        service: "dns",
        authors: [2, 3, 6],
        changesPerWeek: 2,
        botChangesPerWeek: 0.3,
        lead: usualLead,
        ci: ci(7, 0.05),
        // Deployed by a script that does not report what it shipped.
        deploy: deploy([2], [10], { badRate: 0.04, noCommitList: 0.4, staging: false }),
      },
      {
        name: "k8s-operators",
        service: "k8s",
        authors: [3, 4, 5],
        changesPerWeek: 3,
        botChangesPerWeek: 0.5,
        lead: usualLead,
        ci: ci(12, 0.08),
        deploy: deploy([1, 4], [10], { badRate: 0.04 }),
      },
      {
        name: "observability-stack",
        service: "observability",
        authors: [0, 4, 6],
        changesPerWeek: 3,
        botChangesPerWeek: 0.5,
        lead: usualLead,
        ci: ci(8, 0.05),
        deploy: deploy([0, 2], [14], { badRate: 0.04 }),
      },
      {
        name: "secrets-manager",
        service: "secrets",
        authors: [1, 2, 6],
        changesPerWeek: 2,
        botChangesPerWeek: 0.3,
        lead: usualLead,
        ci: ci(8, 0.05),
        deploy: deploy([3], [14], { badRate: 0.04 }),
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

/** People outside the six teams (engineering leadership): they show up in the people list only. */
export const LEADERSHIP: readonly PersonSpec[] = [
  { slug: "rachel-green", name: "Rachel Green", timezone: "America/New_York" },
  { slug: "thomas-mueller", name: "Thomas Müller", timezone: "Europe/Berlin" },
  { slug: "ananya-desai", name: "Ananya Desai", timezone: "Asia/Kolkata" },
  { slug: "kevin-obrien", name: "Kevin O'Brien", timezone: "America/Los_Angeles" },
];

export const ORG = "acme";

/**
 * The fund-DevOps signals each team is shaped to fire (the comments on TEAMS say how), at the
 * DESIGN.md thresholds: evaluating the demo with the default notification rules (one per signal,
 * firing when it fires) must alarm exactly these teams for exactly these signals
 * (notifications/demo.test.ts). Search's ops load only warns (~17%), below the firing line.
 * Reshaping a team means updating its entry here.
 */
export const DEMO_ALARMS: Readonly<Record<string, readonly ("team-size" | "delivery-pressure" | "architecture" | "compliance" | "ops-load")[]>> = {
  platform: [],
  payments: ["compliance", "ops-load"],
  storefront: ["team-size", "delivery-pressure"],
  growth: [],
  search: [],
  infra: ["architecture"],
};
