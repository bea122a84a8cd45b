/**
 * One reading of a deployment's environment name, used everywhere environments are compared:
 * the collectors' deployment lines (which deployment came before which) and the metrics' count
 * of production environments. The production pattern matches case-insensitively, so
 * `production`, `Production` and ` PRODUCTION ` are one environment here too; `prod` is the
 * short name of `production` (the default pattern `^prod(uction)?$` takes both as one).
 * Anything else — `prod-eu`, `production-us` — is another environment.
 */
export function environmentKey(environment: string): string {
  const e = environment.trim().toLowerCase();
  return e === "prod" ? "production" : e;
}
