/**
 * Field rules shared by everything users type or send: the config file and the ingest format
 * name teams, repositories and time zones the same way, so they are checked the same way.
 */
import { z } from "zod";
import { hasNul, int4Message, isInt4, KEY_MAX_BYTES, keyMessage, NUL_MESSAGE, PATH_MAX_BYTES, utf8Bytes } from "@opsledger/db/values";

/** Zones already accepted: building a formatter per check was a cost on every person of an import. */
const knownZones = new Set<string>();
const KNOWN_ZONES_MAX = 1_000;

export function isTimeZone(tz: string): boolean {
  if (knownZones.has(tz)) return true;
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
  } catch {
    return false;
  }
  if (knownZones.size < KNOWN_ZONES_MAX) knownZones.add(tz);
  return true;
}

/**
 * The value rules both databases share (@opsledger/db/values, docs/decisions/0006): text without
 * NUL; key text (ids, repos, shas, people, services) within its byte limit; integers within int4.
 */
export const text = z.string().refine((s) => !hasNul(s), NUL_MESSAGE);
// A UTF-16 code unit is at most 3 bytes of UTF-8: short strings (nearly all) skip the count.
const withinBytes = (max: number) => (s: string) => s.length * 3 <= max || utf8Bytes(s) <= max;
export const keyText = text.refine(withinBytes(KEY_MAX_BYTES), keyMessage(KEY_MAX_BYTES));
export const pathText = text.refine(withinBytes(PATH_MAX_BYTES), keyMessage(PATH_MAX_BYTES));
export const int4 = z.number().refine(isInt4, int4Message);

export const slug = keyText.regex(/^[a-z0-9][a-z0-9-]*$/, "must be a slug: lower-case letters, digits and dashes");
/**
 * A repository: GitHub's `owner/name`, or a GitLab project as `gitlab:group/project` (subgroups
 * allowed: `gitlab:group/subgroup/project`) — the one string every record, team and cursor uses.
 */
export const REPO_PATTERN = /^(?:[^/\s:]+\/[^/\s]+|gitlab:[^/\s]+(?:\/[^/\s]+)+)$/;
export const repoName = keyText.regex(REPO_PATTERN, 'must be "owner/name" (GitHub) or "gitlab:group/project" (GitLab)');
/** A GitLab project as it is stored: `gitlab:` and its full path. */
export const gitlabProject = keyText.regex(/^gitlab:[^/\s]+(?:\/[^/\s]+)+$/, 'must be "gitlab:group/project"');
export const timeZone = z.string().refine(isTimeZone, "must be an IANA time zone such as Europe/Berlin");
/** A pattern matched case-insensitively (production environments, rework labels). */
export const pattern = z.string().refine((s) => {
  try {
    new RegExp(s, "i");
    return true;
  } catch {
    return false;
  }
}, "must be a valid regular expression");

/**
 * A team's repo → services mapping must stay inside the team: every key one of its repos, every
 * service one of its services. Each problem's path is relative to the mapping ([repo] or [repo, i]).
 */
export function repoServiceProblems(
  repos: readonly string[],
  services: readonly string[],
  mapping: Readonly<Record<string, readonly string[]>>,
): { path: [string] | [string, number]; message: string }[] {
  const problems: { path: [string] | [string, number]; message: string }[] = [];
  const ownRepos = new Set(repos);
  const ownServices = new Set(services);
  for (const [repo, list] of Object.entries(mapping)) {
    if (!ownRepos.has(repo)) problems.push({ path: [repo], message: `"${repo}" is not one of the team's repos` });
    list.forEach((service, i) => {
      if (!ownServices.has(service)) problems.push({ path: [repo, i], message: `"${service}" is not one of the team's services` });
    });
  }
  return problems;
}
