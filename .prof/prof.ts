import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { defaultConfig } from "../server/src/config/schema.ts";
import { settingsFromConfig } from "../server/src/metrics/index.ts";
import * as tw from "../server/src/services/teamWindow.ts";
import { getTeams } from "@opsledger/db";

const stats = new Map<string, { n: number; ms: number; max: number }>();
const sqlite = new SQLite(process.argv[2] ?? "/tmp/ob/s10.db");
sqlite.pragma("cache_size = -65536");
const real = new Map<string, { n: number; ms: number; rows: number }>();
const prepare = sqlite.prepare.bind(sqlite);
(sqlite as any).prepare = (sql: string) => {
  const st = prepare(sql);
  const all = st.all.bind(st);
  (st as any).all = (...args: unknown[]) => {
    const t = performance.now();
    const r = all(...args);
    const key = sql.replace(/\s+/g, " ").replace(/(\?, )+\?/g, "…").slice(0, 150);
    const s = real.get(key) ?? { n: 0, ms: 0, rows: 0 };
    s.n++; s.ms += performance.now() - t; s.rows += r.length; real.set(key, s);
    return r;
  };
  return st;
};
const db = new Kysely<any>({
  dialect: new SqliteDialect({ database: sqlite }),
  log: (e) => {
    const key = e.query.sql.slice(0, 140);
    const s = stats.get(key) ?? { n: 0, ms: 0, max: 0 };
    s.n++; s.ms += e.queryDurationMillis; s.max = Math.max(s.max, e.queryDurationMillis);
    stats.set(key, s);
  },
});
const config = defaultConfig();
const settings = settingsFromConfig(config);
const teams = await getTeams(db);
const range = { from: Date.UTC(2026, 6, 1), to: Date.UTC(2026, 9, 1) };
const which = process.argv[3] ?? "overview";
for (const team of teams) {
  const t0 = performance.now();
  if (which === "overview") await tw.teamOverview(db, team, range, settings);
  else if (which === "ci") await tw.teamCi(db, team, range);
  else if (which === "signals") await tw.teamSignals(db, team, range.to, settings);
  else if (which === "oncall") await tw.teamOncall(db, team, range, settings);
  else if (which === "dora") await tw.teamDora(db, team, range);
  else if (which === "ops") await tw.teamOpsWork(db, team, range, settings);
  console.log(team.id, which, (performance.now() - t0).toFixed(0), "ms");
}
for (const [k, s] of [...real].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) console.log(s.ms.toFixed(0).padStart(6), "ms", String(s.n).padStart(5), "x rows", String(s.rows).padStart(7), " ", k);
const rows = [] as [string, any][]; void [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15);
for (const [k, s] of rows) console.log(s.ms.toFixed(0).padStart(6), "ms", String(s.n).padStart(5), "x max", s.max.toFixed(0).padStart(4), " ", k.replace(/\s+/g, " "));
