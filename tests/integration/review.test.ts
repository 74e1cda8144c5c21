import { describe, expect } from 'vitest';
import { auditTrail } from '../../server/queries/audit';
import { count, test } from '../fixtures';
import { PLAN, asNewUser, asUser, boardValue, failure } from '../reporting';

describe('review.queue', () => {
  test('lists submissions of the approver’s units: old approved → new value, who, when, note, reason', async ({
    accountsDb,
  }) => {
    const stat = await asUser(accountsDb, 'stat-finance');
    await stat.entry.save({
      planId: PLAN,
      period: '2022-10',
      rows: [
        { code: 'I-41-2', value: 2000, note: '含退地' },
        { code: 'I-19-2', value: 45 },
      ],
      milestones: [{ code: 'T-41-2', state: 'in_progress', note: '正在推进' }],
    });
    const approver = await asUser(accountsDb, 'approver-dr');
    const queue = await approver.review.queue({ planId: PLAN, period: '2022-10' });
    // I-19-2 is 区财政局's: not this approver's to see.
    expect(queue.figures).toEqual([
      expect.objectContaining({
        kind: 'figure',
        code: 'I-41-2',
        period: '2022-10',
        approvedValue: null,
        value: 2000,
        note: '含退地',
        reportedBy: 'stat-finance',
        reportedByName: '示例统计员',
        reportedAt: '2022-11-03T02:00:00.000Z',
        reason: null,
        reportingUnit: { code: 'development-reform-commission', name: '区发展改革委' },
        warnings: [],
      }),
    ]);
    expect(queue.milestones).toEqual([
      expect.objectContaining({ kind: 'milestone', code: 'T-41-2', state: 'in_progress', approvedState: null }),
    ]);
    const admin = await asUser(accountsDb, 'admin');
    expect((await admin.review.queue({ planId: PLAN })).figures.map((f) => f.code)).toEqual(['I-19-2', 'I-41-2']);
    for (const username of ['stat-finance', 'leader'])
      expect(await failure((await asUser(accountsDb, username)).review.queue({ planId: PLAN }))).toMatchObject({
        code: 'FORBIDDEN',
      });
  });
});

describe('review.approve and review.return', () => {
  test('approving puts the submitted value on the board; a correction shows the old value until approved', async ({
    accountsDb,
  }) => {
    const stat = await asUser(accountsDb, 'stat-finance');
    const approver = await asUser(accountsDb, 'approver-dr');
    await stat.entry.save({ planId: PLAN, period: '2022-10', rows: [{ code: 'I-41-2', value: 2000 }] });
    expect(await boardValue(accountsDb, 'I-41-2', '2022-10')).toEqual({ value: null, pending: true });

    const [item] = (await approver.review.queue({ planId: PLAN })).figures;
    expect(
      await approver.review.approve({
        planId: PLAN,
        items: [{ kind: 'figure', id: item!.id, reportedAt: item!.reportedAt }],
      }),
    ).toEqual({ approved: 1, returned: 0 });
    expect(await boardValue(accountsDb, 'I-41-2', '2022-10')).toEqual({ value: 2000, pending: false });
    const row = await accountsDb.selectFrom('actuals').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      reviewState: 'approved',
      approvedValue: 2000,
      reviewedBy: 'approver-dr',
      reviewedAt: '2022-11-03T02:00:00.000Z',
    });
    expect((await auditTrail(accountsDb, 'indicator', `${PLAN}/I-41-2`)).at(-1)).toMatchObject({
      action: 'figure.approved',
      actor: 'approver-dr',
      detail: { period: '2022-10', value: 2000, approvedBefore: null, comment: null },
    });
    expect((await approver.review.queue({ planId: PLAN })).figures).toEqual([]);

    await stat.entry.save({
      planId: PLAN,
      period: '2022-10',
      rows: [{ code: 'I-41-2', value: 2080, expected: 2000 }],
      reason: '补录两宗地块',
    });
    expect(await boardValue(accountsDb, 'I-41-2', '2022-10')).toEqual({ value: 2000, pending: true });
    expect((await approver.review.queue({ planId: PLAN })).figures).toEqual([
      expect.objectContaining({ approvedValue: 2000, value: 2080, reason: '补录两宗地块' }),
    ]);
  });

  test('returning keeps the approved value on the board and shows the comment on the statistician’s form', async ({
    accountsDb,
  }) => {
    const stat = await asUser(accountsDb, 'stat-finance');
    const approver = await asUser(accountsDb, 'approver-dr');
    await stat.entry.save({ planId: PLAN, period: '2022-10', rows: [{ code: 'I-41-2', value: 2000 }] });
    const first = (await approver.review.queue({ planId: PLAN })).figures[0]!;
    await approver.review.approve({ planId: PLAN, items: [{ kind: 'figure', id: first.id }] });
    await stat.entry.save({
      planId: PLAN,
      period: '2022-10',
      rows: [{ code: 'I-41-2', value: 20800 }],
      reason: '更正',
    });
    const second = (await approver.review.queue({ planId: PLAN })).figures[0]!;

    expect(
      await failure(approver.review.return({ planId: PLAN, items: [{ kind: 'figure', id: second.id }], comment: ' ' })),
    ).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('退回须填写意见') as string });
    await approver.review.return({
      planId: PLAN,
      items: [{ kind: 'figure', id: second.id }],
      comment: '数值多了一位，请核对',
    });
    expect(await boardValue(accountsDb, 'I-41-2', '2022-10')).toEqual({ value: 2000, pending: false });
    const form = await stat.entry.form({ planId: PLAN, period: '2022-10' });
    expect(form.indicators.find((i) => i.code === 'I-41-2')?.current).toMatchObject({
      value: 20800,
      approvedValue: 2000,
      reviewState: 'returned',
      reviewComment: '数值多了一位，请核对',
      reviewedBy: 'approver-dr',
    });
    expect(
      await failure(approver.review.approve({ planId: PLAN, items: [{ kind: 'figure', id: second.id }] })),
    ).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('I-41-2 2022年10月已退回') as string });
  });

  test('a returned figure saved again unchanged goes back to the queue as a new submission', async ({ accountsDb }) => {
    const stat = await asUser(accountsDb, 'stat-finance');
    const approver = await asUser(accountsDb, 'approver-dr');
    await stat.entry.save({ planId: PLAN, period: '2022-10', rows: [{ code: 'I-41-2', value: 2000 }] });
    const first = (await approver.review.queue({ planId: PLAN })).figures[0]!;
    await approver.review.return({ planId: PLAN, items: [{ kind: 'figure', id: first.id }], comment: '请核实' });
    expect((await approver.review.queue({ planId: PLAN })).figures).toEqual([]);

    // The statistician checked and confirms the same value, with a note saying so.
    const saved = await stat.entry.save({ planId: PLAN, period: '2022-10', rows: [{ code: 'I-41-2', value: 2000 }] });
    expect(saved).toMatchObject({ figures: { inserted: 0, updated: 1, unchanged: 0 } });
    const again = (await approver.review.queue({ planId: PLAN })).figures;
    expect(again).toEqual([expect.objectContaining({ code: 'I-41-2', value: 2000 })]);
    const form = await stat.entry.form({ planId: PLAN, period: '2022-10' });
    expect(form.indicators.find((i) => i.code === 'I-41-2')?.current).toMatchObject({
      reviewState: 'submitted',
      reviewComment: null,
    });
    // Saved once more while waiting: nothing changes.
    expect(
      await stat.entry.save({ planId: PLAN, period: '2022-10', rows: [{ code: 'I-41-2', value: 2000 }] }),
    ).toMatchObject({ figures: { inserted: 0, updated: 0, unchanged: 1 } });
  });

  test('milestone states are approved and returned the same way', async ({ accountsDb }) => {
    const stat = await asUser(accountsDb, 'stat-finance');
    const approver = await asUser(accountsDb, 'approver-dr');
    await stat.entry.save({
      planId: PLAN,
      period: '2022-10',
      milestones: [
        { code: 'T-41-2', state: 'done', note: '已出让' },
        { code: 'T-40-1', state: 'in_progress' },
      ],
    });
    const { milestones } = await approver.review.queue({ planId: PLAN });
    const id = (code: string) => milestones.find((m) => m.code === code)!.id;
    await approver.review.approve({ planId: PLAN, items: [{ kind: 'milestone', id: id('T-41-2') }] });
    await approver.review.return({
      planId: PLAN,
      items: [{ kind: 'milestone', id: id('T-40-1') }],
      comment: '请补充进展',
    });
    const rows = await accountsDb
      .selectFrom('milestoneUpdates')
      .select(['state', 'approvedState', 'approvedNote', 'reviewState', 'reviewComment'])
      .orderBy('state')
      .execute();
    expect(rows).toEqual([
      { state: 'done', approvedState: 'done', approvedNote: '已出让', reviewState: 'approved', reviewComment: null },
      {
        state: 'in_progress',
        approvedState: null,
        approvedNote: null,
        reviewState: 'returned',
        reviewComment: '请补充进展',
      },
    ]);
  });

  test('an approver cannot approve another unit’s figures, not even by id; nothing changes', async ({ accountsDb }) => {
    const stat = await asUser(accountsDb, 'stat-finance');
    await stat.entry.save({
      planId: PLAN,
      period: '2022-10',
      rows: [
        { code: 'I-41-2', value: 2000 },
        { code: 'I-19-2', value: 45 },
      ],
    });
    const ids = await accountsDb.selectFrom('actuals').select('id').orderBy('id').execute();
    const approver = await asUser(accountsDb, 'approver-dr');
    expect(
      await failure(
        approver.review.approve({ planId: PLAN, items: ids.map((r) => ({ kind: 'figure' as const, id: r.id })) }),
      ),
    ).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('区财政局') as string });
    expect(
      await failure(approver.review.approve({ planId: PLAN, items: [{ kind: 'figure', id: 9999 }] })),
    ).toMatchObject({ code: 'NOT_FOUND', message: "No figure #9999 in plan 'changping-2022'" });
    expect(
      await accountsDb.selectFrom('actuals').select('reviewState').where('reviewState', '!=', 'submitted').execute(),
    ).toEqual([]);
    const financeApprover = await asNewUser(accountsDb, 'approver-fin', ['finance-bureau'], 'approver');
    await financeApprover.review.approve({ planId: PLAN, items: [{ kind: 'figure', id: ids[1]!.id }] });
    expect(await boardValue(accountsDb, 'I-19-2', '2022-10')).toMatchObject({ value: 45 });
  });

  test('a figure submitted again after the approver loaded the queue is not approved blind', async ({ accountsDb }) => {
    const stat = await asUser(accountsDb, 'stat-finance');
    const approver = await asUser(accountsDb, 'approver-dr');
    await stat.entry.save({ planId: PLAN, period: '2022-10', rows: [{ code: 'I-41-2', value: 2000 }] });
    const seen = (await approver.review.queue({ planId: PLAN })).figures[0]!;
    await accountsDb.updateTable('actuals').set({ value: 2222, reportedAt: '2022-11-03T03:00:00.000Z' }).execute();
    expect(
      await failure(
        approver.review.approve({
          planId: PLAN,
          items: [{ kind: 'figure', id: seen.id, reportedAt: seen.reportedAt }],
        }),
      ),
    ).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('已重新报送') as string });
  });
});

describe('review.setApprovalRequired', () => {
  test('with approval off the board reads submitted values, which stay in the queue; audited', async ({
    accountsDb,
  }) => {
    const stat = await asUser(accountsDb, 'stat-finance');
    await stat.entry.save({ planId: PLAN, period: '2022-10', rows: [{ code: 'I-41-2', value: 2000 }] });
    expect(await boardValue(accountsDb, 'I-41-2', '2022-10')).toEqual({ value: null, pending: true });

    expect(
      await failure(
        (await asUser(accountsDb, 'approver-dr')).review.setApprovalRequired({ planId: PLAN, required: false }),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    const admin = await asUser(accountsDb, 'admin');
    expect(await admin.review.setApprovalRequired({ planId: PLAN, required: false })).toEqual({
      planId: PLAN,
      approvalRequired: false,
      pending: 1,
    });
    expect(await boardValue(accountsDb, 'I-41-2', '2022-10')).toEqual({ value: 2000, pending: true });
    expect((await admin.review.queue({ planId: PLAN })).figures.map((f) => f.value)).toEqual([2000]);

    await stat.entry.save({ planId: PLAN, period: '2022-10', rows: [{ code: 'I-41-3', value: 12300 }] });
    const later = await accountsDb
      .selectFrom('actuals')
      .innerJoin('indicators', 'indicators.id', 'actuals.indicatorId')
      .select(['reviewState', 'approvedValue'])
      .where('indicators.code', '=', 'I-41-3')
      .executeTakeFirstOrThrow();
    expect(later).toEqual({ reviewState: 'approved', approvedValue: 12300 });

    expect((await auditTrail(accountsDb, 'plan', PLAN)).map((a) => [a.action, a.actor, a.detail])).toEqual([
      ['plan.approval_required', 'admin', { approvalRequired: [true, false], pending: 1 }],
    ]);
    const audits = await count(accountsDb, 'auditLog');
    await admin.review.setApprovalRequired({ planId: PLAN, required: false });
    expect(await count(accountsDb, 'auditLog')).toBe(audits);
  });
});

describe('four eyes', () => {
  test('nobody approves a figure or milestone state they reported, administrators included, unless the plan allows it', async ({
    accountsDb,
  }) => {
    const admin = await asUser(accountsDb, 'admin');
    await admin.entry.save({
      planId: PLAN,
      period: '2022-10',
      rows: [{ code: 'I-41-2', value: 2000 }],
      milestones: [{ code: 'T-41-2', state: 'in_progress' }],
    });
    const queue = await admin.review.queue({ planId: PLAN });
    expect(queue.selfApprovalAllowed).toBe(false);
    const items = [
      { kind: 'figure' as const, id: queue.figures[0]!.id },
      { kind: 'milestone' as const, id: queue.milestones[0]!.id },
    ];
    for (const item of items)
      expect(await failure(admin.review.approve({ planId: PLAN, items: [item] }))).toMatchObject({
        code: 'FORBIDDEN',
        message: expect.stringContaining('须由另一位审核员审核') as string,
      });
    // A statistician made approver of the same unit cannot approve what they reported either.
    const stat = await asNewUser(accountsDb, 'stat-dr', ['development-reform-commission']);
    await stat.entry.save({ planId: PLAN, period: '2022-10', rows: [{ code: 'I-41-1', value: 10 }] });
    const id = (
      await accountsDb.selectFrom('users').select('id').where('username', '=', 'stat-dr').executeTakeFirstOrThrow()
    ).id;
    await admin.users.update({ id, role: 'approver' });
    const approver = await asUser(accountsDb, 'stat-dr', undefined, 'long-enough');
    const own = (await approver.review.queue({ planId: PLAN })).figures.find((f) => f.code === 'I-41-1')!;
    expect(await failure(stat.review.approve({ planId: PLAN, items: [{ kind: 'figure', id: own.id }] }))).toMatchObject(
      { code: 'FORBIDDEN' },
    );
    expect(await boardValue(accountsDb, 'I-41-1', '2022-10')).toMatchObject({ value: null, pending: true });

    // Another approver may; and a one-person unit's plan can allow it, which is logged.
    expect(await admin.review.approve({ planId: PLAN, items: [{ kind: 'figure', id: own.id }] })).toEqual({
      approved: 1,
      returned: 0,
    });
    expect(
      await failure(
        (await asUser(accountsDb, 'approver-dr')).review.setSelfApprovalAllowed({ planId: PLAN, allowed: true }),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    await admin.review.setSelfApprovalAllowed({ planId: PLAN, allowed: true });
    expect(await admin.review.approve({ planId: PLAN, items })).toEqual({ approved: 2, returned: 0 });
    expect(await auditTrail(accountsDb, 'plan', PLAN)).toEqual([
      expect.objectContaining({
        action: 'plan.self_approval_allowed',
        actor: 'admin',
        detail: { selfApprovalAllowed: [false, true] },
      }),
    ]);
  });
});

describe('review.queue with context', () => {
  test('each figure carries the previous month, the target, progress and 序时进度 with the new figure, its warnings and reason', async ({
    accountsDb,
  }) => {
    const stat = await asUser(accountsDb, 'stat-finance');
    await stat.entry.save({ planId: PLAN, period: '2022-09', rows: [{ code: 'I-41-2', value: 2100 }] });
    await stat.entry.save({
      planId: PLAN,
      period: '2022-10',
      rows: [{ code: 'I-41-2', value: 2000, note: '退地 100 亩' }],
    });
    const approver = await asUser(accountsDb, 'approver-dr');
    const { figures } = await approver.review.queue({ planId: PLAN, period: '2022-10' });
    expect(figures).toHaveLength(1);
    const f = figures[0]!;
    expect(f).toMatchObject({
      code: 'I-41-2',
      reportingUnit: { name: '区发展改革委' },
      value: 2000,
      previous: { period: '2022-09', value: 2100 },
      target: '2,500亩',
      taskProgress: 80,
      note: '退地 100 亩',
    });
    // 序时进度 of a calendar-year target in October: 10 of 12 months.
    expect(f.timeProgress).toBeCloseTo((10 / 12) * 100, 6);
    expect(f.warnings.map((w) => [w.kind, w.needs])).toEqual([['cumulative_decrease', 'reason']]);
  });
});

describe('users.unitsWithoutApprover', () => {
  test('names the units that report but have no active approver, for admins only', async ({ accountsDb }) => {
    const admin = await asUser(accountsDb, 'admin');
    const before = await admin.users.unitsWithoutApprover();
    await asNewUser(accountsDb, 'stat-culture', ['culture-tourism-bureau']);
    const after = await admin.users.unitsWithoutApprover();
    expect(after).toEqual(expect.arrayContaining(before));
    expect(after.filter((u) => !before.includes(u))).toEqual(['区文化旅游局']);
    await asNewUser(accountsDb, 'approver-culture', ['culture-tourism-bureau'], 'approver');
    expect(await admin.users.unitsWithoutApprover()).toEqual(before);
    expect(await failure((await asUser(accountsDb, 'stat-finance')).users.unitsWithoutApprover())).toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
