import { defineConfig } from "vitest/config";

// Tests that start worker processes and kill them (or kill Redis, PostgreSQL sessions): they
// measure timing windows, so they run one file at a time after everything else, with the
// machine's two cores to themselves.
const PROCESS_TESTS = [
  "test/delivery/chaos.test.ts",
  "test/delivery/crash.test.ts",
  "test/delivery/lease.test.ts",
  "test/delivery/postgres-kill.test.ts",
  "test/delivery/redis-cluster.test.ts",
  "test/delivery/redis-restart.test.ts",
  "test/delivery/shutdown.test.ts",
];

export default defineConfig({
  test: {
    globalSetup: ["test/support/global-setup.ts"],
    pool: "forks",
    // Two cores: one for the test workers, one for PostgreSQL and Redis.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: "main", include: ["test/**/*.test.ts"], exclude: [...PROCESS_TESTS, "test/browser/**"], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: "processes", include: PROCESS_TESTS, fileParallelism: false, sequence: { groupOrder: 1 } } },
      // Component tests of the admin UI, in a DOM (no server).
      {
        test: {
          name: "web", include: ["web/src/**/*.test.tsx"], environment: "jsdom", setupFiles: ["web/src/test/setup.ts"],
          css: false, testTimeout: 30_000, sequence: { groupOrder: 0 },
        },
      },
      // Whole flows in real Chromium against the real server: one file at a time, after the rest.
      { extends: true, test: { name: "browser", include: ["test/browser/**/*.test.ts"], fileParallelism: false, testTimeout: 180_000, sequence: { groupOrder: 2 } } },
    ],
  },
});
