// Issue 16, months and the clock: a month is judged only on what was reported for it, the month
// picker offers months up to the latest with any figure, and business dates read the one clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect } from 'vitest';
import { prepareDatabase } from '../../server/bootstrap';
import { setToday, today } from '../../server/clock';
import { demoToday } from '../../server/demo';
import { createCaller } from '../../server/routers/_app';
import { periodRange, reportDueDate } from '../../shared/period';
import { changping, freshDatabaseUrl, repoRoot, silent, test } from '../fixtures';
import { PLAN, asUser } from '../reporting';

const tmp = mkdtempSync(path.join(tmpdir(), 'plan-monitor-trust-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => setToday(null));

describe('the month picker and a URL month', () => {
  test('offers the plan’s months up to the latest month with figures, not the plan’s end', async ({ api }) => {
    const board = await api.board.overview({ planId: PLAN });
    expect(board.period).toBe('2022-10');
    expect(board.periods.at(-1)).toBe('2022-10');
    expect(board.periods).not.toContain('2022-11');
    expect(board.corrected).toBeNull();
  });

  test('a month after the data or far outside is corrected to the nearest one, saying so', async ({ api }) => {
    for (const [asked, shown] of [
      ['2030-01', '2022-10'],
      ['2022-12', '2022-10'],
      ['2019-01', '2022-01'],
    ] as const) {
      const board = await api.board.overview({ planId: PLAN, period: asked });
      expect(board.period).toBe(shown);
      expect(board.corrected).toBe(asked);
      expect(board.periods).toEqual(periodRange('2022-01', '2022-10'));
    }
    const measure = await api.board.measure({ planId: PLAN, no: 1, period: '2030-01' });
    expect(measure).toMatchObject({ period: '2022-10', corrected: '2030-01' });
    const units = await api.board.units({ planId: PLAN, period: '2030-01' });
    expect(units).toMatchObject({ period: '2022-10', corrected: '2030-01' });
  });

  test('never offers a month the clock has not reached', async ({ api }) => {
    setToday('2022-09-15');
    const board = await api.board.overview({ planId: PLAN });
    expect(board.periods.at(-1)).toBe('2022-09');
    expect(board.period).toBe('2022-09');
  });
});

describe('a month after the data', () => {
  test('items without a figure for the month are 未报送 with their latest figure’s month, never 未完成', async ({
    demoDb,
  }) => {
    // One unit reports November early; everything else still has October as its latest month.
    const housing = await demoDb
      .selectFrom('indicators')
      .select('id')
      .where('code', '=', 'I-41-2')
      .executeTakeFirstOrThrow();
    await demoDb
      .insertInto('actuals')
      .values({
        indicatorId: housing.id,
        series: 'value',
        period: '2022-11',
        value: 14000,
        note: null,
        source: 'demo',
        reportedBy: null,
        reportedAt: '2022-12-03T09:00:00.000Z',
        reviewState: 'approved',
        approvedValue: 14000,
      })
      .execute();
    setToday('2022-12-06');
    const api = createCaller({ db: demoDb });
    const board = await api.board.overview({ planId: PLAN });
    expect(board.period).toBe('2022-11');
    const november = board.indicators.find((i) => i.code === 'I-41-2')!;
    expect(november.evaluation).toMatchObject({ asOf: '2022-11', value: 14000 });
    expect(november.evaluation.status).not.toBe('not_reported');

    const october = await api.board.overview({ planId: PLAN, period: '2022-10' });
    for (const item of board.indicators) {
      if (item.code === 'I-41-2' || item.evaluation.status === 'not_yet_due') continue;
      const before = october.indicators.find((i) => i.code === item.code)!;
      if (before.evaluation.status === 'no_data') continue;
      // Either 未报送 with October's figure, or a verdict its figures already settle.
      if (item.evaluation.status === 'not_reported') {
        expect(item.evaluation.asOf).toBe(before.evaluation.asOf);
        expect(item.sentence).toContain('2022年11月');
        expect(item.sentence).toContain('未报送');
      } else expect(['achieved', 'missed']).toContain(item.evaluation.status);
      if (item.evaluation.status === 'missed') {
        // Only for a target period that ended by October (its own last figure is in).
        const def = changping.indicators.find((d) => d.code === item.code)!;
        expect(def.periodEnd <= '2022-10').toBe(true);
      }
    }
    expect(board.indicators.filter((i) => i.evaluation.status === 'not_reported').length).toBeGreaterThan(10);
    for (const ms of board.milestones)
      expect(['not_reported', 'achieved', 'missed', 'not_yet_due']).toContain(ms.evaluation.status);
  });
});

describe('one clock', () => {
  test('the demo runs on its own date, a few days after October’s reporting deadline', async () => {
    const config = {
      DATABASE_URL: await freshDatabaseUrl(tmp, 'demo-clock'),
      DEMO: true,
      PLANS_DIR: path.join(repoRoot, 'data/plans'),
    };
    const db = await prepareDatabase(config, silent);
    try {
      expect(today()).toBe(demoToday(changping));
      expect(today() > reportDueDate('2022-10', 5)).toBe(true);
      expect(today() < reportDueDate('2022-11', 5)).toBe(true);

      // 催报 counts overdue days from that date, not from the real one.
      const admin = await asUser(db, 'admin');
      const october = await admin.chase.missing({ planId: PLAN, period: '2022-10' });
      expect(october).toMatchObject({ asOf: today(), dueDate: '2022-11-05', overdueDays: 3 });
      const november = await admin.chase.missing({ planId: PLAN, period: '2022-11' });
      expect(november.overdueDays).toBe(0);
      expect((await admin.plan.tree({ planId: PLAN })).today).toBe(today());
    } finally {
      await db.destroy();
    }
    // TODAY overrides the demo's date; without the demo the real date is used.
    const pinned = await prepareDatabase({ ...config, TODAY: '2022-12-20' }, silent);
    expect(today()).toBe('2022-12-20');
    await pinned.destroy();
    const live = await prepareDatabase({ ...config, DEMO: false }, silent);
    expect(today()).toBe(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10));
    await live.destroy();
  });
});
