// 催报: which units have not reported what for a month, how late they are, each unit's on-time
// rate over a year, and the list as an .xlsx for a notice (通报).
import { z } from 'zod';
import { formatDate, formatPeriod } from '../../shared/format';
import { daysBetween, periodOfDate, periodRange, type Period } from '../../shared/period';
import { periodSchema } from '../../shared/plan-schema';
import { seriesOf } from '../../shared/reporting';
import type { Db } from '../db/connect';
import { safeCell } from '../export/safe-cell';
import { chinaDate } from '../clock';
import { reportDueDate } from '../../shared/period';
import { dueItems, planOrThrow } from './due';
import type { SessionUser } from './users';

const planId = z.string().min(1).max(100);
const asOf = z.iso.date().optional();
export const missingInput = z.object({ planId, period: periodSchema, asOf });
export const onTimeInput = z.object({ planId, year: z.number().int().min(2000).max(2100), asOf });

/** Units a user follows up: an approver their own, admins and leaders all. */
export const chaseUnits = (user: SessionUser) => (user.role === 'approver' ? user.units.map((u) => u.id) : null);

export async function missingReports(
  db: Db,
  input: z.infer<typeof missingInput> & { asOf: string },
  unitIds: number[] | null,
) {
  const due = await dueItems(db, input.planId, input.period, unitIds);
  const ids = due.indicators.map((i) => i.id);
  const reported = new Set(
    (ids.length === 0
      ? []
      : await db
          .selectFrom('actuals')
          .select(['indicatorId', 'series'])
          .where('indicatorId', 'in', ids)
          .where('period', '=', input.period)
          .where('reviewState', 'in', ['submitted', 'approved'])
          .execute()
    ).map((a) => `${a.indicatorId}:${a.series}`),
  );
  const msIds = due.milestones.map((m) => m.id);
  const reportedMs = new Set(
    (msIds.length === 0
      ? []
      : await db
          .selectFrom('milestoneUpdates')
          .select('milestoneId')
          .where('milestoneId', 'in', msIds)
          .where('period', '=', input.period)
          .where('reviewState', 'in', ['submitted', 'approved'])
          .execute()
    ).map((m) => m.milestoneId),
  );

  const units = new Map<
    string,
    {
      unitCode: string;
      unitName: string;
      due: number;
      missing: { kind: 'indicator' | 'milestone'; code: string; name: string; nameEn: string }[];
    }
  >();
  const entry = (unit: { code: string; name: string }) => {
    const found = units.get(unit.code) ?? { unitCode: unit.code, unitName: unit.name, due: 0, missing: [] };
    units.set(unit.code, found);
    found.due++;
    return found;
  };
  for (const { id, def, unit } of due.indicators) {
    const u = entry(unit);
    if (!seriesOf(def).every((s) => reported.has(`${id}:${s}`)))
      u.missing.push({ kind: 'indicator', code: def.code, name: def.name, nameEn: def.nameEn });
  }
  for (const ms of due.milestones) {
    const u = entry(ms.unit);
    if (!reportedMs.has(ms.id)) u.missing.push({ kind: 'milestone', code: ms.code, name: ms.task, nameEn: ms.taskEn });
  }
  const overdueDays = Math.max(0, daysBetween(due.dueDate, input.asOf));
  return {
    planId: input.planId,
    period: input.period,
    dueDate: due.dueDate,
    asOf: input.asOf,
    overdueDays,
    /** Units with something missing, most missing first; `due` counts the items each must report. */
    units: [...units.values()]
      .filter((u) => u.missing.length > 0)
      .sort((a, b) => b.missing.length - a.missing.length || a.unitCode.localeCompare(b.unitCode)),
    complete: [...units.values()].filter((u) => u.missing.length === 0).map((u) => u.unitCode),
  };
}

/**
 * Each unit's on-time rate over a year: of the months whose due date has passed by `asOf`
 * (from the plan's issue month on), the share in which every item the unit reports was first
 * reported on or before the due date. First reported: the earliest revision, else the row's
 * reportedAt (demo rows have no revisions).
 */
export async function onTimeRates(
  db: Db,
  input: z.infer<typeof onTimeInput> & { asOf: string },
  unitIds: number[] | null,
) {
  const plan = await planOrThrow(db, input.planId);
  const first = `${input.year}-01`;
  const issued = periodOfDate(plan.issuedOn);
  const months = periodRange(first > issued ? first : issued, `${input.year}-12`).filter(
    (p) => reportDueDate(p, plan.reportDueDay) < input.asOf,
  );

  const firstReported = new Map<string, string>();
  const keep = (k: string, at: string) => {
    const seen = firstReported.get(k);
    if (seen === undefined || at < seen) firstReported.set(k, at);
  };
  const yearRange = [`${input.year}-01`, `${input.year}-12`] as const;
  for (const a of await db
    .selectFrom('actuals')
    .innerJoin('indicators', 'indicators.id', 'actuals.indicatorId')
    .select(['actuals.indicatorId', 'actuals.series', 'actuals.period', 'actuals.reportedAt'])
    .where('indicators.planId', '=', input.planId)
    .where('actuals.period', '>=', yearRange[0])
    .where('actuals.period', '<=', yearRange[1])
    .execute())
    keep(`i:${a.indicatorId}:${a.series}:${a.period}`, a.reportedAt);
  for (const r of await db
    .selectFrom('actualRevisions')
    .innerJoin('indicators', 'indicators.id', 'actualRevisions.indicatorId')
    .select([
      'actualRevisions.indicatorId',
      'actualRevisions.series',
      'actualRevisions.period',
      'actualRevisions.changedAt',
    ])
    .where('indicators.planId', '=', input.planId)
    .where('actualRevisions.period', '>=', yearRange[0])
    .where('actualRevisions.period', '<=', yearRange[1])
    .execute())
    keep(`i:${r.indicatorId}:${r.series}:${r.period}`, r.changedAt);
  for (const m of await db
    .selectFrom('milestoneUpdates')
    .innerJoin('milestones', 'milestones.id', 'milestoneUpdates.milestoneId')
    .select(['milestoneUpdates.milestoneId', 'milestoneUpdates.period', 'milestoneUpdates.reportedAt'])
    .where('milestones.planId', '=', input.planId)
    .where('milestoneUpdates.period', '>=', yearRange[0])
    .where('milestoneUpdates.period', '<=', yearRange[1])
    .execute())
    keep(`m:${m.milestoneId}:${m.period}`, m.reportedAt);
  for (const r of await db
    .selectFrom('milestoneRevisions')
    .innerJoin('milestones', 'milestones.id', 'milestoneRevisions.milestoneId')
    .select(['milestoneRevisions.milestoneId', 'milestoneRevisions.period', 'milestoneRevisions.changedAt'])
    .where('milestones.planId', '=', input.planId)
    .where('milestoneRevisions.period', '>=', yearRange[0])
    .where('milestoneRevisions.period', '<=', yearRange[1])
    .execute())
    keep(`m:${r.milestoneId}:${r.period}`, r.changedAt);

  const units = new Map<string, { unitCode: string; unitName: string; late: Period[]; onTime: Period[] }>();
  for (const period of months) {
    const due = await dueItems(db, input.planId, period, unitIds);
    const inTime = (k: string) => {
      const at = firstReported.get(k);
      return at !== undefined && chinaDate(at) <= due.dueDate;
    };
    const byUnit = new Map<string, { unit: { code: string; name: string }; ok: boolean }>();
    const mark = (unit: { code: string; name: string }, ok: boolean) => {
      const u = byUnit.get(unit.code) ?? { unit, ok: true };
      u.ok &&= ok;
      byUnit.set(unit.code, u);
    };
    for (const { id, def, unit } of due.indicators)
      mark(
        unit,
        seriesOf(def).every((s) => inTime(`i:${id}:${s}:${period}`)),
      );
    for (const ms of due.milestones) mark(ms.unit, inTime(`m:${ms.id}:${period}`));
    for (const { unit, ok } of byUnit.values()) {
      const u = units.get(unit.code) ?? { unitCode: unit.code, unitName: unit.name, late: [], onTime: [] };
      (ok ? u.onTime : u.late).push(period);
      units.set(unit.code, u);
    }
  }

  const rows = [...units.values()]
    .map((u) => {
      const dueMonths = u.onTime.length + u.late.length;
      return {
        ...u,
        dueMonths,
        onTimeMonths: u.onTime.length,
        rate: Math.round((u.onTime.length / dueMonths) * 1000) / 10,
      };
    })
    .sort((a, b) => b.rate - a.rate || b.dueMonths - a.dueMonths || a.unitCode.localeCompare(b.unitCode));
  return {
    planId: input.planId,
    year: input.year,
    asOf: input.asOf,
    months,
    /** Ranked by rate (%, one decimal); equal rates share a rank. */
    units: rows.map((r) => ({ rank: 1 + rows.filter((o) => o.rate > r.rate).length, ...r })),
  };
}

export async function missingXlsx(
  db: Db,
  input: z.infer<typeof missingInput> & { asOf: string },
  unitIds: number[] | null,
) {
  const report = await missingReports(db, input, unitIds);
  const title = `${formatPeriod(input.period, 'zh')}未按时报送情况`;
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('未按时报送');
  sheet.columns = [{ width: 24 }, { width: 60 }, { width: 18 }, { width: 10 }];
  sheet.mergeCells('A1:D1');
  const head = sheet.getCell('A1');
  head.value = title;
  head.font = { bold: true, size: 14 };
  head.alignment = { horizontal: 'center' };
  const header = sheet.addRow(['单位', '未报指标', '截止日期', '逾期天数']);
  header.font = { bold: true };
  for (const u of report.units) {
    const row = sheet.addRow([
      safeCell(u.unitName),
      safeCell(u.missing.map((m) => `${m.code} ${m.name}`).join('\n')),
      formatDate(report.dueDate, 'zh'),
      report.overdueDays,
    ]);
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    row.getCell(1).alignment = { vertical: 'top' };
  }
  sheet.views = [{ state: 'frozen', ySplit: 2 }];
  const buffer = Buffer.from(await book.xlsx.writeBuffer());
  return {
    fileName: `${title}.xlsx`,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    base64: buffer.toString('base64'),
  };
}
