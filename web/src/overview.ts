/** Ordering of the overview's team rows: by any column, with "no data" always last. */

export type SortKey = "name" | "deploymentFrequency" | "leadTime" | "changeFailureRate" | "recoveryTime" | "opsShare" | "ciMedian" | "verdict";
export type SortDir = "asc" | "desc";

export const SORT_KEYS: readonly SortKey[] = ["name", "deploymentFrequency", "leadTime", "changeFailureRate", "recoveryTime", "opsShare", "ciMedian", "verdict"];

type Tier = "elite" | "high" | "medium" | "low" | null;
type Verdict = "fund-now" | "watch" | "not-yet" | "no-data";

/** The fields of an org-summary team row the ordering reads (the API's row fits). */
export interface OverviewRowLike {
  team: string;
  name: string;
  dora: {
    deploymentFrequency: { tier: Tier };
    leadTime: { tier: Tier };
    changeFailureRate: { tier: Tier };
    recoveryTime: { tier: Tier };
  };
  opsShare: number | null;
  ciMedianMinutes: number | null;
  verdict: Verdict;
}

const TIER_RANK: Record<Exclude<Tier, null>, number> = { elite: 4, high: 3, medium: 2, low: 1 };
const VERDICT_RANK: Record<Verdict, number | null> = { "fund-now": 3, watch: 2, "not-yet": 1, "no-data": null };

function sortValue(row: OverviewRowLike, key: SortKey): string | number | null {
  switch (key) {
    case "name":
      return row.name.toLowerCase();
    case "deploymentFrequency":
    case "leadTime":
    case "changeFailureRate":
    case "recoveryTime": {
      const tier = row.dora[key].tier;
      return tier === null ? null : TIER_RANK[tier];
    }
    case "opsShare":
      return row.opsShare;
    case "ciMedian":
      return row.ciMedianMinutes;
    case "verdict":
      return VERDICT_RANK[row.verdict];
  }
}

/** A new array in the requested order; ties keep the name order, rows without a value go last. */
export function sortRows<R extends OverviewRowLike>(rows: readonly R[], key: SortKey, dir: SortDir): R[] {
  const sign = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    if (va === null && vb !== null) return 1;
    if (vb === null && va !== null) return -1;
    if (va !== null && vb !== null && va !== vb) return (va < vb ? -1 : 1) * sign;
    return a.name.localeCompare(b.name);
  });
}

/** The column a header click sorts by and its direction: same column flips, a new one starts at its natural order. */
export function nextSort(current: { key: SortKey; dir: SortDir }, clicked: SortKey): { key: SortKey; dir: SortDir } {
  if (current.key === clicked) return { key: clicked, dir: current.dir === "asc" ? "desc" : "asc" };
  return { key: clicked, dir: clicked === "name" ? "asc" : "desc" };
}

export function readSort(params: URLSearchParams): { key: SortKey; dir: SortDir } {
  const key = params.get("sort");
  const dir = params.get("dir");
  const found = SORT_KEYS.find((k) => k === key);
  return { key: found ?? "verdict", dir: dir === "asc" || dir === "desc" ? dir : found === "name" ? "asc" : "desc" };
}
