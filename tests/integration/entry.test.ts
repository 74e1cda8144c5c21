import { describe, expect, onTestFinished } from 'vitest';
import { setToday } from '../../server/clock';
import { auditTrail } from '../../server/queries/audit';
import { createCaller } from '../../server/routers/_app';
import { changping, count, test } from '../fixtures';
import { PLAN, asNewUser, asUser, failure, reportingClock } from '../reporting';

const leadOf = new Map(changping.measures.map((m) => [m.no, m.units[0]!.unit]));
const dueIndicators = (unit: string, period: string) =>
  changping.indicators
    .filter((i) => leadOf.get(i.measure) === unit && i.periodStart <= period && period <= i.periodEnd)
    .map((i) => i.code);
const unitMilestones = (unit: string) =>
  changping.milestones.filter((m) => leadOf.get(m.measure) === unit).map((m) => m.code);

describe('entry.form', () => {
  test('a statistician of 区发展改革委 sees exactly its indicators and milestones for October 2022', async ({
    accountsDb,
  }) => {
    const stat = await asNewUser(accountsDb, 'stat-dr', ['development-reform-commission']);
    const form = await stat.entry.form({ planId: PLAN, period: '2022-10' });

    const codes = form.indicators.map((i) => i.code);
    expect(codes).toEqual(dueIndicators('development-reform-commission', '2022-10'));
    expect(codes).toEqual(expect.arrayContaining(['I-41-1', 'I-41-2', 'I-41-3', 'I-41-4', 'I-41-5']));
    expect(codes).not.toContain('I-44-1');
    expect(form.milestones.map((m) => m.code)).toEqual(unitMilestones('development-reform-commission'));
    expect(form).toMatchObject({ dueDate: '2022-11-05', approvalRequired: true });

    expect(form.indicators.find((i) => i.code === 'I-41-2')).toMatchObject({
      name: '供应产业用地',
      unit: '亩',
      reportingLabel: '1–10月累计',
      reportingLabelEn: 'Total January–October',
      target: '2,500亩',
      targetEn: '2,500 mu',
      reportingUnit: { code: 'development-reform-commission', name: '区发展改革委' },
      lastMonth: null,
      current: null,
    });
    expect(form.indicators.find((i) => i.code === 'I-41-1')).toMatchObject({ target: '1–2批' });
    expect(form.indicators.find((i) => i.code === 'I-57-1')).toMatchObject({
      reportingLabel: '最新水平',
      target: '3%左右（±0.5）',
      targetEn: 'about 3% (±0.5)',
    });
    // T-41-1 was due by 30 June 2022 and is not done: still asked for, marked overdue.
    expect(form.milestones.find((m) => m.code === 'T-41-1')).toMatchObject({ deadline: '2022-06-30', overdue: true });
  });

  test('shows last month’s value, and drops a milestone once it was reported done', async ({ accountsDb }) => {
    const stat = await asNewUser(accountsDb, 'stat-dr', ['development-reform-commission']);
    await stat.entry.save({
      planId: PLAN,
      period: '2022-09',
      rows: [{ code: 'I-41-2', value: 2100, note: '9月供地' }],
      milestones: [{ code: 'T-41-1', state: 'done', note: '已完成' }],
    });
    const form = await stat.entry.form({ planId: PLAN, period: '2022-10' });
    expect(form.indicators.find((i) => i.code === 'I-41-2')).toMatchObject({
      lastMonth: { period: '2022-09', value: 2100 },
      current: null,
    });
    expect(form.milestones.map((m) => m.code)).not.toContain('T-41-1');
    const september = await stat.entry.form({ planId: PLAN, period: '2022-09' });
    expect(september.indicators.find((i) => i.code === 'I-41-2')?.current).toMatchObject({
      value: 2100,
      note: '9月供地',
      reviewState: 'submitted',
      reportedBy: 'stat-dr',
    });
    expect(september.milestones.find((m) => m.code === 'T-41-1')?.current).toMatchObject({ state: 'done' });
  });

  test('a spread asks for both rates; an admin may open any unit’s form, a statistician only their own', async ({
    accountsDb,
  }) => {
    const admin = await asUser(accountsDb, 'admin');
    const form = await admin.entry.form({ planId: PLAN, period: '2022-10', unitCode: 'financial-affairs-office' });
    expect(form.indicators.filter((i) => i.code === 'I-09-1').map((i) => [i.series, i.unit])).toEqual([
      ['a', '%'],
      ['b', '%'],
    ]);
    const stat = await asUser(accountsDb, 'stat-finance');
    expect(
      await failure(stat.entry.form({ planId: PLAN, period: '2022-10', unitCode: 'commerce-bureau' })),
    ).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('区商务局') as string });
    const own = await stat.entry.form({ planId: PLAN, period: '2022-10' });
    expect(own.indicators.map((i) => i.code)).toEqual(
      expect.arrayContaining([...dueIndicators('finance-bureau', '2022-10'), 'I-41-2']),
    );
    expect(own.indicators.map((i) => i.code)).not.toContain('I-44-1');
  });

  test('leaders and approvers have no entry form; anonymous callers are asked to log in', async ({ accountsDb }) => {
    expect(
      await failure(createCaller({ db: accountsDb }).entry.form({ planId: PLAN, period: '2022-10' })),
    ).toMatchObject({ code: 'UNAUTHORIZED' });
    for (const username of ['leader', 'approver-dr'])
      expect(
        await failure((await asUser(accountsDb, username)).entry.form({ planId: PLAN, period: '2022-10' })),
      ).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('entry.check', () => {
  test('warns about a cumulative figure lower than last month, in Chinese and English, writing nothing', async ({
    accountsDb,
  }) => {
    const stat = await asUser(accountsDb, 'stat-finance');
    await stat.entry.save({ planId: PLAN, period: '2022-09', rows: [{ code: 'I-41-2', value: 2100 }] });
    const before = await count(accountsDb, 'actualRevisions');
    const { warnings } = await stat.entry.check({
      planId: PLAN,
      period: '2022-10',
      rows: [
        { code: 'I-41-2', value: 2000 },
        { code: 'I-41-3', value: 12300 },
      ],
    });
    expect(warnings).toEqual([
      {
        code: 'I-41-2',
        series: 'value',
        name: '供应产业用地',
        nameEn: changping.indicators.find((i) => i.code === 'I-41-2')!.nameEn,
        kind: 'cumulative_decrease',
        severity: 'warning',
        needs: 'reason',
        compared: 2100,
        comparedPeriod: '2022-09',
        message: '累计值2,000亩低于2022年9月报送的2,100亩，累计数一般不会减少，请核实并填写原因',
        messageEn:
          'The running total 2,000 mu is lower than the 2,100 mu reported for September 2022; a running total rarely goes down, please check it and give a reason',
      },
    ]);
    expect(await count(accountsDb, 'actualRevisions')).toBe(before);
    expect(
      await failure(stat.entry.check({ planId: PLAN, period: '2022-10', rows: [{ code: 'I-44-1', value: 3 }] })),
    ).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('entry.save', () => {
  test('writes figures and milestone states with revisions and audit entries, and returns warnings', async ({
    accountsDb,
  }) => {
    const stat = await asUser(accountsDb, 'stat-finance');
    await stat.entry.save({ planId: PLAN, period: '2022-09', rows: [{ code: 'I-41-2', value: 2100 }] });
    const result = await stat.entry.save({
      planId: PLAN,
      period: '2022-10',
      rows: [
        { code: 'I-41-2', value: 2000, note: '含退地', expected: null },
        { code: 'I-41-3', value: 12300 },
      ],
      milestones: [{ code: 'T-41-2', state: 'in_progress', note: '正在推进' }],
    });
    expect(result.figures).toMatchObject({ inserted: 2, updated: 0 });
    expect(result.milestones).toMatchObject({ inserted: 1 });
    expect(result.warnings.map((w) => [w.code, w.kind])).toEqual([['I-41-2', 'cumulative_decrease']]);

    // A new figure's first report is its row (who, when, why, which upload); it gets revision rows
    // once its value changes, and history reads both (history.test.ts).
    expect(await count(accountsDb, 'actualRevisions')).toBe(0);
    const row = await accountsDb
      .selectFrom('actuals')
      .selectAll()
      .where('period', '=', '2022-10')
      .where('value', '=', 2000)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      note: '含退地',
      reason: null,
      uploadId: null,
      source: 'entry',
      reportedBy: 'stat-finance',
      reportedAt: '2022-11-03T02:00:00.000Z',
    });
    const trail = await auditTrail(accountsDb, 'indicator', `${PLAN}/I-41-2`);
    expect(trail.map((a) => [a.action, a.actor, a.detail])).toEqual([
      ['figure.reported', 'stat-finance', { series: 'value', period: '2022-09', value: [null, 2100], reason: null }],
      ['figure.reported', 'stat-finance', { series: 'value', period: '2022-10', value: [null, 2000], reason: null }],
    ]);
    expect((await auditTrail(accountsDb, 'milestone', `${PLAN}/T-41-2`))[0]).toMatchObject({
      action: 'milestone.reported',
      detail: { period: '2022-10', state: [null, 'in_progress'] },
    });

    const again = await stat.entry.save({ planId: PLAN, period: '2022-10', rows: [{ code: 'I-41-3', value: 12300 }] });
    expect(again.figures).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    expect(await auditTrail(accountsDb, 'indicator', `${PLAN}/I-41-3`)).toHaveLength(1);
  });

  test('IDOR: a code of another unit is refused whatever the request says, and nothing is written', async ({
    accountsDb,
  }) => {
    const stat = await asNewUser(accountsDb, 'stat-dr', ['development-reform-commission']);
    const audits = await count(accountsDb, 'auditLog');
    expect(
      await failure(
        stat.entry.save({
          planId: PLAN,
          period: '2022-10',
          rows: [
            { code: 'I-41-2', value: 2000 },
            { code: 'I-44-1', value: 15 },
          ],
        }),
      ),
    ).toMatchObject({ code: 'FORBIDDEN', message: '无权操作区商务局的数据' });
    expect(
      await failure(
        stat.entry.save({ planId: PLAN, period: '2022-10', milestones: [{ code: 'T-44-1', state: 'done' }] }),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(await count(accountsDb, 'actuals')).toBe(0);
    expect(await count(accountsDb, 'milestoneUpdates')).toBe(0);
    expect(await count(accountsDb, 'auditLog')).toBe(audits);
  });

  test('leaders and approvers cannot write', async ({ accountsDb }) => {
    for (const username of ['leader', 'approver-dr'])
      expect(
        await failure(
          (await asUser(accountsDb, username)).entry.save({
            planId: PLAN,
            period: '2022-10',
            rows: [{ code: 'I-41-2', value: 2000 }],
          }),
        ),
        username,
      ).toMatchObject({ code: 'FORBIDDEN' });
    expect(await count(accountsDb, 'actuals')).toBe(0);
  });

  test('is atomic: one bad row and nothing is written, figures and milestone states alike', async ({ accountsDb }) => {
    const stat = await asUser(accountsDb, 'stat-finance');
    const good = { code: 'I-41-3', value: 12300 };
    const milestones = [{ code: 'T-41-2', state: 'in_progress' as const }];
    const refusals: [Parameters<typeof stat.entry.save>[0]['rows'], string, string][] = [
      [[good, { code: 'I-41-2', value: -5 }], 'BAD_REQUEST', 'I-41-2 供应产业用地不能为负数'],
      [[good, { code: 'I-41-2', series: 'a', value: 5 }], 'BAD_REQUEST', 'I-41-2 供应产业用地没有序列“a”'],
      [[good, { code: 'I-41-3', value: 5 }], 'BAD_REQUEST', 'I-41-3 建设筹集保障性租赁住房重复填报'],
      [[good, { code: 'I-99-1', value: 5 }], 'NOT_FOUND', '没有指标“I-99-1”'],
      // Checked inside the transaction, after the milestone state was written: it rolls back too.
      [[good, { code: 'I-41-2', value: 2000, expected: 1900 }], 'CONFLICT', '数值已被他人修改，请刷新后重试'],
    ];
    for (const [rows, code, message] of refusals)
      expect(
        await failure(stat.entry.save({ planId: PLAN, period: '2022-10', rows, milestones })),
        message,
      ).toMatchObject({ code, message: expect.stringContaining(message) as string });
    expect(
      await failure(stat.entry.save({ planId: PLAN, period: '2022-05', rows: [{ code: 'I-41-1', value: 1 }] })),
    ).toMatchObject({
      message: expect.stringContaining('I-41-1 完成下半年集中供地的目标期为2022年7月至2022年12月') as string,
    });
    expect(await count(accountsDb, 'actuals')).toBe(0);
    expect(await count(accountsDb, 'milestoneUpdates')).toBe(0);
    expect(await count(accountsDb, 'actualRevisions')).toBe(0);
  });

  test('a conflict on a figure rolls back the milestone states saved with it', async ({ accountsDb }) => {
    const stat = await asUser(accountsDb, 'stat-finance');
    await stat.entry.save({ planId: PLAN, period: '2022-10', rows: [{ code: 'I-41-2', value: 2000 }] });
    const other = await asUser(accountsDb, 'stat-finance');
    await other.entry.save({
      planId: PLAN,
      period: '2022-10',
      rows: [{ code: 'I-41-2', value: 2050, expected: 2000 }],
    });
    expect(
      await failure(
        stat.entry.save({
          planId: PLAN,
          period: '2022-10',
          rows: [{ code: 'I-41-2', value: 2020, expected: 2000 }],
          milestones: [{ code: 'T-41-2', state: 'done' }],
        }),
      ),
    ).toMatchObject({
      code: 'CONFLICT',
      message: '数值已被他人修改，请刷新后重试（I-41-2）',
    });
    expect(await count(accountsDb, 'milestoneUpdates')).toBe(0);
    const row = await accountsDb.selectFrom('actuals').select('value').executeTakeFirstOrThrow();
    expect(row.value).toBe(2050);
  });

  test('changing an approved figure needs a reason, kept in the revision', async ({ accountsDb }) => {
    const stat = await asUser(accountsDb, 'stat-finance');
    await stat.entry.save({ planId: PLAN, period: '2022-09', rows: [{ code: 'I-41-2', value: 2100 }] });
    const approver = await asUser(accountsDb, 'approver-dr');
    const { figures } = await approver.review.queue({ planId: PLAN });
    await approver.review.approve({ planId: PLAN, items: figures.map((f) => ({ kind: 'figure' as const, id: f.id })) });

    const change = { planId: PLAN, period: '2022-09', rows: [{ code: 'I-41-2', value: 2150 }] };
    expect(await failure(stat.entry.save(change))).toMatchObject({
      code: 'BAD_REQUEST',
      message: '修改已报送的2022年9月数值须填写修改原因（I-41-2）',
    });
    await stat.entry.save({ ...change, reason: '国土部门更正' });
    const last = await accountsDb
      .selectFrom('actualRevisions')
      .select(['oldValue', 'newValue', 'reason'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(last).toEqual({ oldValue: 2100, newValue: 2150, reason: '国土部门更正' });
  });

  test('refuses a month that has not begun', async ({ accountsDb }) => {
    setToday('2022-12-01');
    onTestFinished(() => setToday(null));
    const stat = await asUser(accountsDb, 'stat-finance', reportingClock('2022-11-30T17:00:00.000Z'));
    // 1 December by the server clock: December may be reported, January not.
    await expect(
      stat.entry.save({ planId: PLAN, period: '2022-12', rows: [{ code: 'I-41-2', value: 2500 }] }),
    ).resolves.toBeDefined();
    expect(
      await failure(stat.entry.save({ planId: PLAN, period: '2023-01', rows: [{ code: 'I-41-2', value: 1 }] })),
    ).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('2023年1月尚未到来') as string });
  });
});

describe('entry.due', () => {
  test('is the month before today by the server clock, kept inside the plan', async ({ accountsDb }) => {
    const stat = await asUser(accountsDb, 'stat-finance');
    try {
      for (const [date, period] of [
        ['2022-11-08', '2022-10'],
        ['2022-01-15', changping.issuedOn.slice(0, 7)],
        ['2030-06-01', '2022-12'],
      ] as const) {
        setToday(date);
        expect(await stat.entry.due({ planId: PLAN }), date).toEqual({ today: date, period });
      }
    } finally {
      setToday(null);
    }
  });
});
