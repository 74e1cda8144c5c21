// PostgreSQL going away under the real server (`server/main.ts` in a process of its own): a
// connection terminated from outside leaves it running and answering, and while PostgreSQL is
// shut down it answers 503 with a message, then recovers by itself once PostgreSQL is back.
// Without an 'error' listener on the pool, a pooled connection cut while idle ended the process.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { DATABASE_UNAVAILABLE } from '../../server/db/unavailable';
import { login, startServer, type ServerProcess } from '../crash/server-process';
import { freshDatabaseUrl, repoRoot } from '../fixtures';
import { startCluster } from '../setup/pg-cluster';

const plansDir = path.join(repoRoot, 'data/plans');

async function serverOn(databaseUrl: string) {
  const server = await startServer({ databaseFile: databaseUrl, plansDir, demo: true });
  onTestFinished(() => server.stop('SIGTERM'));
  const cookie = await login(server.url, 'stat-finance', 'demo1234');
  /** plan.list, which reads the database on every call (after the session, which does too). */
  const ask = async () => {
    const res = await fetch(`${server.url}/trpc/plan.list`, { headers: { cookie } });
    return { status: res.status, body: (await res.json()) as { error?: { message: string } } };
  };
  return { server, ask };
}

const alive = (server: ServerProcess) => {
  try {
    process.kill(server.pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Ask until answered 200 (at most `tries` times); every answer before must be a 503. */
async function recovers(ask: () => Promise<{ status: number }>, tries = 50) {
  const statuses: number[] = [];
  while (statuses.length < tries && statuses.at(-1) !== 200) {
    statuses.push((await ask()).status);
    if (statuses.at(-1) !== 200) await new Promise((r) => setTimeout(r, 100));
  }
  expect(statuses.at(-1)).toBe(200);
  expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
}

async function waitFor(condition: () => boolean, what: string) {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!condition()) throw new Error(`waited in vain for ${what}`);
}

describe('PostgreSQL going away', { timeout: 240_000 }, () => {
  it('a terminated connection leaves the server running and answering', async () => {
    const url = await freshDatabaseUrl(mkdtempSync(path.join(tmpdir(), 'pm-pg-outage-')), 'outage');
    const { server, ask } = await serverOn(url);
    // Several requests at once leave several connections idle in the pool.
    expect((await Promise.all(Array.from({ length: 8 }, ask))).map((a) => a.status)).toEqual(Array(8).fill(200));

    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ terminated: boolean }>(
        'select pg_terminate_backend(pid) as terminated from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      );
      expect(rows.filter((r) => r.terminated).length).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    await waitFor(
      () => server.output().includes('PostgreSQL connection lost') || !alive(server),
      'the server to notice or end',
    );
    expect(alive(server), server.output()).toBe(true);
    await recovers(ask);
    expect(alive(server)).toBe(true);
  });

  it('while PostgreSQL is shut down it answers 503 with a message, and recovers when it is back', async () => {
    const cluster = await startCluster();
    onTestFinished(() => cluster.stop());
    const { server, ask } = await serverOn(cluster.url);
    expect((await Promise.all(Array.from({ length: 4 }, ask))).map((a) => a.status)).toEqual(Array(4).fill(200));

    cluster.shutDown();
    try {
      for (let i = 0; i < 3; i++) {
        const answer = await ask();
        expect(answer.status).toBe(503);
        expect(answer.body.error?.message).toBe(DATABASE_UNAVAILABLE);
      }
      expect(alive(server)).toBe(true);
    } finally {
      cluster.startAgain();
    }
    await recovers(ask);
    expect(alive(server)).toBe(true);
  });
});
