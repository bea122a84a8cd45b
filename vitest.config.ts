import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{db,collectors,server,web}/src/**/*.test.{ts,tsx}", "web/e2e/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    globalSetup: ["./vitest.global-setup.ts"],
  },
});
