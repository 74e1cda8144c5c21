// The report template for one unit and month, as .xlsx or .csv: one row per indicator (per
// series for a spread) with its code, name, unit, reporting convention, last month's value and,
// when already reported, this month's. It is the file the importer reads back best.
import { mustBeNonNegative } from '../../shared/checks';
import { formatDate, formatPeriod } from '../../shared/format';
import { addMonths, periodRange, type Period } from '../../shared/period';
import { reportingLabel, seriesOf, seriesUnit } from '../../shared/reporting';
import type { Db } from '../db/connect';
import { csvFile, safeCell } from '../export/safe-cell';
import { dueItems } from '../queries/due';
import { templateCode, templateName } from './interpret';

export const TEMPLATE_HEADER = ['指标代码', '指标名称', '单位', '报送口径', '报告期', '上月数值', '本月数值', '备注'];

export interface TemplateRow {
  code: string;
  name: string;
  unit: string;
  convention: string;
  period: Period;
  previous: number | null;
  value: number | null;
  note: string | null;
  nonNegative: boolean;
}

export interface TemplateData {
  title: string;
  instructions: string;
  period: Period;
  /** Months offered in the 报告期 list (the last twelve of the plan up to `period`). */
  months: Period[];
  rows: TemplateRow[];
  fileStem: string;
  asciiStem: string;
}

export async function templateData(
  db: Db,
  planId: string,
  unit: { id: number; code: string; name: string },
  period: Period,
): Promise<TemplateData> {
  const { plan, dueDate, indicators } = await dueItems(db, planId, period, [unit.id]);
  const previous = addMonths(period, -1);
  const ids = indicators.map((i) => i.id);
  const stored =
    ids.length === 0
      ? []
      : await db
          .selectFrom('actuals')
          .select(['indicatorId', 'series', 'period', 'value', 'note'])
          .where('indicatorId', 'in', ids)
          .where('period', 'in', [previous, period])
          .where('source', '!=', 'demo')
          .execute();
  const find = (id: number, series: string, p: Period) =>
    stored.find((s) => s.indicatorId === id && s.series === series && s.period === p);
  const rows = indicators.flatMap(({ id, def }) =>
    seriesOf(def).map((series) => {
      const current = find(id, series, period);
      return {
        code: templateCode(def, series),
        name: templateName(def, series),
        unit: seriesUnit(def, series, 'zh'),
        convention: reportingLabel(def, period, 'zh'),
        period,
        previous: find(id, series, previous)?.value ?? null,
        value: current?.value ?? null,
        note: current?.note ?? null,
        nonNegative: mustBeNonNegative(def),
      };
    }),
  );
  const first = indicators.reduce((min, i) => (i.def.periodStart < min ? i.def.periodStart : min), period);
  const months = periodRange(first, period).slice(-12);
  return {
    title: `${unit.name} ${formatPeriod(period, 'zh')} 指标数据报送表`,
    instructions:
      `方案：${plan.title}（${plan.docNumber}）。报送截止：${formatDate(dueDate, 'zh')}。` +
      '请在“本月数值”列按“报送口径”填写阿拉伯数字，不要修改指标代码；需要说明的情况写在“备注”列。',
    period,
    months,
    rows,
    fileStem: `${unit.name}-${period}-指标报送表`,
    asciiStem: `plan-monitor-${unit.code}-${period}`,
  };
}

export async function templateXlsx(data: TemplateData): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '方案监测 Plan Monitor';
  const ws = workbook.addWorksheet(`${data.period}报送`, { views: [{ state: 'frozen', ySplit: 3 }] });
  ws.columns = [14, 40, 10, 14, 11, 13, 13, 40].map((width) => ({ width }));
  ws.mergeCells('A1:H1');
  ws.getCell('A1').value = safeCell(data.title);
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  ws.mergeCells('A2:H2');
  ws.getCell('A2').value = safeCell(data.instructions);
  ws.getCell('A2').alignment = { wrapText: true, vertical: 'top' };
  ws.getRow(2).height = 36;
  const header = ws.getRow(3);
  header.values = TEMPLATE_HEADER;
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  const monthList = `"${data.months.join(',')}"`;
  data.rows.forEach((r, i) => {
    const row = ws.getRow(4 + i);
    row.values = [r.code, r.name, r.unit, r.convention, r.period, r.previous, r.value, r.note].map(safeCell);
    // Text, so Excel does not turn "2022-10" into a date (the importer would cope, people less).
    row.getCell(5).numFmt = '@';
    row.getCell(5).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [monthList],
      showErrorMessage: true,
      errorTitle: '报告期',
      error: '请从列表中选择月份（YYYY-MM）',
    };
    row.getCell(7).dataValidation = {
      type: 'decimal',
      allowBlank: true,
      operator: r.nonNegative ? 'greaterThanOrEqual' : 'between',
      formulae: r.nonNegative ? [0] : [-1e12, 1e12],
      showErrorMessage: true,
      errorTitle: '本月数值',
      error: r.nonNegative ? `请填写不小于 0 的数字（单位：${r.unit}）` : `请填写数字（单位：${r.unit}）`,
    };
    row.getCell(7).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
    row.getCell(6).font = { color: { argb: 'FF808080' } };
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function templateCsv(data: TemplateData): Buffer {
  return csvFile([
    [data.title],
    TEMPLATE_HEADER,
    ...data.rows.map((r) => [r.code, r.name, r.unit, r.convention, r.period, r.previous, r.value, r.note]),
  ]);
}

/** `attachment` with an ASCII fallback and the Chinese name per RFC 5987/6266. */
export function contentDisposition(fileName: string, asciiName: string): string {
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encoded}`;
}

/** The units a user may download a template for (an admin: every unit with something due), with counts. */
export async function templateUnits(db: Db, planId: string, period: Period, unitIds: number[] | null) {
  const { indicators } = await dueItems(db, planId, period, unitIds);
  const units = new Map<number, { code: string; name: string; indicators: number }>();
  for (const { unit } of indicators) {
    const entry = units.get(unit.id) ?? { code: unit.code, name: unit.name, indicators: 0 };
    entry.indicators++;
    units.set(unit.id, entry);
  }
  return [...units.values()];
}
