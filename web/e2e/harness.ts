/**
 * The end-to-end harness: a fresh SQLite database with the demo org, the real server (API and the
 * built web app) on a free loopback port, and headless Debian Chromium driven by playwright-core.
 */
import fs from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { serve, type ServerType } from "@hono/node-server";
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from "playwright-core";
import { createTestDatabase, type TestDatabase } from "@opsledger/db/testing";
import { createApp } from "../../server/src/app.ts";
import { defaultConfig } from "../../server/src/config/schema.ts";
import { readEnvironment, type Environment } from "../../server/src/env.ts";
import { loadDemo } from "../../server/src/demo/index.ts";
import { derivationSettings, inlineDeriver } from "../../server/src/derive/deriver.ts";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const WEB_DIST = path.join(REPO_ROOT, "web", "dist");
export const ARTIFACTS = path.join(REPO_ROOT, "test-artifacts");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** Fails with the command to run when the web app has not been built. */
export function assertWebBuilt(): void {
  if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) {
    throw new Error(`web/dist/index.html is missing: the end-to-end tests drive the built app. Run \`npm run build\` first (\`npm test\` does).`);
  }
}

export interface RunningServer {
  url: string;
  database: TestDatabase;
  close(): Promise<void>;
}

/** A fresh SQLite database loaded with the demo org at `scale`, served on 127.0.0.1:<free port>. */
export async function startServer(options: { scale: number; seed?: number; now: number; databaseUrl?: string; env?: Partial<Environment> }): Promise<RunningServer> {
  const database = await createTestDatabase("sqlite");
  await loadDemo(database.db, { scale: options.scale, seed: options.seed ?? 1, now: options.now });
  const deriver = inlineDeriver(database.db, derivationSettings(defaultConfig()));
  await deriver.drain();
  const app = createApp({ db: database.db, config: defaultConfig(), env: { ...readEnvironment({}), ...options.env }, webDist: WEB_DIST, now: () => options.now, deriver });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    database,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
    },
  };
}

/** A browser page whose clock is the server's (range defaults and "this sprint" are computed on both sides), with its console errors collected. */
export async function openPage(browser: Browser, now: number): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  await context.clock.setFixedTime(now);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page, errors: collectErrors(page) };
}

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Every console error and uncaught exception of a page, for the "no console errors" assertions. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message: ConsoleMessage) => {
    if (message.type() === "error") errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}

export function artifactPath(name: string): string {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

/** A demo org served and one browser page on it, with the server's clock: what a browser suite opens once and closes after. */
export interface DemoSession {
  server: RunningServer;
  page: Page;
  errors: string[];
  url(path: string): string;
  close(): Promise<void>;
}

export async function openDemoSession(now: number): Promise<DemoSession> {
  assertWebBuilt();
  const server = await startServer({ scale: 1, seed: 1, now });
  const browser = await launchBrowser();
  const { context, page, errors } = await openPage(browser, now);
  return {
    server,
    page,
    errors,
    url: (path) => `${server.url}${path}`,
    close: async () => {
      await context.close();
      await browser.close();
      await server.close();
    },
  };
}
