/**
 * Field rules shared by everything users type or send: the config file and the ingest format
 * name teams, repositories and time zones the same way, so they are checked the same way.
 */
import { z } from "zod";

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be a slug: lower-case letters, digits and dashes");
export const repoName = z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'must be "owner/name"');
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
