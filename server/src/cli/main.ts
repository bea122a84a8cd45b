/**
 * `opsledger` command line. Each command lives in its own file under commands/; this file only
 * wires arguments to them and turns failures into a message and a non-zero exit.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { migrateToLatest } from "@opsledger/db";
import { ConfigError } from "../config/load.ts";
import { VERSION } from "../version.ts";
import { parseQuarter, QUARTER_FORM, REPORT_FORMATS, type Quarter, type ReportFormat } from "../reports/index.ts";
import { openContext, type CliContext, type ContextOptions } from "./context.ts";
import { collectGithubCommand } from "./commands/collectGithub.ts";
import { collectPagerdutyCommand } from "./commands/collectPagerduty.ts";
import { collectGitlabCommand } from "./commands/collectGitlab.ts";
import { demo } from "./commands/demo.ts";
import { importFile } from "./commands/importFile.ts";
import { rederive } from "./commands/rederive.ts";
import { notifyDigest, notifyEvaluate, notifyTest } from "./commands/notify.ts";
import { report } from "./commands/report.ts";
import { serve } from "./commands/serve.ts";
import { start } from "./commands/start.ts";
import { worker } from "./commands/worker.ts";
import { createToken, listTokens, revokeToken } from "./commands/token.ts";
import { backupCommand, restoreCommand, verifyCommand } from "./commands/backup.ts";
import { ROLES, type Role } from "../api/schemas/system.ts";
import { createScrubber, secretValues } from "../observability/redact.ts";

const positiveInt = (name: string) => (value: string) => {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError(`${name} must be a positive whole number`);
  return Number(value);
};

/** Run `body` with an open context and close it after, whatever happens. */
async function withContext(body: (ctx: CliContext) => Promise<number | void>, options: ContextOptions = {}): Promise<void> {
  const ctx = await openContext(options);
  try {
    const code = await body(ctx);
    if (typeof code === "number" && code !== 0) process.exitCode = code;
    // Whatever a command wrote (even a collection that stopped half-way) is derived before exit.
    if (options.migrate !== false) await ctx.deriver.drain();
  } finally {
    await ctx.connection.close();
  }
}

export function buildProgram(): Command {
  const program = new Command()
    .name("opsledger")
    .description(
      "Operational-maturity analytics: DORA, CI health, on-call load and the fund-DevOps signals.\n\nEnvironment: DATABASE_URL (sqlite:PATH or postgres://…), OPSLEDGER_CONFIG, OPSLEDGER_NOW (pin the clock), PORT, HOST, OPSLEDGER_SECRET (API tokens), OPSLEDGER_ALLOWED_HOSTS, OPSLEDGER_TRUSTED_PROXIES, LOG_LEVEL, GITHUB_TOKEN, GITLAB_TOKEN, GITLAB_URL, PAGERDUTY_TOKEN, OPSLEDGER_CHANNEL_<NAME>_URL and _SECRET (notification channels); the README lists them all.",
    )
    .version(VERSION);

  program
    .command("start")
    .description("migrate, load the demo org into an empty database when no source is configured, and serve")
    .option("--port <n>", "port (default PORT or 8080)", positiveInt("--port"))
    .option("--host <host>", "interface (default 127.0.0.1)")
    .action(async (opts: { port?: number; host?: string }) => {
      const ctx = await openContext({ structured: true });
      await start(ctx, opts);
    });

  program
    .command("serve")
    .description("serve the API and dashboard (default http://127.0.0.1:8080)")
    .option("--port <n>", "port (default PORT or 8080)", positiveInt("--port"))
    .option("--host <host>", "interface (default 127.0.0.1)")
    .action(async (opts: { port?: number; host?: string }) => {
      const ctx = await openContext({ structured: true });
      try {
        await serve(ctx, opts);
      } catch (error) {
        await ctx.connection.close();
        throw error;
      }
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
    .command("rederive")
    .description("derive every fact and rollup again from the records (after a bug fix, or to check the read model)")
    .action(() => withContext((ctx) => rederive(ctx), { ensureDerived: false }));

  program
    .command("demo")
    .description("load the deterministic synthetic demo organization, then exit")
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
    .command("worker")
    .description("run scheduled jobs (collection, rule evaluation, digests) from the Postgres job queue; no HTTP")
    .action(async () => {
      const ctx = await openContext();
      await worker(ctx);
    });

  // `notify <action>`: threshold notifications and digests by hand.
  const notify = program.command("notify").description("threshold notifications: send a test, evaluate the rules, make a digest");

  notify
    .command("test")
    .description("send a sample notification on one channel and say whether it arrived")
    .requiredOption("--channel <name>", "a channel of notifications.channels")
    .action((opts: { channel: string }) => withContext((ctx) => notifyTest(ctx, opts)));

  notify
    .command("evaluate")
    .description("evaluate every rule now: what fires and why; records the changes and sends them unless --dry-run")
    .option("--dry-run", "show what would fire and why; record and send nothing")
    .action((opts: { dryRun?: boolean }) => withContext((ctx) => notifyEvaluate(ctx, opts)));

  notify
    .command("digest")
    .description("make a digest of notifications.digests now and send it (once per team and period)")
    .argument("<id>", "the digest's id (its kind when it has none: weekly, sprint)")
    .option("--team <id>", "only this team (repeat for more)", (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option("--dry-run", "print the digest; record and send nothing")
    .action((id: string, opts: { team: string[]; dryRun?: boolean }) => withContext((ctx) => notifyDigest(ctx, { digest: id, team: opts.team, dryRun: opts.dryRun })));

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

  const token = program.command("token").description("API tokens: for scripts, Prometheus and signing the web app in (needs OPSLEDGER_SECRET)");
  token
    .command("create")
    .description("create a token and print it (once)")
    .requiredOption("--name <name>", "what the token is for (shown in `token list` and the logs)")
    .addOption(new Option("--role <role>", "viewer: dashboards and the read API; admin: also ingest and configuration").choices(ROLES).default("viewer"))
    .action((opts: { name: string; role: Role }) => withContext((ctx) => createToken(ctx, opts)));
  token
    .command("list")
    .description("every token: id, name, role, created, last used, revoked")
    .action(() => withContext((ctx) => listTokens(ctx)));
  token
    .command("revoke")
    .description("revoke a token by id: requests with it are refused from then on")
    .argument("<id>", "the token id (`token list`)")
    .action((id: string) => withContext((ctx) => revokeToken(ctx, id)));

  program
    .command("backup")
    .description("write every table to FILE (gzip NDJSON with a manifest of row counts and checksums), consistent while the server keeps writing")
    .argument("<file>", "a new file")
    .action((file: string) => withContext((ctx) => backupCommand(ctx, file), { migrate: false }));
  program
    .command("restore")
    .description("load a backup into an empty database (SQLite or Postgres, whichever DATABASE_URL names), checked against its manifest")
    .argument("<file>", "a backup file")
    .action((file: string) => withContext((ctx) => restoreCommand(ctx, file), { migrate: false }));
  program
    .command("verify")
    .description("check a backup: that the file matches its manifest and the database holds exactly what it says")
    .argument("<file>", "a backup file")
    .option("--file-only", "check the file alone, not the database")
    .action((file: string, opts: { fileOnly?: boolean }) => withContext((ctx) => verifyCommand(ctx, file, opts), { migrate: false }));

  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    // Whatever a library put in its message, the secrets this process holds are masked.
    const scrub = createScrubber(secretValues(process.env));
    if (error instanceof ConfigError) console.error(scrub(error.message));
    else console.error(`opsledger: ${scrub(error instanceof Error ? error.message : String(error))}`);
    process.exitCode = 1;
  }
}
