import ExcelJS from 'exceljs';
import { describe, expect } from 'vitest';
import { setToday } from '../../server/clock';
import type { Db } from '../../server/db/connect';
import { changping, testClock, test } from '../fixtures';
import { PLAN, asUser, failure } from '../reporting';

const leadOf = new Map(changping.measures.map((m) => [m.no, m.units[0]!.unit]));
const financeDue = [
  ...changping.indicators.filter((i) => leadOf.get(i.measure) === 'finance-bureau').map((i) => i.code),
  ...changping.milestones.filter((m) => leadOf.get(m.measure) === 'finance-bureau').map((m) => m.code),
];

/** stat-finance reports everything one of its units owes for `period`, at `at` (UTC). */
async function reportAll(db: Db, unitCode: string, period: string, at: string) {
  const stat = await asUser(db, 'stat-finance', testClock(at));
  const form = await stat.entry.form({ planId: PLAN, period, unitCode });
  await stat.entry.save({
    planId: PLAN,
    period,
    rows: form.indicators.map((i) => ({ code: i.code, series: i.series, value: 1 })),
    milestones: form.milestones.map((m) => ({ code: m.code, state: 'in_progress' as const })),
  });
  return form;
}

describe('chase.missing', () => {
  test('lists per unit what has no submitted or approved value, with the due date and days overdue', async ({
    accountsDb,
  }) => {
    await reportAll(accountsDb, 'development-reform-commission', '2022-10', '2022-11-03T02:00:00.000Z');
    const leader = await asUser(accountsDb, 'leader');
    const missing = await leader.chase.missing({ planId: PLAN, period: '2022-10', asOf: '2022-11-08' });
    expect(missing).toMatchObject({ dueDate: '2022-11-05', asOf: '2022-11-08', overdueDays: 3 });
    expect(missing.complete).toEqual(['development-reform-commission']);
    const finance = missing.units.find((u) => u.unitCode === 'finance-bureau')!;
    expect(finance).toMatchObject({ unitName: '区财政局', due: financeDue.length });
    expect(finance.missing.map((m) => m.code)).toEqual(financeDue);
    expect(finance.missing[0]).toEqual({
      kind: 'indicator',
      code: 'I-19-1',
      name: '政府采购面向小微企业的价格扣除比例',
      nameEn: expect.any(String) as string,
    });
    expect(missing.units.map((u) => u.unitCode)).toContain('commerce-bureau');
    expect(missing.units.map((u) => u.unitCode)).not.toContain('development-reform-commission');
    expect((await leader.chase.missing({ planId: PLAN, period: '2022-10', asOf: '2022-11-05' })).overdueDays).toBe(0);
  });

  test('a returned figure counts as not reported; an approver follows up only their own units', async ({
    accountsDb,
  }) => {
    await reportAll(accountsDb, 'development-reform-commission', '2022-10', '2022-11-03T02:00:00.000Z');
    const approver = await asUser(accountsDb, 'approver-dr');
    const mine = await approver.chase.missing({ planId: PLAN, period: '2022-10', asOf: '2022-11-08' });
    expect(mine).toMatchObject({ units: [], complete: ['development-reform-commission'] });

    const item = (await approver.review.queue({ planId: PLAN })).figures.find((f) => f.code === 'I-41-2')!;
    await approver.review.return({ planId: PLAN, items: [{ kind: 'figure', id: item.id }], comment: '请核对' });
    const after = await approver.chase.missing({ planId: PLAN, period: '2022-10', asOf: '2022-11-08' });
    expect(after.units.map((u) => [u.unitCode, u.missing.map((m) => m.code)])).toEqual([
      ['development-reform-commission', ['I-41-2']],
    ]);
    expect(
      await failure((await asUser(accountsDb, 'stat-finance')).chase.missing({ planId: PLAN, period: '2022-10' })),
    ).toMatchObject({ code: 'FORBIDDEN' });
  });

  test('without asOf, days overdue count to the server clock’s today (TODAY), not the request’s instant', async ({
    accountsDb,
  }) => {
    setToday('2022-11-10');
    try {
      // The session's clock is years later; the business date is the server's one clock.
      const admin = await asUser(accountsDb, 'admin', testClock('2026-12-04T02:00:00.000Z'));
      expect(await admin.chase.missing({ planId: PLAN, period: '2022-10' })).toMatchObject({
        asOf: '2022-11-10',
        overdueDays: 5,
      });
      // November's reports are due on 5 December: not overdue on 10 November.
      expect(await admin.chase.missing({ planId: PLAN, period: '2022-11' })).toMatchObject({ overdueDays: 0 });
    } finally {
      setToday(null);
    }
  });
});

describe('chase.onTimeRates', () => {
  test('ranks units by the share of months reported in full by the due date (Beijing time)', async ({ accountsDb }) => {
    await reportAll(accountsDb, 'development-reform-commission', '2022-09', '2022-10-04T02:00:00.000Z');
    // 6 November 00:30 in Beijing: one day late.
    await reportAll(accountsDb, 'development-reform-commission', '2022-10', '2022-11-05T16:30:00.000Z');
    await reportAll(accountsDb, 'finance-bureau', '2022-09', '2022-10-05T15:30:00.000Z');
    await reportAll(accountsDb, 'finance-bureau', '2022-10', '2022-11-01T02:00:00.000Z');
    // A later correction does not make an on-time month late: the first report counts.
    const stat = await asUser(accountsDb, 'stat-finance', testClock('2022-11-20T02:00:00.000Z'));
    await stat.entry.save({ planId: PLAN, period: '2022-09', rows: [{ code: 'I-19-2', value: 42 }] });

    const leader = await asUser(accountsDb, 'leader');
    const rates = await leader.chase.onTimeRates({ planId: PLAN, year: 2022, asOf: '2022-12-10' });
    // From the plan's issue month (June 2022) to November, whose reports were due on 5 December.
    expect(rates.months).toEqual(['2022-06', '2022-07', '2022-08', '2022-09', '2022-10', '2022-11']);
    const [first, second, third] = rates.units;
    expect(first).toMatchObject({
      rank: 1,
      unitCode: 'finance-bureau',
      onTime: ['2022-09', '2022-10'],
      dueMonths: 6,
      onTimeMonths: 2,
      rate: 33.3,
    });
    expect(second).toMatchObject({
      rank: 2,
      unitCode: 'development-reform-commission',
      onTime: ['2022-09'],
      late: ['2022-06', '2022-07', '2022-08', '2022-10', '2022-11'],
      rate: 16.7,
    });
    expect(third).toMatchObject({ rank: 3, rate: 0 });
    expect(rates.units.at(-1)).toMatchObject({ rank: 3, rate: 0 });

    const early = await leader.chase.onTimeRates({ planId: PLAN, year: 2022, asOf: '2022-11-05' });
    expect(early.months).toEqual(['2022-06', '2022-07', '2022-08', '2022-09']);
  });
});

describe('chase.exportXlsx', () => {
  test('an .xlsx for a notice: title, one row per unit, due date and days overdue, formulas neutralised', async ({
    accountsDb,
  }) => {
    await reportAll(accountsDb, 'development-reform-commission', '2022-10', '2022-11-03T02:00:00.000Z');
    await accountsDb
      .updateTable('units')
      .set({ name: '=HYPERLINK("http://example.com","区财政局")' })
      .where('code', '=', 'finance-bureau')
      .execute();
    const admin = await asUser(accountsDb, 'admin');
    const file = await admin.chase.exportXlsx({ planId: PLAN, period: '2022-10', asOf: '2022-11-08' });
    expect(file).toMatchObject({
      fileName: '2022年10月未按时报送情况.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe('2022年10月未按时报送情况');
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(['单位', '未报指标', '截止日期', '逾期天数']);
    const rows = sheet.getRows(3, sheet.rowCount - 2)!;
    const values = rows.map((r) => (r.values as unknown[]).slice(1) as [string, string, string, number]);
    const finance = rows.find((r) => r.getCell(1).text.includes('HYPERLINK'))!;
    expect(finance.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(finance.getCell(1).value).toBe('\'=HYPERLINK("http://example.com","区财政局")');
    expect(finance.getCell(2).text.split('\n')[0]).toBe('I-19-1 政府采购面向小微企业的价格扣除比例');
    expect([finance.getCell(3).value, finance.getCell(4).value]).toEqual(['2022年11月5日', 3]);
    expect(values.map((r) => r[0])).toContain('区商务局');
    expect(values.map((r) => r[0])).not.toContain('区发展改革委');
  });
});
