// Vite builds the client (client/ → dist/client) and, in `npm run dev`, proxies /trpc to the API
// server. Vitest reads the `test` block: unit tests, integration tests on SQLite and again on
// PostgreSQL, all in Node, and browser tests that drive Debian's Chromium through playwright-core
// against a real server.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: {
      '/trpc': `http://localhost:${process.env.PORT ?? 3000}`,
      '/api': `http://localhost:${process.env.PORT ?? 3000}`,
    },
  },
  test: {
    root: '.',
    // The machines are shared and noisy (2 cores): a slow moment must not fail a correct test.
    // Speed is measured in tests/bench, not here.
    testTimeout: 30_000,
    // A server's close() gives requests still in flight up to 10 s (server/app.ts) before cutting
    // them, so a teardown hook needs longer than Vitest's default 10 s.
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          // These need both databases and run in integration-pg.
          exclude: ['tests/integration/pg-*.test.ts', 'tests/integration/db-copy.test.ts'],
        },
      },
      // The same integration tests on PostgreSQL: tests/setup/postgres.ts starts a throwaway
      // cluster (or uses PM_TEST_PG_URL) and tests/fixtures.ts gives each test a database there.
      {
        extends: true,
        test: {
          name: 'integration-pg',
          include: ['tests/integration/**/*.test.ts'],
          // SQLite's own file mechanics, with no PostgreSQL counterpart in this product: the online
          // backup API behind db:backup (on PostgreSQL that is pg_dump's job), WAL crash rounds, WAL
          // checkpoints and the log's sync before a large COMMIT (with the parse worker's priority,
          // which has no database at all).
          exclude: [
            'tests/integration/backup.test.ts',
            'tests/integration/crash-safety.test.ts',
            'tests/integration/checkpointer.test.ts',
            'tests/integration/import-background.test.ts',
          ],
          globalSetup: ['tests/setup/postgres.ts'],
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          globalSetup: ['tests/browser/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
