// Going live (正式启用): demo data leaves only on an administrator's step or a writer's explicit
// confirmation, on every path that writes figures, and each time it is audited and logged.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { TRPCError } from '@trpc/server';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, describe, expect } from 'vitest';
import { seedDemoAccounts } from '../../server/auth/demo-accounts';
import { prepareDatabase } from '../../server/bootstrap';
import { setDemoToday, setToday, today, todayIsFixed } from '../../server/clock';
import type { Db } from '../../server/db/connect';
import { openDatabase } from '../../server/db/connect';
import { seedDemo } from '../../server/demo';
import { saveActuals } from '../../server/queries/actuals';
import { demoCounts } from '../../server/queries/go-live';
import { changping, count, repoRoot, silent, test } from '../fixtures';
import { PLAN, asNewUser, asUser, failure } from '../reporting';
import { test as serverTest, type Outputs } from './upload-helpers';

const tmp = mkdtempSync(path.join(tmpdir(), 'plan-monitor-go-live-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => setToday(null));

async function landId(db: Db) {
  const row = await db
    .selectFrom('indicators')
    .select('id')
    .where('planId', '=', PLAN)
    .where('code', '=', 'I-41-2')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function wentLive(db: Db) {
  return db.selectFrom('auditLog').selectAll().where('action', '=', 'plan.went_live').execute();
}

async function liveAt(db: Db) {
  return (await db.selectFrom('plans').select('liveAt').where('id', '=', PLAN).executeTakeFirstOrThrow()).liveAt;
}

describe('a real write to a plan with demo data', () => {
  test('saveActuals refuses without confirmation, writes nothing; with it the plan goes live', async ({ demoDb }) => {
    const before = await demoCounts(demoDb, PLAN);
    expect(before.figures).toBeGreaterThan(200);
    expect(before.milestoneUpdates).toBeGreaterThan(0);
    const row = { indicatorId: await landId(demoDb), series: 'value' as const, period: '2022-10', value: 2100 };
    const refusal = await failure(saveActuals(demoDb, PLAN, [row], { source: 'entry', by: 'stat-1' }));
    expect(refusal).toBeInstanceOf(TRPCError);
    expect(refusal).toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect((refusal as Error).message).toContain(
      `指标数值 ${before.figures} 条、任务进展 ${before.milestoneUpdates} 条`,
    );
    expect(await demoCounts(demoDb, PLAN)).toEqual(before);
    expect(await wentLive(demoDb)).toEqual([]);

    const log: string[] = [];
    const summary = await saveActuals(demoDb, PLAN, [row], {
      source: 'entry',
      by: 'stat-1',
      confirmClearDemo: true,
      log: (l) => log.push(l),
    });
    expect(summary).toMatchObject({ inserted: 1, demoCleared: before.figures + before.milestoneUpdates });
    expect(await demoCounts(demoDb, PLAN)).toEqual({ figures: 0, milestoneUpdates: 0 });
    expect(await count(demoDb, 'actuals')).toBe(1);
    expect(log).toEqual([
      `plan ${PLAN}: went live (entry), removed ${before.figures} demo figure(s) and ${before.milestoneUpdates} demo milestone update(s)`,
    ]);
    const [entry] = await wentLive(demoDb);
    expect(JSON.parse(entry!.detail!)).toEqual({
      via: 'entry',
      demoFigures: before.figures,
      demoMilestoneUpdates: before.milestoneUpdates,
    });
    expect(await liveAt(demoDb)).not.toBeNull();
    // Live: the demo is never seeded again, and further writes need no confirmation.
    expect(await seedDemo(demoDb, changping)).toBe(0);
    await saveActuals(demoDb, PLAN, [{ ...row, value: 2200 }], { source: 'entry', by: 'stat-1', reason: '更正' });
  });

  test('the entry form (entry.save) refuses without confirmClearDemo and audits the go-live with it', async ({
    demoDb,
  }) => {
    await seedDemoAccounts(demoDb, silent);
    const stat = await asNewUser(demoDb, 'stat-dr', ['development-reform-commission']);
    const before = await demoCounts(demoDb, PLAN);
    // The form sends the value it showed, here the demo's: going live must not make that a conflict.
    const shown = await demoDb
      .selectFrom('actuals')
      .select('value')
      .where('indicatorId', '=', await landId(demoDb))
      .where('period', '=', '2022-10')
      .executeTakeFirstOrThrow();
    const input = {
      planId: PLAN,
      period: '2022-10',
      rows: [{ code: 'I-41-2', value: 2100, expected: shown.value }],
      milestones: [{ code: 'T-41-1', state: 'done' as const }],
    };
    const audited = await count(demoDb, 'auditLog');
    const refusal = await failure(stat.entry.save(input));
    expect(refusal).toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect((refusal as Error).message).toMatch(/^本方案仍在使用示例数据。保存实际数据将清除示例数据/);
    expect(await demoCounts(demoDb, PLAN)).toEqual(before);
    expect(await count(demoDb, 'auditLog')).toBe(audited);

    await stat.entry.save({ ...input, confirmClearDemo: true });
    expect(await demoCounts(demoDb, PLAN)).toEqual({ figures: 0, milestoneUpdates: 0 });
    const [entry] = await wentLive(demoDb);
    const user = await demoDb
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'stat-dr')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actorId: user.id, entity: 'plan', entityKey: PLAN });
    expect(await demoDb.selectFrom('actuals').select('source').execute()).toEqual([{ source: 'entry' }]);
  });
});

describe('the go-live step', () => {
  test('plan.demo and plan.goLive are for administrators; going live removes, marks and audits', async ({ demoDb }) => {
    await seedDemoAccounts(demoDb, silent);
    const before = await demoCounts(demoDb, PLAN);
    const leader = await asUser(demoDb, 'leader');
    await expect(leader.plan.goLive({ planId: PLAN })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(leader.plan.demo({ planId: PLAN })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const admin = await asUser(demoDb, 'admin');
    expect(await admin.plan.demo({ planId: PLAN })).toEqual({ liveAt: null, ...before });
    await expect(admin.plan.goLive({ planId: 'nowhere-2030' })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    setDemoToday('2022-11-08');
    const done = await admin.plan.goLive({ planId: PLAN });
    expect(done).toEqual({ ...before, already: false });
    // The demo's date let go: the clock follows the real date again.
    expect(todayIsFixed()).toBe(false);
    expect(await count(demoDb, 'actuals')).toBe(0);
    expect(await count(demoDb, 'milestoneUpdates')).toBe(0);
    const status = await admin.plan.demo({ planId: PLAN });
    expect(status).toMatchObject({ figures: 0, milestoneUpdates: 0 });
    expect(status.liveAt).not.toBeNull();
    expect(await wentLive(demoDb)).toHaveLength(1);
    expect(await admin.plan.goLive({ planId: PLAN })).toMatchObject({ already: true });
    expect(await wentLive(demoDb)).toHaveLength(1);
  });

  test('TODAY stays when a plan goes live; only the demo date is let go', async ({ demoDb }) => {
    await seedDemoAccounts(demoDb, silent);
    setToday('2022-11-20');
    await (await asUser(demoDb, 'admin')).plan.goLive({ planId: PLAN });
    expect(today()).toBe('2022-11-20');
  });

  test('a restart with DEMO on neither seeds a live plan again nor takes the demo date', async () => {
    const config = {
      DATABASE_URL: path.join(tmp, 'restart.sqlite'),
      DEMO: true,
      PLANS_DIR: path.join(repoRoot, 'data/plans'),
    };
    const first = await prepareDatabase(config, silent);
    expect(today()).toBe('2022-11-08');
    await seedDemoAccounts(first, silent);
    await (await asUser(first, 'admin')).plan.goLive({ planId: PLAN });
    await first.destroy();
    const log: string[] = [];
    const second = await prepareDatabase(config, (l) => log.push(l));
    expect(await count(second, 'actuals')).toBe(0);
    expect(todayIsFixed()).toBe(false);
    expect(log).toContain(`plan ${PLAN}: live (正式启用), no demo figures`);
    await second.destroy();
  });

  test('npm run plan:go-live: says what it would remove, then removes it with --yes', async () => {
    const url = path.join(tmp, 'cli.sqlite');
    const db = await prepareDatabase(
      { DATABASE_URL: url, DEMO: true, PLANS_DIR: path.join(repoRoot, 'data/plans') },
      silent,
    );
    const before = await demoCounts(db, PLAN);
    await db.destroy();
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/plans/go-live-cli.ts', ...args], {
        cwd: repoRoot,
        env: { ...process.env, DATABASE_URL: url },
      });
    const dry = await run([PLAN]);
    expect(dry.stdout).toContain(`清除示例数据：指标数值 ${before.figures} 条、任务进展 ${before.milestoneUpdates} 条`);
    expect(dry.stdout).toContain('--yes');
    const wet = await run([PLAN, '--yes']);
    expect(wet.stdout).toContain(`plan ${PLAN}: went live (cli), removed ${before.figures} demo figure(s)`);
    await expect(run([])).rejects.toMatchObject({ code: 2 });
    const after = openDatabase(url);
    expect(await demoCounts(after, PLAN)).toEqual({ figures: 0, milestoneUpdates: 0 });
    const [entry] = await wentLive(after);
    expect(entry).toMatchObject({ actorId: null, entityKey: PLAN });
    expect(JSON.parse(entry!.detail!)).toMatchObject({ via: 'cli' });
    await after.destroy();
  }, 60_000);
});

async function reportFile(rows: unknown[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('报送');
  ws.addRow(['指标代码', '指标名称', '本月数值', '报告期', '备注']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('an upload to a plan with demo data', { timeout: 30_000 }, () => {
  serverTest(
    'upload.commit refuses without confirmClearDemo and writes nothing; with it commits',
    async ({ server }) => {
      await seedDemo(server.db, changping);
      const before = await demoCounts(server.db, PLAN);
      const cookie = await server.login('stat-finance');
      const file = await reportFile([['I-41-2', '供应产业用地', 2100, '2022-10', '']]);
      const { body } = await server.upload(cookie, file, 'report.xlsx');
      expect(body.summary.errors).toBe(0);
      const refused = await server.trpc<Outputs['upload']['commit']>(
        cookie,
        'upload.commit',
        { uploadId: body.uploadId },
        true,
      );
      expect(refused.status).toBe(412);
      expect(refused.error.data.code).toBe('PRECONDITION_FAILED');
      expect(refused.error.message).toContain(`指标数值 ${before.figures} 条`);
      expect(await demoCounts(server.db, PLAN)).toEqual(before);
      expect(await wentLive(server.db)).toEqual([]);

      const done = await server.trpc<Outputs['upload']['commit']>(
        cookie,
        'upload.commit',
        { uploadId: body.uploadId, confirmClearDemo: true },
        true,
      );
      expect(done.data).toMatchObject({ inserted: 1, demoCleared: before.figures + before.milestoneUpdates });
      expect(await demoCounts(server.db, PLAN)).toEqual({ figures: 0, milestoneUpdates: 0 });
      expect(JSON.parse((await wentLive(server.db))[0]!.detail!)).toMatchObject({ via: 'upload' });
    },
  );
});
