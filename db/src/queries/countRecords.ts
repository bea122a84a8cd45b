import type { Db } from "../connection.ts";

/** How many rows the main tables hold; used to tell an empty database (start-up loads the demo then). */
export async function countRecords(db: Db): Promise<{ teams: number; deployments: number; changes: number; incidents: number }> {
  const count = async (table: "teams" | "deployments" | "changes" | "incidents") =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  const [teams, deployments, changes, incidents] = await Promise.all([
    count("teams"),
    count("deployments"),
    count("changes"),
    count("incidents"),
  ]);
  return { teams, deployments, changes, incidents };
}
