// Vite builds the client (client/ → dist/client) and, in `npm run dev`, proxies /trpc to the API
// server. Vitest reads the `test` block: unit tests, integration tests on SQLite and again on
// PostgreSQL, all in Node, and browser tests that drive Debian's Chromium through playwright-core
// against a real server.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Every built text file also as .br and .gz, which the server sends to browsers that take them
 * (@fastify/static's preCompressed): a phone on a slow network fetches a quarter of the bytes, and
 * the server compresses nothing per request.
 */
function precompress(): Plugin {
  return {
    name: 'plan-monitor:precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      for (const [name, output] of Object.entries(bundle)) {
        if (!/\.(js|css|html|svg|json)$/.test(name)) continue;
        const data = Buffer.from(output.type === 'chunk' ? output.code : output.source);
        if (data.length < 1024) continue;
        const file = path.join(options.dir!, name);
        writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(data, {
            params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
          }),
        );
      }
    },
  };
}

export default defineConfig({
  root: 'client',
  plugins: [react(), precompress()],
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
            // The server's build and the offline archive, alike on any store (checked once, on SQLite).
            'tests/integration/built-server.test.ts',
            // The worker pools on their own: threads and files, no database.
            'tests/integration/parse-pool.test.ts',
            'tests/integration/chart-pool.test.ts',
            'tests/integration/bundle.test.ts',
            'tests/integration/launch.test.ts',
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
