/**
 * login → person (`fact_identities`): a source login (a change's author, a deployment's creator,
 * who re-ran a CI run) is the person whose `github` it is, else the person with that id. Derived
 * from the people table whenever a person changes; the deriver re-derives the ledger of every
 * person a changed login moved from or to.
 */
import type { Db } from "../connection.ts";
import { compareText, inChunks } from "../queries/readHelpers.ts";
import { upsertRows } from "../writes/upsert.ts";

/** The mapping the people table implies now (pure over its rows). */
export function identitiesOf(people: readonly { id: string; github: string | null }[]): Map<string, string> {
  const sorted = [...people].sort((a, b) => compareText(a.id, b.id));
  const map = new Map<string, string>();
  // A login someone claims as their GitHub login is theirs (the first by id when two claim it)…
  for (const p of sorted) if (p.github !== null && !map.has(p.github)) map.set(p.github, p.id);
  // …otherwise a login that is a person's id is that person.
  for (const p of sorted) if (!map.has(p.id)) map.set(p.id, p.id);
  return map;
}

/** Bring `fact_identities` in line with the people table; returns the logins whose person changed, with their old and new people. */
export async function refreshIdentities(db: Db): Promise<{ logins: string[]; people: string[] }> {
  const [people, stored] = await Promise.all([
    db.selectFrom("people").select(["id", "github"]).execute(),
    db.selectFrom("fact_identities").select(["login", "person"]).execute(),
  ]);
  const now = identitiesOf(people);
  const before = new Map(stored.map((r) => [r.login, r.person]));
  const logins: string[] = [];
  const affected = new Set<string>();
  for (const [login, person] of now) {
    const old = before.get(login);
    if (old !== person) {
      logins.push(login);
      affected.add(person);
      if (old !== undefined) affected.add(old);
    }
  }
  const gone = [...before.keys()].filter((login) => !now.has(login));
  for (const login of gone) {
    logins.push(login);
    const old = before.get(login);
    if (old !== undefined) affected.add(old);
  }
  if (gone.length > 0) await inChunks(gone, async (chunk) => (await db.deleteFrom("fact_identities").where("login", "in", chunk).execute(), []));
  await upsertRows(
    db,
    "fact_identities",
    ["login"],
    logins.filter((l) => now.has(l)).map((login) => ({ login, person: now.get(login) ?? login })),
  );
  return { logins: logins.sort(compareText), people: [...affected].sort(compareText) };
}

/** The people of some logins (unknown logins are left out). */
export async function personsOfLogins(db: Db, logins: readonly string[]): Promise<Map<string, string>> {
  const rows = await inChunks(logins, (chunk) => db.selectFrom("fact_identities").select(["login", "person"]).where("login", "in", chunk).execute());
  return new Map(rows.map((r) => [r.login, r.person]));
}

/** Every login of a person. */
export async function loginsOfPerson(db: Db, person: string): Promise<string[]> {
  const rows = await db.selectFrom("fact_identities").select("login").where("person", "=", person).execute();
  return rows.map((r) => r.login).sort(compareText);
}
