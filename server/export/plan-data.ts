// The data export: every indicator and milestone task of a plan (or of the overview's filters),
// one row per month from the first month with data to the report month, with the target, the
// value, progress against 序时进度, the status and the progress sentence of that month. Each
// month is evaluated by planStatus itself, so a row says what the board said for that month.
import { filterMeasure, parseFilters, type OverviewFilters } from '../../shared/board/filters';
import { boardSections } from '../../shared/board/sections';
import { percentCell } from '../../shared/charts/common';
import { formatDate, formatPeriod, type Lang } from '../../shared/format';
import { KIND_LABEL } from '../../shared/kind-labels';
import { minPeriod, periodOfDate, periodRange, type Period } from '../../shared/period';
import { targetText } from '../../shared/reporting';
import { withTargetValues } from '../../shared/target-changes';
import { MILESTONE_STATE_LABEL, statusLabel } from '../../shared/status-style';
import type { Db } from '../db/connect';
import { listIndicatorDefs } from '../queries/indicators';
import { planTree } from '../queries/plan';
import { planStatus } from '../queries/status';
import { ExportError, type ExportPlan } from './request';
import type { SheetDoc, SheetValue } from './sheet';

const COLUMNS = {
  zh: [
    '措施',
    '代码',
    '指标或任务',
    '类型',
    '牵头单位',
    '单位',
    '目标',
    '月份',
    '数值',
    '数据月份',
    '完成进度%',
    '序时进度%',
    '差距（百分点）',
    '状态',
    '进展表述',
  ],
  en: [
    'Measure',
    'Code',
    'Indicator or task',
    'Kind',
    'Lead unit',
    'Unit',
    'Target',
    'Month',
    'Value',
    'Value as of',
    'Progress %',
    'Time elapsed %',
    'Gap (pp)',
    'Status',
    'Progress sentence',
  ],
} as const;

const WIDTHS = [6, 10, 36, 9, 20, 9, 20, 11, 12, 11, 10, 10, 12, 10, 70];

/** The filters as the overview reads them from its URL (section, unit, role, status, group, kind, q). */
export function exportFilters(query: Record<string, string | undefined>): OverviewFilters {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (typeof v === 'string') params.set(k, v);
  return parseFilters(params);
}

function filterNote(f: OverviewFilters, lang: Lang, unitName: string | null): string | null {
  const zh = lang === 'zh';
  const parts: string[] = [];
  if (f.section) parts.push(zh ? `第${f.section}部分` : `section ${f.section}`);
  if (f.unit)
    parts.push(
      `${zh ? '单位' : 'unit'} ${unitName ?? f.unit}${f.unitRole === 'lead' ? (zh ? '（牵头）' : ' (lead)') : ''}`,
    );
  if (f.status) parts.push(`${zh ? '状态' : 'status'} ${statusLabel(f.status, lang)}`);
  if (f.kind) parts.push(`${zh ? '类型' : 'kind'} ${KIND_LABEL[f.kind][lang]}`);
  if (f.q.trim()) parts.push(`${zh ? '搜索' : 'search'} “${f.q.trim()}”`);
  if (parts.length === 0) return null;
  return (zh ? '筛选：' : 'Filters: ') + parts.join(zh ? '，' : ', ');
}

export async function planData(
  db: Db,
  plan: ExportPlan,
  period: Period | undefined,
  lang: Lang,
  filters: OverviewFilters,
): Promise<SheetDoc & { fileStem: string; asciiStem: string; report: Period }> {
  const zh = lang === 'zh';
  const board = await planStatus(db, plan.id, period);
  if (!board) throw new ExportError(404, `没有方案“${plan.id}” / No plan '${plan.id}'`);
  const report = board.period;

  // The same joining and filtering as the overview page, over the report month's statuses.
  const sections = boardSections(await planTree(db, plan.id), board);
  const measures = sections.flatMap((s) =>
    s.subsections.flatMap((sub) => sub.measures.flatMap((m) => filterMeasure(m, s.no, filters) ?? [])),
  );
  const months = periodRange(minPeriod(board.periods[0] ?? report, report), report);
  const byMonth = new Map<Period, NonNullable<Awaited<ReturnType<typeof planStatus>>>>();
  // One month at a time: each is a few queries and the statuses of ~130 items.
  for (const m of months) {
    const status = m === report ? board : await planStatus(db, plan.id, m);
    if (status) byMonth.set(m, status);
  }
  const defs = new Map((await listIndicatorDefs(db, plan.id)).map(({ def }) => [def.code, def]));
  const issueMonth = periodOfDate(plan.issuedOn);

  const rows: SheetValue[][] = [];
  for (const m of measures) {
    const lead = m.units[0];
    const leadName = lead ? (zh ? lead.name : lead.nameEn) : null;
    for (const item of m.indicators) {
      const def = defs.get(item.code);
      if (!def) continue;
      for (const month of months) {
        if (month < def.periodStart) continue;
        const at = byMonth.get(month)?.indicators.find((i) => i.code === item.code);
        if (!at) continue;
        const ev = at.evaluation;
        // The target in force that month (调整目标), marked when it is an adjusted one.
        const change = at.targetChange;
        const target = targetText(change ? withTargetValues(def, change.new) : def, lang);
        rows.push([
          m.no,
          item.code,
          zh ? item.name : item.nameEn,
          KIND_LABEL[item.kind][lang],
          leadName,
          zh ? item.unit : item.unitEn,
          change ? `${target}${zh ? '（已调整）' : ' (adjusted)'}` : target,
          month,
          ev.value,
          ev.asOf,
          ev.taskProgress === null ? null : percentCell(ev.taskProgress),
          ev.timeProgress === null ? null : percentCell(ev.timeProgress),
          ev.gap === null ? null : percentCell(ev.gap),
          statusLabel(ev.status, lang),
          zh ? at.sentence : at.sentenceEn,
        ]);
      }
    }
    for (const item of m.milestones) {
      for (const month of months) {
        if (month < issueMonth) continue;
        const at = byMonth.get(month)?.milestones.find((i) => i.code === item.code);
        if (!at) continue;
        const ev = at.evaluation;
        rows.push([
          m.no,
          item.code,
          zh ? item.task : item.taskEn,
          KIND_LABEL.milestone[lang],
          leadName,
          null,
          zh ? `${formatDate(item.deadline, lang)}前` : `by ${formatDate(item.deadline, lang)}`,
          month,
          ev.state ? MILESTONE_STATE_LABEL[ev.state][lang] : null,
          ev.asOf,
          null,
          percentCell(ev.timeProgress),
          null,
          statusLabel(ev.status, lang),
          zh ? at.sentence : at.sentenceEn,
        ]);
      }
    }
  }

  const unitName = filters.unit
    ? (sections
        .flatMap((s) => s.subsections.flatMap((sub) => sub.measures.flatMap((m) => m.units)))
        .find((u) => u.code === filters.unit)?.[zh ? 'name' : 'nameEn'] ?? null)
    : null;
  const note = filterNote(filters, lang, unitName);
  const reportText = formatPeriod(report, lang);
  return {
    sheetName: zh ? '指标逐月' : 'By month',
    title: `${zh ? plan.title : plan.titleEn}${zh ? '——' : ' — '}${zh ? '指标与任务逐月进展' : 'indicators and tasks by month'}`,
    notes: [
      zh
        ? `报告期：${reportText}\u3000数据来源：各措施牵头单位报送；方案监测整理${board.demo ? '（示例数据，非实际报送）' : ''}`
        : `Report month: ${reportText} · Source: reported by each measure's lead unit; compiled by Plan Monitor${board.demo ? ' (demo figures, not reported)' : ''}`,
      ...(note ? [note] : []),
    ],
    columns: [...COLUMNS[lang]],
    rows,
    widths: WIDTHS,
    fileStem: `${zh ? plan.title : plan.titleEn}-${zh ? '逐月数据' : 'data'}-${report}${note ? (zh ? '-筛选' : '-filtered') : ''}`,
    asciiStem: `plan-monitor-${plan.id}-${report}${note ? '-filtered' : ''}`,
    report,
  };
}
