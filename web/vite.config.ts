import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

const root = fileURLToPath(new URL(".", import.meta.url));

/**
 * The dashboard. Routes are lazy-loaded and the heavy libraries get their own chunks, so the
 * first paint only needs React, the router and the shell (target: initial JS < 300 KB gzip).
 */
export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("./dist", import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 30 },
            { name: "router", test: /node_modules[\\/](react-router|cookie|set-cookie-parser)[\\/]/, priority: 20 },
            // Recharts and its d3 / redux dependencies: only the chart pages load them.
            { name: "recharts", test: /node_modules[\\/](recharts|d3-[a-z-]+|victory-vendor|@reduxjs|redux|reselect|immer|es-toolkit|decimal\.js-light|eventemitter3|internmap|clsx|tiny-invariant|react-redux|use-sync-external-store)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:8080" },
  },
});
