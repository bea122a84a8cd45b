import { test } from "vitest";
import fs from "node:fs";
import { createTestDatabase } from "@opsledger/db/testing";
import { loadDemo } from "../demo/index.ts";
import { defaultConfig } from "../config/schema.ts";
import { settingsFromConfig } from "../metrics/index.ts";
import { buildReport } from "./load.ts";
test("profile", async () => {
  const NOW = Date.UTC(2026, 10, 21);
  const t = await createTestDatabase("sqlite");
  await loadDemo(t.db, { scale: 1, seed: 1, now: NOW });
  const settings = settingsFromConfig(defaultConfig());
  const out: string[] = [];
  for (let i = 0; i < 3; i++) {
    const s = performance.now();
    await buildReport(t.db, { quarter: { year: 2026, q: 3 }, now: NOW, settings, organization: "x" });
    out.push(`build ${Math.round(performance.now() - s)}`);
  }
  fs.writeFileSync("/tmp/rpt/profile.txt", out.join("\n"));
  await t.close();
}, 120000);
