// 调整目标: a target changed mid-year applies from its effective month on; earlier months keep the
// old target. Measure 41's 供应产业用地 (I-41-2): 2,500亩 for 2022, cumulative.
import { TRPCError } from '@trpc/server';
import { describe, expect } from 'vitest';
import type { TargetChangeInput } from '../../shared/target-changes';
import type { Db } from '../../server/db/connect';
import { planData } from '../../server/export/plan-data';
import { exportPlan } from '../../server/export/request';
import { exportFilters } from '../../server/export/plan-data';
import { createCaller } from '../../server/routers/_app';
import { test } from '../fixtures';
import { PLAN, asUser, failure } from '../reporting';

/** Approved cumulative figures of I-41-2: 1,000亩 by June, 1,500亩 by August. */
async function landFigures(db: Db) {
  const { id } = await db
    .selectFrom('indicators')
    .select('id')
    .where('planId', '=', PLAN)
    .where('code', '=', 'I-41-2')
    .executeTakeFirstOrThrow();
  const row = (period: string, value: number) => ({
    indicatorId: id,
    series: 'value',
    period,
    value,
    source: 'entry' as const,
    reportedBy: 'stat-finance',
    reportedAt: '2022-09-03T02:00:00.000Z',
    reviewState: 'approved' as const,
    approvedValue: value,
  });
  await db
    .insertInto('actuals')
    .values([row('2022-06', 1000), row('2022-08', 1500)])
    .execute();
}

const change: TargetChangeInput = {
  planId: PLAN,
  code: 'I-41-2',
  effectiveFrom: '2022-07',
  target: 2000,
  min: null,
  max: null,
  periodEnd: '2022-12',
  reason: '区政府常务会议调整供地计划',
};

async function land(db: Db, period: string) {
  const status = await createCaller({ db }).status.forPeriod({ planId: PLAN, period });
  return status.indicators.find((i) => i.code === 'I-41-2')!;
}

const changeRows = (db: Db) => db.selectFrom('targetChanges').selectAll().execute();

// Three logins and a few board reads each: slow on PostgreSQL under a loaded machine.
describe('调整目标', { timeout: 180_000 }, () => {
  test('applies from its effective month; earlier months, the history and the audit keep the old target', async ({
    accountsDb: db,
  }) => {
    await landFigures(db);
    const admin = await asUser(db, 'admin');
    await admin.plan.changeTarget(change);

    // June is judged against 2,500亩: 1,000 is 40%, 10 points behind 50% of the year.
    const june = await land(db, '2022-06');
    expect(june.target).toBe(2500);
    expect(june.targetChange).toBeNull();
    expect(june.evaluation.taskProgress).toBeCloseTo(40);
    expect(june.evaluation.status).toBe('behind');
    expect(june.sentence).not.toContain('调整');

    // August against 2,000亩: 1,500 is 75%, ahead of 66.7% (against 2,500 it would be at risk).
    const august = await land(db, '2022-08');
    expect(august.target).toBe(2000);
    expect(august.evaluation.taskProgress).toBeCloseTo(75);
    expect(august.evaluation.status).toBe('on_track');
    expect(august.targetChange).toMatchObject({
      effectiveFrom: '2022-07',
      old: { target: 2500 },
      new: { target: 2000 },
    });
    expect(august.sentence).toContain('完成年度目标的75.0%');
    expect(august.sentence).toContain('（目标自2022年7月起由2,500亩调整为2,000亩）');
    expect(august.sentenceEn).toContain('Target adjusted from 2,500 mu to 2,000 mu as of July 2022');

    // The measure page: the definition in force for the month and the whole history.
    const board = createCaller({ db }).board;
    const detail = await board.measure({ planId: PLAN, no: 41, period: '2022-08' });
    const ind = detail.indicators.find((i) => i.code === 'I-41-2')!;
    expect(ind.definition).toMatchObject({ kind: 'cumulative', target: 2000 });
    expect(ind.targetChanges).toEqual([
      expect.objectContaining({
        effectiveFrom: '2022-07',
        old: { target: 2500, min: null, max: null, periodEnd: '2022-12' },
        new: { target: 2000, min: null, max: null, periodEnd: '2022-12' },
        reason: '区政府常务会议调整供地计划',
        changedBy: '示例管理员',
        changedAt: '2022-11-03T02:00:00.000Z',
      }),
    ]);
    const juneDetail = await board.measure({ planId: PLAN, no: 41, period: '2022-06' });
    expect(juneDetail.indicators.find((i) => i.code === 'I-41-2')!.definition).toMatchObject({ target: 2500 });

    const audit = await db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'indicator.target_changed')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.entityKey).toBe(`${PLAN}/I-41-2`);

    // The export: each month's row carries the target in force then.
    const sheet = await planData(db, await exportPlan(db, PLAN), '2022-08', 'zh', exportFilters({}));
    const rows = sheet.rows.filter((r) => r[1] === 'I-41-2');
    expect(rows.find((r) => r[7] === '2022-06')![6]).toBe('2,500亩');
    expect(rows.find((r) => r[7] === '2022-08')![6]).toBe('2,000亩（已调整）');
  });

  test('a later change moves the date; each month uses the change in force then', async ({ accountsDb: db }) => {
    await landFigures(db);
    const admin = await asUser(db, 'admin');
    await admin.plan.changeTarget(change);
    await admin.plan.changeTarget({
      ...change,
      effectiveFrom: '2022-08',
      target: 2400,
      periodEnd: '2023-06',
      reason: '供地延至2023年6月底',
    });
    const august = await land(db, '2022-08');
    // 1,500 of 2,400 is 62.5%; 8 of 18 months is 44.4%.
    expect(august.evaluation.taskProgress).toBeCloseTo(62.5);
    expect(august.evaluation.timeProgress).toBeCloseTo(44.4, 1);
    expect(august.sentence).toContain('由2,000亩（期限2022年12月）调整为2,400亩（期限2023年6月）');
    const july = await land(db, '2022-07');
    expect(july.target).toBe(2000);
    expect(await changeRows(db)).toHaveLength(2);
  });

  test('bad changes are refused in Chinese and write nothing; only administrators may change', async ({
    accountsDb: db,
  }) => {
    const admin = await asUser(db, 'admin');
    const refused = async (input: TargetChangeInput, message: string) => {
      const e = await failure(admin.plan.changeTarget(input));
      expect(e).toBeInstanceOf(TRPCError);
      expect(e).toMatchObject({ code: 'BAD_REQUEST' });
      expect((e as Error).message).toContain(message);
    };
    await refused({ ...change, reason: '   ' }, '请填写调整原因');
    await refused({ ...change, effectiveFrom: '2023-02' }, '生效月份须在指标的目标期内（2022-01 至 2022-12）');
    await refused({ ...change, effectiveFrom: '7月' }, '生效月份须为“年-月”');
    await refused({ ...change, target: 2500 }, '新目标与现行目标相同，无需调整');
    await refused({ ...change, target: -5 }, '累计目标不能为负数');
    await refused({ ...change, periodEnd: '2022-05' }, '目标期限不能早于生效月份');
    await refused({ ...change, code: 'I-41-1', target: null, min: 3, max: 2 }, '目标区间的下限不能高于上限');
    expect(await changeRows(db)).toEqual([]);

    await admin.plan.changeTarget(change);
    await refused({ ...change, effectiveFrom: '2022-07', target: 1800 }, '生效月份须晚于上次调整的生效月份（2022-07）');
    expect(await changeRows(db)).toHaveLength(1);

    const stat = await asUser(db, 'stat-finance');
    expect(await failure(stat.plan.changeTarget({ ...change, effectiveFrom: '2022-09' }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await failure(admin.plan.changeTarget({ ...change, code: 'I-99-9' }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await changeRows(db)).toHaveLength(1);
  });
});
