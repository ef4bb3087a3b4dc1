import { defineConfig } from "vitest/config"

/**
 * Projects: `unit` (pure learning core and evaluation, milliseconds), `packages`
 * (the storefront package built and imported as consumers do), `data`
 * (the data set's files), `modules` (the agent module against real Postgres
 * and Redis), `http` (a booted Medusa app) and `e2e` (the demo store: in
 * Chromium, and as a server process plus a worker process).
 * Integration files run one at a time: the Medusa runners derive database
 * names from the worker id, so parallel files would share one database.
 */
export default defineConfig({
  test: {
    reporters: ["default", "./integration-tests/summary-reporter.ts"],
    projects: [
      {
        test: {
          name: "unit",
          include: ["src/**/__tests__/**/*.spec.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "packages",
          include: ["packages/**/__tests__/**/*.spec.ts"],
          environment: "node",
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: "data",
          include: ["integration-tests/data/**/*.spec.ts"],
          environment: "node",
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: "modules",
          include: ["integration-tests/modules/**/*.spec.ts"],
          globals: true,
          environment: "node",
          setupFiles: ["./integration-tests/setup.ts"],
          pool: "forks",
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "http",
          include: ["integration-tests/http/**/*.spec.ts"],
          globals: true,
          environment: "node",
          setupFiles: ["./integration-tests/setup.ts"],
          pool: "forks",
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["integration-tests/e2e/**/*.spec.ts"],
          environment: "node",
          pool: "forks",
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 480_000,
        },
      },
    ],
  },
})
