/**
 * `opsledger` command line. Each command lives in its own file under commands/; this file only
 * wires arguments to them and turns failures into a message and a non-zero exit.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { migrateToLatest } from "@opsledger/db";
import { ConfigError } from "../config/load.ts";
import { VERSION } from "../version.ts";
import { parseQuarter, QUARTER_FORM, REPORT_FORMATS, type Quarter, type ReportFormat } from "../reports/index.ts";
import { openContext, type CliContext } from "./context.ts";
import { collectGithubCommand } from "./commands/collectGithub.ts";
import { collectPagerdutyCommand } from "./commands/collectPagerduty.ts";
import { collectGitlabCommand } from "./commands/collectGitlab.ts";
import { demo } from "./commands/demo.ts";
import { importFile } from "./commands/importFile.ts";
import { report } from "./commands/report.ts";
import { serve } from "./commands/serve.ts";
import { start } from "./commands/start.ts";

const positiveInt = (name: string) => (value: string) => {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError(`${name} must be a positive whole number`);
  return Number(value);
};

/** Run `body` with an open context and close it after, whatever happens. */
async function withContext(body: (ctx: CliContext) => Promise<number | void>, options: { migrate?: boolean } = {}): Promise<void> {
  const ctx = await openContext(options);
  try {
    const code = await body(ctx);
    if (typeof code === "number" && code !== 0) process.exitCode = code;
  } finally {
    await ctx.connection.close();
  }
}

export function buildProgram(): Command {
  const program = new Command()
    .name("opsledger")
    .description("Operational-maturity analytics: DORA, CI health, on-call load and the fund-DevOps signals.\n\nEnvironment: DATABASE_URL (sqlite:PATH or postgres://…), OPSLEDGER_CONFIG, OPSLEDGER_NOW (pin the clock), PORT, GITHUB_TOKEN, GITLAB_TOKEN, PAGERDUTY_TOKEN.")
    .version(VERSION);

  program
    .command("start")
    .description("migrate, load the demo org into an empty database when no source is configured, and serve")
    .option("--port <n>", "port (default PORT or 8080)", positiveInt("--port"))
    .option("--host <host>", "interface (default 127.0.0.1)")
    .action(async (opts: { port?: number; host?: string }) => {
      const ctx = await openContext();
      await start(ctx, opts);
    });

  program
    .command("serve")
    .description("serve the API and dashboard (default http://127.0.0.1:8080)")
    .option("--port <n>", "port (default PORT or 8080)", positiveInt("--port"))
    .option("--host <host>", "interface (default 127.0.0.1)")
    .action(async (opts: { port?: number; host?: string }) => {
      const ctx = await openContext();
      await serve(ctx, opts);
    });

  program
    .command("migrate")
    .description("apply pending database migrations")
    .action(() =>
      withContext(async (ctx) => {
        await migrateToLatest(ctx.connection.db, (line) => ctx.log(line));
        ctx.log("migrations are current");
      }, { migrate: false }),
    );

  program
    .command("import")
    .description("import an NDJSON file (or a JSON array) in the ingest format; - reads stdin")
    .argument("<file>", "path, or - for stdin")
    .action((file: string) => withContext((ctx) => importFile(ctx, file)));

  program
    .command("demo")
    .description("load the deterministic synthetic demo organisation, then exit")
    .option("--scale <n>", "multiply the volume of activity", positiveInt("--scale"), 1)
    .option("--seed <n>", "random seed", positiveInt("--seed"), 1)
    .action((opts: { scale: number; seed: number }) => withContext((ctx) => demo(ctx, opts)));

  // `collect <source>`: one subcommand per source on this parent.
  const collect = program.command("collect").description("pull activity from a source into the database (incremental, resumable)");

  collect
    .command("pagerduty")
    .description("incidents, alerts, pages, acknowledgements and on-call shifts from PagerDuty (PAGERDUTY_TOKEN)")
    .option("--since <date>", "collect from this day (YYYY-MM-DD, UTC) whatever the stored cursors say")
    .option("--dry-run", "read and map everything, write nothing")
    .action((opts: { since?: string; dryRun?: boolean }) => withContext((ctx) => collectPagerdutyCommand(ctx, opts)));

  collect
    .command("github")
    .description("merged PRs, deployments, Actions runs and active committers from GitHub (GITHUB_TOKEN)")
    .option("--repo <owner/name>", "only this repository (repeat for more)", (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option("--since <date>", "where a first sync starts (YYYY-MM-DD, UTC); later syncs continue from their cursors")
    .option("--dry-run", "print the plan and the estimated GraphQL points; write nothing")
    .action((opts: { repo: string[]; since?: string; dryRun?: boolean }) => withContext((ctx) => collectGithubCommand(ctx, opts)));

  collect
    .command("gitlab")
    .description("merged merge requests, pipelines, deployments and incident issues from GitLab.com or a self-managed instance (GITLAB_TOKEN)")
    .option("--project <gitlab:group/project>", "only this project (repeat for more)", (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option("--since <date>", "where a first sync starts (YYYY-MM-DD, UTC); later syncs continue from their cursors")
    .option("--dry-run", "print the plan and the estimated requests; write nothing")
    .action((opts: { project: string[]; since?: string; dryRun?: boolean }) => withContext((ctx) => collectGitlabCommand(ctx, opts)));

  program
    .command("report")
    .description("the quarterly leadership report: org verdict, firing signals with evidence, quarter over quarter per team")
    .option("--quarter <quarter>", `${QUARTER_FORM}; default the last complete quarter`, (value: string): Quarter => {
      const quarter = parseQuarter(value);
      if (quarter === null) throw new InvalidArgumentError(`expected ${QUARTER_FORM}`);
      return quarter;
    })
    .addOption(new Option("--format <format>", "output format").choices(REPORT_FORMATS).default("md"))
    .option("--out <file>", "write to a file instead of stdout")
    .action((opts: { quarter?: Quarter; format: ReportFormat; out?: string }) => withContext((ctx) => report(ctx, opts, ctx.env.now())));

  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof ConfigError) console.error(error.message);
    else console.error(`opsledger: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
