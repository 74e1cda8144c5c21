// One upload committed twice at once (a double click, a retry while the first is still saving,
// or the two landing on two server processes behind a proxy, on PostgreSQL): one commit writes, the others get
// the "已提交过" conflict, never a 500.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, onTestFinished } from 'vitest';
import { buildApp } from '../../server/app';
import { seedDemoAccounts } from '../../server/auth/demo-accounts';
import { openDatabase } from '../../server/db/connect';
import { migrateToLatest } from '../../server/db/migrate';
import { syncPlan } from '../../server/plans/sync';
import { repoRoot, startServer } from '../crash/server-process';
import { uploadsDir } from '../fixtures/uploads/make';
import { changping, count, dialect, freshDatabaseUrl, silent } from '../fixtures';
import { PLAN, test, type Outputs, type UploadBody } from './upload-helpers';

describe('committing one upload twice at once', { timeout: 30_000 }, () => {
  test('one commit writes; the other is told it was already committed', async ({ server }) => {
    const cookie = await server.login('stat-finance');
    const preview = await server.upload(cookie, readFileSync(path.join(uploadsDir, 'messy.xlsx')), '10月报表.xlsx');
    expect(preview.status).toBe(200);
    const commit = () =>
      server.trpc<Outputs['upload']['commit']>(cookie, 'upload.commit', { uploadId: preview.body.uploadId }, true);
    const answers = await Promise.all([commit(), commit(), commit()]);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 409, 409]);
    for (const refused of answers.filter((a) => a.status === 409))
      expect(refused.error.message).toMatch(/已于 .+提交过/);
    expect(answers.find((a) => a.status === 200)?.data).toMatchObject({ inserted: 6 });
    expect(await count(server.db, 'actuals')).toBe(6);
  });
});

// Two servers behind a proxy. On PostgreSQL both run in this process (two pools); on SQLite they
// are two real processes on one file, since better-sqlite3 waits for a lock by blocking its thread
// (two servers in one process would wait on each other). Before BEGIN IMMEDIATE (see
// db/read-routing.ts) one SQLite process answered SQLITE_BUSY ("database is locked") with a 500.
describe('committing one upload through two servers at once', { timeout: 180_000 }, () => {
  test('one commit writes; the other server answers it was already committed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pm-double-commit-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const url = await freshDatabaseUrl(dir, 'double_commit');
    const seed = openDatabase(url);
    await migrateToLatest(seed);
    await syncPlan(seed, changping, silent);
    await seedDemoAccounts(seed, silent);
    // Live: the servers seed no demo figures (the commit would otherwise ask to clear them first).
    await seed.updateTable('plans').set({ liveAt: new Date().toISOString() }).execute();
    await seed.destroy();
    const bases: string[] = [];
    for (let i = 0; i < 2; i++) {
      if (dialect === 'sqlite') {
        // DEMO=1 keeps the demo accounts seeded above (with DEMO=0 the server disables them).
        const server = await startServer({
          databaseFile: url,
          plansDir: path.join(repoRoot, 'data/plans'),
          demo: true,
        });
        onTestFinished(() => server.stop('SIGTERM'));
        bases.push(server.url);
      } else {
        const db = openDatabase(url);
        const app = await buildApp(db, { logLevel: 'silent', clientDir: '/nonexistent' });
        bases.push(await app.listen({ port: 0, host: '127.0.0.1' }));
        onTestFinished(async () => {
          await app.close();
          await db.destroy();
        });
      }
    }
    const [a, b] = bases as [string, string];
    const login = await fetch(`${a}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: a },
      body: JSON.stringify({ username: 'stat-finance', password: 'demo1234' }),
    });
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const preview = async () => {
      const form = new FormData();
      form.append('plan', PLAN);
      form.append('period', '2022-10');
      form.append(
        'file',
        new Blob([new Uint8Array(readFileSync(path.join(uploadsDir, 'messy.xlsx')))]),
        '10月报表.xlsx',
      );
      const res = await fetch(`${a}/api/uploads/preview`, {
        method: 'POST',
        headers: { cookie, origin: a, 'x-plan-monitor-upload': '1' },
        body: form,
      });
      return ((await res.json()) as UploadBody).uploadId;
    };
    const commit = async (base: string, uploadId: string) => {
      const res = await fetch(`${base}/trpc/upload.commit`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', origin: base },
        body: JSON.stringify({ uploadId }),
      });
      return { status: res.status, body: (await res.json()) as { error?: { message: string } } };
    };
    // The collision is a matter of timing: several rounds, each upload committed four times at once.
    for (let round = 0; round < 8; round++) {
      const uploadId = await preview();
      const answers = await Promise.all([a, b, a, b].map((base) => commit(base, uploadId)));
      expect(answers.map((x) => x.status).sort(), `round ${round}`).toEqual([200, 409, 409, 409]);
      for (const refused of answers.filter((x) => x.status === 409))
        expect(refused.body.error?.message).toMatch(/已于 .+提交过/);
    }
    const check = openDatabase(url);
    onTestFinished(() => check.destroy());
    expect(await count(check, 'actuals')).toBe(6);
  });
});
