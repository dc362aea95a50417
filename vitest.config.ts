import { defineConfig } from 'vitest/config';

// Three projects: pure unit tests, tests over a real database (run once per driver via TEST_DB),
// and HTTP tests through app.inject / real sockets (also per driver).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 60_000 } },
      {
        test: {
          name: 'db',
          include: ['test/db/**/*.test.ts', 'test/http/**/*.test.ts'],
          globalSetup: ['test/support/global-db.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // PGlite costs ~0.8 GB and seconds per instance; two workers fit two cores.
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // One browser and one server at a time on two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
