// What an operator's tools see (issue 22 item 3): /healthz, /readyz (database, migrations,
// workers), /metrics behind METRICS_TOKEN, and a graceful stop on SIGTERM.
import { sql } from 'kysely';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildApp } from '../../server/app';
import type { Db } from '../../server/db/connect';
import { changping, dialect, migratedDb, silent } from '../fixtures';
import { syncPlan } from '../../server/plans/sync';
import { startServer } from '../crash/server-process';

const TOKEN = 'a-metrics-token-of-some-length';

async function serve(db: Db, options: Parameters<typeof buildApp>[1] = {}) {
  const app = await buildApp(db, { logLevel: 'silent', clientDir: '/nonexistent', publicBoard: true, ...options });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  onTestFinished(() => app.close());
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(base + path, { headers });
    return { status: res.status, text: await res.text() };
  };
  return { get };
}

describe('health and readiness', () => {
  it('/healthz answers while the process is up; /readyz once database, migrations and workers are', async () => {
    const db = await migratedDb();
    onTestFinished(() => db.destroy());
    let workers = false;
    const { get } = await serve(db, { workersReady: () => workers });
    expect(await get('/healthz')).toEqual({ status: 200, text: '{"status":"ok"}' });
    const starting = await get('/readyz');
    expect(starting.status).toBe(503);
    expect(JSON.parse(starting.text)).toEqual({
      status: 'not ready',
      checks: { database: 'ok', migrations: 'ok', workers: 'starting' },
    });
    workers = true;
    expect(await get('/readyz')).toMatchObject({ status: 200 });

    // A migration the code has and the database has not run: not ready, naming it.
    const last = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(db);
    const name = last.rows[0]!.name;
    await sql`delete from kysely_migration where name = ${name}`.execute(db);
    const pending = await get('/readyz');
    expect(pending.status).toBe(503);
    expect(JSON.parse(pending.text)).toMatchObject({ checks: { database: 'ok', migrations: `pending: ${name}` } });
  });

  it('/readyz answers 503 when the database is gone, /healthz still 200', async () => {
    const db = await migratedDb();
    const { get } = await serve(db);
    expect((await get('/readyz')).status).toBe(200);
    await db.destroy();
    const gone = await get('/readyz');
    expect(gone.status).toBe(503);
    expect(JSON.parse(gone.text)).toMatchObject({
      status: 'not ready',
      checks: { database: expect.stringMatching(/^unreachable/) as string, migrations: 'unknown' },
    });
    expect((await get('/healthz')).status).toBe(200);
  });
});

describe('metrics', () => {
  it('no METRICS_TOKEN: no /metrics at all', async () => {
    const db = await migratedDb();
    onTestFinished(() => db.destroy());
    const { get } = await serve(db);
    expect((await get('/metrics')).status).toBe(404);
  });

  it('refuses a missing or wrong token; with it, per-route latency, durations, queues, pool and event loop', async () => {
    const db = await migratedDb();
    onTestFinished(() => db.destroy());
    await syncPlan(db, changping, silent);
    const { get } = await serve(db, { metricsToken: TOKEN });
    const none = await get('/metrics');
    expect(none.status).toBe(401);
    expect(none.text).toContain('需要监控令牌');
    expect((await get('/metrics', { authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await get('/metrics', { authorization: TOKEN })).status).toBe(401);

    expect((await get(`/trpc/plan.list?input=${encodeURIComponent('{}')}`)).status).toBe(200);
    expect((await get('/trpc/no.such.thing')).status).toBe(404);
    const { status, text } = await get('/metrics', { authorization: `Bearer ${TOKEN}` });
    expect(status).toBe(200);
    expect(text).toMatch(
      /plan_monitor_http_request_duration_seconds_count\{route="\/trpc\/plan\.list",method="GET",status="2xx"\} 1/,
    );
    // An unknown procedure is counted, but under one label: no series per made-up name.
    expect(text).toContain('route="/trpc/(unknown)"');
    expect(text).not.toContain('no.such.thing');
    for (const name of [
      'plan_monitor_import_duration_seconds',
      'plan_monitor_briefing_duration_seconds',
      'plan_monitor_nodejs_eventloop_lag_p99_seconds',
    ])
      expect(text).toContain(`# TYPE ${name}`);
    for (const queue of ['parse', 'chart', 'briefing'])
      expect(text).toContain(`plan_monitor_queue_depth{queue="${queue}"} 0`);
    expect(text).toContain('plan_monitor_refusals_held 0');
    expect(text).toMatch(
      dialect === 'postgres'
        ? /plan_monitor_db_connections\{state="idle"\} \d+/
        : /plan_monitor_db_connections\{state="total"\} [12]/,
    );
  });
});

describe.skipIf(dialect === 'postgres')('stopping', () => {
  it('SIGTERM: the server says so, closes the database and exits 0', { timeout: 300_000 }, async () => {
    const server = await startServer({ env: { METRICS_TOKEN: TOKEN } });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    // Ready: the worker threads have started and idle unreferenced, which must not end the stop early.
    await expect
      .poll(async () => (await fetch(`${server.url}/readyz`)).status, { timeout: 150_000, interval: 500 })
      .toBe(200);
    await server.stop('SIGTERM');
    expect(server.output()).toMatch(/SIGTERM: stopping[\s\S]*\[plan-monitor\] stopped/);
    expect(server.exitCode()).toBe(0);
  });
});
