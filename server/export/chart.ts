// One chart of the board, ready to leave it: the option the measure page draws (same read model,
// same builders, via shared/charts/from-detail.ts), framed for export with the 数据来源 line, and
// the table of its numbers. Codes are indicator (I-41-2) or milestone (T-41-1) codes.
import { forExport, sourceLine } from '../../shared/charts/export-frame';
import { indicatorChartInput, milestoneChartInput } from '../../shared/charts/from-detail';
import { buildIndicatorChart } from '../../shared/charts/indicator-chart';
import { buildMilestoneOption, milestoneTable } from '../../shared/charts/milestone';
import type { ChartOption, ChartTable } from '../../shared/charts/types';
import { formatPeriod, unitNote, type Lang } from '../../shared/format';
import type { Period } from '../../shared/period';
import type { Db } from '../db/connect';
import { measureDetail } from '../queries/board';
import { EXPORT_FONT_FAMILY } from '../render/chart-size';
import { ExportError, type ExportPlan } from './request';
import type { SheetDoc } from './sheet';

export interface ChartExport {
  option: ChartOption;
  data: SheetDoc;
  /** "I-41-2 供应产业用地 2022年10月": the downloaded file's name, without extension. */
  fileStem: string;
  asciiStem: string;
}

async function measureOf(db: Db, planId: string, code: string): Promise<number | null> {
  const query = (table: 'indicators' | 'milestones') =>
    db
      .selectFrom(table)
      .innerJoin('measures', 'measures.id', `${table}.measureId`)
      .select('measures.no')
      .where(`${table}.planId`, '=', planId)
      .where(`${table}.code`, '=', code)
      .executeTakeFirst();
  const row = await query(code.startsWith('T-') ? 'milestones' : 'indicators');
  return row?.no ?? null;
}

/** The figures are reported by the measure's lead unit (server/queries/reporting-units.ts). */
function source(leadUnit: string | undefined, demo: boolean, lang: Lang): string {
  const line = sourceLine(leadUnit ? [leadUnit] : [], lang);
  if (!demo) return line;
  return lang === 'zh' ? `${line}（示例数据，非实际报送）` : `${line} (demo figures, not reported)`;
}

export async function chartExport(
  db: Db,
  plan: ExportPlan,
  code: string,
  period: Period | undefined,
  lang: Lang,
): Promise<ChartExport> {
  const zh = lang === 'zh';
  const notFound = new ExportError(
    404,
    `方案“${plan.id}”没有指标或任务“${code}” / No indicator or task '${code}' in plan '${plan.id}'`,
  );
  const no = await measureOf(db, plan.id, code);
  if (no === null) throw notFound;
  const detail = await measureDetail(db, plan.id, no, period);
  if (!detail) throw notFound;
  const report = detail.period;
  const lead = detail.measure.units[0];
  const line = source(lead && (zh ? lead.name : lead.nameEn), detail.demo, lang);
  const month = formatPeriod(report, lang);

  const ind = detail.indicators.find((i) => i.code === code);
  const ms = ind ? undefined : detail.milestones.find((m) => m.code === code);
  let built: { option: ChartOption; table: ChartTable };
  let name: string;
  let unit = '';
  if (ind) {
    built = buildIndicatorChart(indicatorChartInput(ind, report, lang, EXPORT_FONT_FAMILY));
    name = zh ? ind.name : ind.nameEn;
    unit = unitNote(ind, lang);
  } else if (ms) {
    const input = milestoneChartInput(ms, report, detail.issuedOn, lang, EXPORT_FONT_FAMILY);
    built = { option: buildMilestoneOption(input), table: milestoneTable(input) };
    name = zh ? ms.task : ms.taskEn;
  } else throw notFound;

  const facts = [unit, zh ? `报告期：${month}` : `Report month: ${month}`].filter(Boolean);
  return {
    option: forExport(built.option, line),
    data: {
      sheetName: code,
      title: `${code} ${name}`,
      notes: [facts.join(zh ? '　' : ' · '), line],
      columns: built.table.columns,
      rows: built.table.rows,
      widths: built.table.columns.map((_c, i) => (i === 0 ? 14 : i === built.table.columns.length - 1 ? 24 : 18)),
    },
    fileStem: `${code} ${name} ${month}`,
    asciiStem: `plan-monitor-${code}-${report}`,
  };
}
