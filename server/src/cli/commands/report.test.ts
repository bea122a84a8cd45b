/** `opsledger report` run as a user would: the real binary against a SQLite database holding the demo org. */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { childEnv, createTestDatabase, type TestDatabase } from "@opsledger/db/testing";
import { loadDemo } from "../../demo/index.ts";
import { DEMO_SHAPE, TEAMS } from "../../demo/org.ts";
import { CATEGORY_LABELS as LABELS } from "../../reports/model.ts";
import { lastCompleteQuarter, quarterLabel, quarterOf, nextQuarter } from "../../reports/index.ts";

const BIN = path.resolve(import.meta.dirname, "../../../../bin/opsledger.js");
const NOW = Date.UTC(2026, 10, 21);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "opsledger-report-"));

describe("opsledger report", () => {
  let t: TestDatabase;
  const run = (args: string[]) => {
    const result = spawnSync(process.execPath, [BIN, "report", ...args], {
      encoding: "utf8",
      cwd: tmp,
      env: childEnv({ DATABASE_URL: t.url, OPSLEDGER_NOW: new Date(NOW).toISOString() }),
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  beforeAll(async () => {
    t = await createTestDatabase("sqlite");
    await loadDemo(t.db, { scale: 1, seed: 1, now: NOW });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test("--format md prints the verdict first, the firing signals with evidence, and every team", () => {
    const { code, stdout, stderr } = run(["--quarter", "2026-Q3", "--format", "md"]);
    expect(stderr).not.toContain("    at ");
    expect(code).toBe(0);
    expect(stdout).toContain("quarterly DevOps report, 2026-Q3");
    expect(stdout).toContain("## Verdict: Fund now");
    expect(stdout).toMatch(/Fund DevOps now: \d of 6 teams have a firing signal/);
    // Each team the demo shaped to fire or warn on ops load, with its threshold and its dominant category first.
    for (const team of TEAMS) {
      const shape = DEMO_SHAPE[team.id];
      const status = shape.signals["ops-load"];
      if (status === "ok") continue;
      const threshold = status === "firing" ? 20 : 15;
      expect(stdout).toMatch(new RegExp(`${team.name}: engineers' week on ops work \\d+(\\.\\d)?% — ${LABELS[shape.dominant]} \\d.* \\(threshold ${threshold}%\\)`));
    }
    for (const team of ["Platform", "Payments", "Storefront", "Growth", "Search", "Infrastructure"]) expect(stdout).toContain(`| **${team}** | 2026-Q3 |`);
    expect(stdout.indexOf("## Verdict")).toBeLessThan(stdout.indexOf("## Signals"));
  });

  test("--format html --out FILE writes a printable page and says where", () => {
    const file = path.join(tmp, "q3.html");
    const { code, stdout, stderr } = run(["--quarter", "2026-Q3", "--format", "html", "--out", file]);
    expect(code).toBe(0);
    expect(stdout).toBe("");
    expect(stderr).toContain(`report for 2026-Q3 written to ${file}`);
    const html = fs.readFileSync(file, "utf8");
    expect(html).toContain("@media print");
    expect(html).toContain("<svg ");
  });

  test("--format json prints the same report the API serves", () => {
    const { code, stdout } = run(["--quarter", "2026-Q3", "--format", "json"]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { quarter: { label: string }; verdict: { verdict: string } };
    expect(report.quarter.label).toBe("2026-Q3");
    expect(report.verdict.verdict).toBe("fund-now");
  });

  test("without --quarter it reports the last complete quarter", () => {
    const { code, stdout } = run([]);
    expect(code).toBe(0);
    expect(stdout).toContain(`quarterly DevOps report, ${quarterLabel(lastCompleteQuarter(NOW))}`);
  });

  test.each([
    [["--quarter", "2026-Q5"], "expected YYYY-Qn (e.g. 2026-Q3)"],
    [["--quarter", "2026-Q3", "--format", "pdf"], "Allowed choices are csv, json, md, html"],
    [["--quarter", quarterLabel(nextQuarter(quarterOf(NOW)))], "is in the future"],
  ])("%j is refused with a message and a non-zero exit", (args, message) => {
    const { code, stderr, stdout } = run(args);
    expect(code).not.toBe(0);
    expect(stderr).toContain(message);
    expect(stdout).toBe("");
  });
});
