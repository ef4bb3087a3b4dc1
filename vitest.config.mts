import { defineConfig } from "vitest/config"

/**
 * Three projects: `unit` (pure learning core, milliseconds), `modules`
 * (the agent module against real Postgres) and `http` (a booted Medusa app).
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
    ],
  },
})
