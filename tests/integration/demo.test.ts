import { describe, expect } from 'vitest';
import { clearDemo, saveActuals, saveMilestoneUpdates } from '../../server/queries/actuals';
import { planStatus } from '../../server/queries/status';
import { seedDemo } from '../../server/demo';
import { loadPlanFolder } from '../../server/plans/load';
import { syncPlan } from '../../server/plans/sync';
import { changping, count, migratedDb, miniPlanDir, silent, test } from '../fixtures';

async function demoRows(db: Awaited<ReturnType<typeof migratedDb>>) {
  return db
    .selectFrom('actuals')
    .innerJoin('indicators', 'indicators.id', 'actuals.indicatorId')
    .select(['indicators.code', 'actuals.series', 'actuals.period', 'actuals.value', 'actuals.source'])
    .orderBy('indicators.code')
    .orderBy('actuals.series')
    .orderBy('actuals.period')
    .execute();
}

describe('demo figures', () => {
  test('are deterministic: two fresh databases get identical rows', async ({ demoDb }) => {
    const other = await migratedDb();
    await syncPlan(other, changping, silent);
    await seedDemo(other, changping);
    const a = await demoRows(demoDb);
    expect(a.length).toBeGreaterThan(200);
    expect(await demoRows(other)).toEqual(a);
    expect(new Set(a.map((r) => r.source))).toEqual(new Set(['demo']));
    expect(new Set(a.map((r) => r.period))).toEqual(
      new Set([
        '2022-01',
        '2022-02',
        '2022-03',
        '2022-04',
        '2022-05',
        '2022-06',
        '2022-07',
        '2022-08',
        '2022-09',
        '2022-10',
      ]),
    );
    await other.destroy();
  });

  test('give a believable mix of statuses for October 2022', async ({ demoDb }) => {
    const status = await planStatus(demoDb, 'changping-2022');
    expect(status?.period).toBe('2022-10');
    expect(status?.demo).toBe(true);
    const seen = new Set(status?.indicators.map((i) => i.evaluation.status));
    for (const s of ['on_track', 'at_risk', 'behind', 'achieved'] as const) expect(seen).toContain(s);
    // cumulative reports never go down
    const rows = await demoRows(demoDb);
    const cumulative = new Set(changping.indicators.filter((i) => i.reporting === 'cumulative').map((i) => i.code));
    for (const code of cumulative) {
      const values = rows.filter((r) => r.code === code).map((r) => r.value);
      expect(values, code).toEqual([...values].sort((x, y) => x - y));
    }
  });

  test('are not seeded again over existing figures', async ({ demoDb }) => {
    const before = await count(demoDb, 'actuals');
    expect(await seedDemo(demoDb, changping)).toBe(0);
    expect(await count(demoDb, 'actuals')).toBe(before);
  });

  test('are cleared, for that plan only, by the first real figure the writer confirmed, with a log line', async ({
    demoDb,
  }) => {
    const mini = loadPlanFolder(miniPlanDir);
    await syncPlan(demoDb, mini, silent);
    await seedDemo(demoDb, mini);
    const miniDemo = await demoDb
      .selectFrom('actuals')
      .innerJoin('indicators', 'indicators.id', 'actuals.indicatorId')
      .select('actuals.id')
      .where('indicators.planId', '=', 'mini-2023')
      .execute();
    expect(miniDemo.length).toBeGreaterThan(0);

    const land = await demoDb
      .selectFrom('indicators')
      .select('id')
      .where('code', '=', 'I-41-2')
      .where('planId', '=', 'changping-2022')
      .executeTakeFirstOrThrow();
    const log: string[] = [];
    const summary = await saveActuals(
      demoDb,
      'changping-2022',
      [{ indicatorId: land.id, series: 'value', period: '2022-10', value: 2100, note: '区规自分局报送' }],
      { source: 'entry', by: 'stat-1', log: (l) => log.push(l), confirmClearDemo: true },
    );
    expect(summary).toMatchObject({ inserted: 1, updated: 0, unchanged: 0 });
    expect(summary.demoCleared).toBeGreaterThan(200);
    expect(log.join()).toMatch(/went live \(entry\), removed \d+ demo figure/);
    const left = await demoDb
      .selectFrom('actuals')
      .innerJoin('indicators', 'indicators.id', 'actuals.indicatorId')
      .select(['indicators.planId', 'actuals.source', 'actuals.value'])
      .execute();
    expect(left.filter((r) => r.planId === 'changping-2022')).toEqual([
      { planId: 'changping-2022', source: 'entry', value: 2100 },
    ]);
    expect(left.filter((r) => r.planId === 'mini-2023')).toHaveLength(miniDemo.length);
    const status = await planStatus(demoDb, 'changping-2022');
    expect(status?.demo).toBe(false);
  });

  test('clearDemo removes demo figures and milestone states of a plan', async ({ demoDb }) => {
    expect(await clearDemo(demoDb, 'changping-2022')).toBeGreaterThan(0);
    expect(await count(demoDb, 'actuals')).toBe(0);
    expect(await count(demoDb, 'milestoneUpdates')).toBe(0);
  });
});

describe('writing figures', () => {
  test('keeps a revision for each change with old → new, who and why; an unchanged value writes nothing', async ({
    planDb,
  }) => {
    const { id } = await planDb
      .selectFrom('indicators')
      .select('id')
      .where('code', '=', 'I-54-1')
      .executeTakeFirstOrThrow();
    const write = (value: number, reason?: string) =>
      saveActuals(planDb, 'changping-2022', [{ indicatorId: id, series: 'value', period: '2022-09', value }], {
        source: 'entry',
        by: 'stat-1',
        reason,
        at: new Date('2022-10-05T08:00:00Z'),
      });
    expect(await write(2900)).toMatchObject({ inserted: 1 });
    expect(await write(2900)).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    expect(await write(2950, '更正：补录昌平镇数据')).toMatchObject({ updated: 1 });
    const revisions = await planDb
      .selectFrom('actualRevisions')
      .select(['oldValue', 'newValue', 'reason', 'changedBy', 'changedAt'])
      .orderBy('id')
      .execute();
    expect(revisions).toEqual([
      { oldValue: null, newValue: 2900, reason: null, changedBy: 'stat-1', changedAt: '2022-10-05T08:00:00.000Z' },
      {
        oldValue: 2900,
        newValue: 2950,
        reason: '更正：补录昌平镇数据',
        changedBy: 'stat-1',
        changedAt: '2022-10-05T08:00:00.000Z',
      },
    ]);
  });

  test('is all or nothing: an indicator of another plan rolls the batch back', async ({ planDb }) => {
    const { id } = await planDb
      .selectFrom('indicators')
      .select('id')
      .where('code', '=', 'I-54-1')
      .executeTakeFirstOrThrow();
    await expect(
      saveActuals(
        planDb,
        'changping-2022',
        [
          { indicatorId: id, series: 'value', period: '2022-09', value: 1 },
          { indicatorId: 999_999, series: 'value', period: '2022-09', value: 2 },
        ],
        { source: 'entry', by: 'x' },
      ),
    ).rejects.toThrow(/not part of plan/);
    expect(await count(planDb, 'actuals')).toBe(0);
    expect(await count(planDb, 'actualRevisions')).toBe(0);
  });

  test('milestone states follow the same rules', async ({ planDb }) => {
    const { id } = await planDb
      .selectFrom('milestones')
      .select('id')
      .where('code', '=', 'T-01-1')
      .executeTakeFirstOrThrow();
    const write = () =>
      saveMilestoneUpdates(
        planDb,
        'changping-2022',
        [{ milestoneId: id, period: '2022-06', state: 'done', note: '已全部退还' }],
        {
          source: 'entry',
          by: 'tax-1',
        },
      );
    await write();
    // submitted, not yet approved: the board shows it as pending, not as done
    const pending = (await planStatus(planDb, 'changping-2022', '2022-06'))?.milestones.find(
      (m) => m.code === 'T-01-1',
    );
    expect(pending).toMatchObject({ pending: true, evaluation: { status: 'no_data' } });

    await planDb.updateTable('plans').set({ approvalRequired: 0 }).execute();
    const t = (await planStatus(planDb, 'changping-2022', '2022-06'))?.milestones.find((m) => m.code === 'T-01-1');
    expect(t?.evaluation).toMatchObject({ status: 'achieved', state: 'done', note: '已全部退还' });
    const revisions = await planDb.selectFrom('milestoneRevisions').select(['oldState', 'newState']).execute();
    expect(revisions).toEqual([{ oldState: null, newState: 'done' }]);
  });
});

describe('review and revision rules', () => {
  const land = (db: Parameters<typeof count>[0]) =>
    db.selectFrom('indicators').select('id').where('code', '=', 'I-41-2').executeTakeFirstOrThrow();

  test('with approval on, the board keeps the approved value until a new one is approved', async ({ planDb }) => {
    const { id } = await land(planDb);
    await saveActuals(
      planDb,
      'changping-2022',
      [{ indicatorId: id, series: 'value', period: '2022-09', value: 1800 }],
      {
        source: 'entry',
        by: 's',
      },
    );
    let status = await planStatus(planDb, 'changping-2022', '2022-09');
    expect(status?.indicators.find((i) => i.code === 'I-41-2')).toMatchObject({
      pending: true,
      evaluation: { value: null },
    });
    // an approved value (as an approver would set it) is what the board reads
    await planDb.updateTable('actuals').set({ reviewState: 'approved', approvedValue: 1800 }).execute();
    await saveActuals(
      planDb,
      'changping-2022',
      [{ indicatorId: id, series: 'value', period: '2022-09', value: 1850 }],
      { source: 'entry', by: 's', reason: '补报沙河镇数据' },
    );
    status = await planStatus(planDb, 'changping-2022', '2022-09');
    expect(status?.indicators.find((i) => i.code === 'I-41-2')).toMatchObject({
      pending: true,
      evaluation: { value: 1800 },
    });
  });

  test('changing an earlier month or an approved value needs a reason; the batch is refused whole', async ({
    planDb,
  }) => {
    const { id } = await land(planDb);
    await planDb.updateTable('plans').set({ approvalRequired: 0 }).execute();
    const meta = { source: 'entry' as const, by: 's', reportPeriod: '2022-10' };
    await saveActuals(
      planDb,
      'changping-2022',
      [{ indicatorId: id, series: 'value', period: '2022-09', value: 1800 }],
      meta,
    );
    const change = [
      { indicatorId: id, series: 'value' as const, period: '2022-10', value: 2000 },
      { indicatorId: id, series: 'value' as const, period: '2022-09', value: 1810 },
    ];
    await expect(saveActuals(planDb, 'changping-2022', change, meta)).rejects.toMatchObject({
      kind: 'reason_required',
      rows: [{ id, series: 'value', period: '2022-09' }],
    });
    expect(await count(planDb, 'actuals')).toBe(1);
    await saveActuals(planDb, 'changping-2022', change, { ...meta, reason: '统计口径更正' });
    const revisions = await planDb
      .selectFrom('actualRevisions')
      .select(['period', 'oldValue', 'newValue', 'reason'])
      .orderBy('id')
      .execute();
    expect(revisions.at(-1)).toEqual({ period: '2022-09', oldValue: 1800, newValue: 1810, reason: '统计口径更正' });
  });

  test('a value changed by someone else since it was read is a conflict, not a lost update', async ({ planDb }) => {
    const { id } = await land(planDb);
    const meta = { source: 'entry' as const, by: 's' };
    await saveActuals(
      planDb,
      'changping-2022',
      [{ indicatorId: id, series: 'value', period: '2022-10', value: 2000, expected: null }],
      meta,
    );
    // the second writer previewed when there was no value yet
    await expect(
      saveActuals(
        planDb,
        'changping-2022',
        [{ indicatorId: id, series: 'value', period: '2022-10', value: 2100, expected: null }],
        meta,
      ),
    ).rejects.toMatchObject({ kind: 'conflict' });
    const row = await planDb.selectFrom('actuals').select('value').executeTakeFirstOrThrow();
    expect(row.value).toBe(2000);
  });
});
