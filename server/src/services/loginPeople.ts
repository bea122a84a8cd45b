/**
 * Who a source login is, for display (issue 13: names, not ids): the person the identity rule
 * (`fact_identities`: the person whose `github` it is, else the person with that id) maps it to,
 * with that person's name. The signals' evidence and the changes drill-down both read it here, so
 * a login reads as the same name everywhere.
 */
import { getPeopleNames, personsOfLogins, type Db } from "@opsledger/db";

/** The person and name behind each login; logins of no known person are left out. */
export async function peopleOfLogins(db: Db, logins: readonly string[]): Promise<Map<string, { person: string; name: string }>> {
  const persons = await personsOfLogins(db, logins);
  const names = await getPeopleNames(db, [...new Set(persons.values())]);
  return new Map(
    [...persons].flatMap(([login, person]) => {
      const name = names.get(person)?.name;
      return name === undefined ? [] : [[login, { person, name }] as const];
    }),
  );
}

/** Display names of source logins; logins of no known person are left out. */
export async function namesOfLogins(db: Db, logins: readonly string[]): Promise<Map<string, string>> {
  return new Map([...(await peopleOfLogins(db, logins))].map(([login, p]) => [login, p.name]));
}
