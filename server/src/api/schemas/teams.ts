import { z } from "@hono/zod-openapi";
import type { Team } from "@opsledger/db";
import type { InSync, Same } from "./sync.ts";

export const teamSchema = z
  .strictObject({
    team: z.string().openapi({ description: "The team id (a slug): the `team` in every other path and response", example: "payments" }),
    name: z.string().openapi({ example: "Payments" }),
    members: z.array(z.string()).openapi({ description: "Person ids" }),
    repos: z.array(z.string()).openapi({ example: ["acme/payments-api"] }),
    services: z.array(z.string()),
    repoServices: z.record(z.string(), z.array(z.string())).openapi({ description: "Per repo, the services its deployments run (none listed: every service of the team)" }),
    compliance: z.array(z.string()),
  })
  .openapi("Team");
export type _Team = InSync<Same<z.output<typeof teamSchema>, Omit<Team, "source" | "id"> & { team: string }>>;

export const teamsResponse = z.strictObject({ teams: z.array(teamSchema) }).openapi("TeamsResponse");
