import fs from "node:fs";
import { settingsFromConfig } from "../../metrics/index.ts";
import {
  buildReport,
  lastCompleteQuarter,
  quarterLabel,
  quarterStatus,
  quarterWindow,
  renderReport,
  type Quarter,
  type ReportFormat,
} from "../../reports/index.ts";
import type { CliContext } from "../context.ts";

export interface ReportOptions {
  /** Default: the last complete quarter. */
  quarter?: Quarter;
  format: ReportFormat;
  /** Write here instead of stdout. */
  out?: string;
}

/** `opsledger report [--quarter 2026-Q3] [--format md|html|json|csv] [--out FILE]`. Returns the exit code. */
export async function report(ctx: CliContext, options: ReportOptions, now: number): Promise<number> {
  const quarter = options.quarter ?? lastCompleteQuarter(now);
  if (quarterStatus(quarter, now) === "future") {
    ctx.log(`quarter ${quarterLabel(quarter)} is in the future (it begins ${new Date(quarterWindow(quarter).from).toISOString().slice(0, 10)}); choose a quarter that has started`);
    return 1;
  }
  const result = await buildReport(ctx.connection.db, {
    quarter,
    now,
    settings: settingsFromConfig(ctx.config),
    organization: ctx.config.organization.name,
    config: ctx.config,
  });
  const { body } = renderReport(result, options.format);
  if (options.out === undefined) {
    process.stdout.write(body);
  } else {
    try {
      fs.writeFileSync(options.out, body);
    } catch (error) {
      ctx.log(`cannot write ${options.out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      return 1;
    }
    ctx.log(`report for ${quarterLabel(quarter)} written to ${options.out}`);
  }
  return 0;
}
