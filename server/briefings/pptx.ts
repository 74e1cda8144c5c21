// The PowerPoint briefing: a title slide, a summary slide naming the lead units with lagging
// items, a "red list" of every lagging indicator sorted by gap, one slide per lagging indicator
// (or all, by option) with a native line chart (editable; data in the embedded workbook) built
// from the board's option-builder, and one slide per overdue or urgent milestone task.
import PptxGenJS from 'pptxgenjs';
import { indicatorChartInput } from '../../shared/charts/from-detail';
import { buildIndicatorChart } from '../../shared/charts/indicator-chart';
import type { ChartOption } from '../../shared/charts/types';
import { sourceLine } from '../../shared/charts/export-frame';
import { formatDate, formatPercent, formatPeriod, type Lang } from '../../shared/format';
import { MILESTONE_STATE_LABEL, statusLabel } from '../../shared/status-style';
import { sentenceOf, type BriefingData, type BriefingIndicator } from './collect';
import {
  deadlineText,
  gapText,
  laggingIndicators,
  statusWord,
  targetText,
  unitRanking,
  urgentMilestones,
  valueText,
  type UrgentTask,
} from './findings';
import type { BriefingHeader } from './header';
import type { BriefingChoice } from './options';
import { FONTS, STATUS_ORDER, briefingTitle, leadUnit, statusColor } from './text';

const HEI = FONTS.heading.eastAsia;
const FANG = FONTS.body.eastAsia;

export interface NativeSeries {
  /** The board's series id: 'actual', 'a', 'b' are figures; the others are reference lines. */
  id: string;
  name: string;
  labels: string[];
  values: (number | null)[];
  color: string;
}

/** Reference lines: dashed, no markers, each in its own colour (上限 red, 下限 blue). */
const REFERENCE: Record<string, { color: string; dash: 'dash' | 'sysDash' | 'lgDash' }> = {
  planned: { color: '7F7F7F', dash: 'sysDash' },
  target: { color: '262626', dash: 'dash' },
  max: { color: 'C00000', dash: 'dash' },
  min: { color: '2F5597', dash: 'lgDash' },
  limit: { color: 'C55A11', dash: 'dash' },
  required: { color: '7030A0', dash: 'dash' },
};
const FIGURES = new Set(['actual', 'a', 'b']);

/**
 * The named line series of a board option, as chart data: the months up to the report month
 * (empty months later in the target period would be blank points in PowerPoint), the values and
 * the colours. Helper series (the transparent base of stacked bars, the marks) are left out. The
 * report month's label is marked "（报告期）".
 */
export function nativeSeries(option: ChartOption, reportPeriod: string, lang: Lang): NativeSeries[] {
  const axis = Array.isArray(option.xAxis) ? option.xAxis[0] : option.xAxis;
  const months = ((axis as { data?: unknown[] } | undefined)?.data ?? []).map(String);
  const upTo = months.filter((m) => m <= reportPeriod).length;
  const labels = months
    .slice(0, upTo)
    .map((m) =>
      m === reportPeriod
        ? `${formatPeriod(m, lang)}${lang === 'zh' ? '（报告期）' : ' (report)'}`
        : formatPeriod(m, lang),
    );
  const series = Array.isArray(option.series) ? option.series : option.series ? [option.series] : [];
  return series.flatMap((s) => {
    if (s.type !== 'line' || !s.name || !Array.isArray(s.data) || s.data.length === 0) return [];
    const values = (s.data as unknown[]).slice(0, upTo).map((d) => {
      const v = typeof d === 'object' && d !== null && 'value' in d ? d.value : d;
      return typeof v === 'number' ? v : null;
    });
    const color = (s.lineStyle as { color?: string } | undefined)?.color ?? '#595959';
    return [
      {
        id: String(s.id ?? s.name),
        name: String(s.name),
        labels,
        values,
        color: color.replace('#', '').toUpperCase(),
      },
    ];
  });
}

const textOpts = (zh: boolean) => ({ fontFace: FANG, color: '000000', lang: zh ? 'zh-CN' : 'en-US' });

function slideTitle(slide: PptxGenJS.Slide, text: string, zh: boolean) {
  slide.addText(text, {
    x: 0.5,
    y: 0.3,
    w: 12.3,
    h: 0.7,
    fontFace: HEI,
    fontSize: 24,
    color: '000000',
    lang: zh ? 'zh-CN' : 'en-US',
    fit: 'shrink',
  });
}

function indicatorSlide(pptx: PptxGenJS, data: BriefingData, ind: BriefingIndicator, lang: Lang) {
  const zh = lang === 'zh';
  const measure = data.measures.find((m) => m.no === ind.measureNo)!;
  const slide = pptx.addSlide();
  const status = ind.evaluation.status;
  slideTitle(slide, `${zh ? measure.title : measure.titleEn} — ${zh ? ind.name : ind.nameEn}`, zh);
  slide.addText(
    `${zh ? '牵头单位：' : 'Lead unit: '}${leadUnit(measure.units, lang)}\u3000${zh ? '目标' : 'Target'} ${targetText(ind, lang)}\u3000${zh ? '完成值' : 'Figure'} ${valueText(ind, lang)}\u3000${statusWord(status, lang)}`,
    { x: 0.5, y: 0.95, w: 12.3, h: 0.4, ...textOpts(zh), fontSize: 14 },
  );
  const { option } = buildIndicatorChart(indicatorChartInput(ind, data.period, lang));
  const series = nativeSeries(option, data.period, lang);
  const figures = series.filter((s) => FIGURES.has(s.id));
  const references = series.filter((s) => !FIGURES.has(s.id));
  if (series.length > 0) {
    const groups: PptxGenJS.IChartMulti[] = [];
    if (figures.length > 0)
      groups.push({
        type: pptx.ChartType.line,
        // Empty months stay empty points (pptxgenjs writes null as a blank cell).
        data: figures.map(({ name, labels, values }) => ({ name, labels, values: values as number[] })),
        options: {
          chartColors: figures.map((s) => s.color),
          lineSize: 2.5,
          lineDataSymbol: 'circle',
          lineDataSymbolSize: 7,
        },
      });
    for (const ref of references) {
      const look = REFERENCE[ref.id] ?? { color: ref.color, dash: 'dash' as const };
      groups.push({
        type: pptx.ChartType.line,
        data: [{ name: ref.name, labels: ref.labels, values: ref.values as number[] }],
        options: { chartColors: [look.color], lineSize: 1.5, lineDash: look.dash, lineDataSymbol: 'none' },
      });
    }
    const def = ind.definition;
    // A count towards a target starts at 0: an axis from 9.4 makes a small step look like a climb.
    const fromZero = def.kind === 'cumulative' || (def.kind === 'range' && def.reporting !== 'level');
    const chartOptions: PptxGenJS.IChartOpts = {
      x: 0.5,
      y: 1.45,
      w: 12.3,
      h: 4.3,
      showLegend: true,
      legendPos: 'b',
      legendFontFace: FANG,
      legendFontSize: 12,
      catAxisLabelFontFace: FANG,
      catAxisLabelFontSize: 11,
      valAxisLabelFontFace: FANG,
      valAxisLabelFontSize: 11,
      ...(fromZero ? { valAxisMinVal: 0 } : {}),
      showTitle: true,
      title: `${zh ? ind.name : ind.nameEn}（${zh ? ind.unit : ind.unitEn}）`,
      titleFontFace: HEI,
      titleFontSize: 14,
      lang: zh ? 'zh-CN' : 'en-US',
    };
    // For a multi-type chart pptxgenjs reads the options from the second argument (typed as data).
    slide.addChart(groups, chartOptions as unknown as unknown[]);
  }
  slide.addText(sentenceOf(ind, lang), {
    x: 0.5,
    y: 5.85,
    w: 12.3,
    h: 1.0,
    ...textOpts(zh),
    fontSize: 16,
    valign: 'top',
    fit: 'shrink',
  });
  slide.addText(sourceLine(measure.units.map((u) => (zh ? u.name : u.nameEn)).slice(0, 3), lang), {
    x: 0.5,
    y: 6.9,
    w: 12.3,
    h: 0.35,
    fontFace: FANG,
    fontSize: 10,
    color: '595959',
  });
}

function milestoneSlide(pptx: PptxGenJS, { measure, ms }: UrgentTask, lang: Lang) {
  const zh = lang === 'zh';
  const slide = pptx.addSlide();
  const ev = ms.evaluation;
  slideTitle(slide, `${zh ? '任务节点' : 'Milestone'}：${zh ? measure.title : measure.titleEn}`, zh);
  const state = ev.state ? MILESTONE_STATE_LABEL[ev.state][lang] : zh ? '尚无进展报送' : 'No progress reported';
  const rows: [string, string][] = [
    [zh ? '任务' : 'Task', zh ? ms.task : ms.taskEn],
    [zh ? '牵头单位' : 'Lead unit', leadUnit(measure.units, lang)],
    [zh ? '截止日期' : 'Deadline', formatDate(ms.deadline, lang)],
    [zh ? '进展' : 'State', `${state}${ev.asOf ? `（${formatPeriod(ev.asOf, lang)}）` : ''}`],
    [zh ? '时限' : 'Time', deadlineText(ev.daysLeft, lang) || '—'],
    [zh ? '状态' : 'Status', statusWord(ev.status, lang)],
    [zh ? '最新说明' : 'Latest note', ev.note ?? '—'],
  ];
  slide.addTable(
    rows.map(([k, v]) => [
      { text: k, options: { bold: true, fontFace: HEI, fill: { color: 'F2F2F2' } } },
      { text: v, options: { fontFace: FANG } },
    ]),
    {
      x: 0.5,
      y: 1.3,
      w: 12.3,
      colW: [2.3, 10.0],
      fontSize: 16,
      border: { type: 'solid', pt: 0.5, color: '808080' },
      valign: 'middle',
    },
  );
}

export interface PptxOptions {
  lang: Lang;
  issuedOn: string;
  header: BriefingHeader;
  choice: BriefingChoice;
  /** Called after each measure's slides are added. */
  onMeasure?: () => Promise<void>;
}

export async function buildPptx(data: BriefingData, options: PptxOptions): Promise<Buffer> {
  const { lang, header, choice } = options;
  const zh = lang === 'zh';
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_WIDE';
  const title = briefingTitle(data.plan, data.period, lang);
  pptx.title = title;
  pptx.author = header.issuer;

  const cover = pptx.addSlide();
  cover.addText(header.name, {
    x: 0.8,
    y: 1.2,
    w: 11.7,
    h: 0.9,
    fontFace: HEI,
    fontSize: 30,
    align: 'center',
    color: 'C00000',
  });
  cover.addText(title, {
    x: 0.8,
    y: 2.3,
    w: 11.7,
    h: 1.6,
    fontFace: HEI,
    fontSize: 32,
    align: 'center',
    color: '000000',
    lang: zh ? 'zh-CN' : 'en-US',
    fit: 'shrink',
  });
  cover.addText(`${header.issuer}\u3000${formatDate(options.issuedOn, lang)}`, {
    x: 0.8,
    y: 4.2,
    w: 11.7,
    h: 0.6,
    fontFace: FANG,
    fontSize: 20,
    align: 'center',
    color: '262626',
  });
  cover.addText(
    zh
      ? `依据：${data.plan.docNumber}\u3000范围：${data.scopeLabel.zh}${data.demo ? '\u3000（示例数据）' : ''}`
      : `Plan: ${data.plan.docNumber} · Scope: ${data.scopeLabel.en}${data.demo ? ' (demo figures)' : ''}`,
    { x: 0.8, y: 4.9, w: 11.7, h: 0.5, fontFace: FANG, fontSize: 14, align: 'center', color: '595959' },
  );

  // Summary: the counts on the left, the lead units with lagging items (named) on the right.
  const summary = pptx.addSlide();
  slideTitle(summary, zh ? '总体情况' : 'Overview', zh);
  const statuses = [
    ...STATUS_ORDER,
    ...Object.keys({ ...data.counts.indicators, ...data.counts.milestones }).filter(
      (s) => !STATUS_ORDER.includes(s as never),
    ),
  ] as typeof STATUS_ORDER;
  const rows = statuses
    .filter((s) => (data.counts.indicators[s] ?? 0) + (data.counts.milestones[s] ?? 0) > 0)
    .map((s) => [
      { text: statusLabel(s, lang), options: { fontFace: FANG, color: statusColor(s), bold: true } },
      { text: String(data.counts.indicators[s] ?? 0), options: { fontFace: FANG } },
      { text: String(data.counts.milestones[s] ?? 0), options: { fontFace: FANG } },
    ]);
  const head = [zh ? '状态' : 'Status', zh ? '量化指标' : 'Indicators', zh ? '任务节点' : 'Milestones'].map((text) => ({
    text,
    options: { bold: true, fill: { color: 'F2F2F2' }, fontFace: HEI },
  }));
  summary.addTable([head, ...rows], {
    x: 0.5,
    y: 1.2,
    w: 5.0,
    fontSize: 16,
    border: { type: 'solid', pt: 0.5, color: '808080' },
    align: 'center',
  });
  const ranks = unitRanking(data).filter((u) => u.against > 0 || u.atRisk > 0);
  const lagging = laggingIndicators(data);
  const urgent = urgentMilestones(data);
  const lines = [
    zh
      ? `措施${data.measures.length}条，滞后指标${lagging.length}个，逾期或临期任务${urgent.length}项。`
      : `${data.measures.length} measures; ${lagging.length} indicators lagging; ${urgent.length} tasks overdue or due soon.`,
    ...(ranks.length === 0
      ? [zh ? '各牵头单位均无滞后事项。' : 'No lead unit has lagging items.']
      : ranks.map((u) =>
          zh
            ? `${u.name}：牵头${u.led}项，明显滞后或未完成${u.against}项${u.atRisk > 0 ? `，略有滞后${u.atRisk}项` : ''}`
            : `${u.nameEn}: leads ${u.led}, ${u.against} behind or missed${u.atRisk > 0 ? `, ${u.atRisk} at risk` : ''}`,
        )),
  ];
  summary.addText(
    lines.map((text, i) => ({ text, options: { bullet: i > 0, bold: i === 0, breakLine: true } })),
    { x: 5.8, y: 1.2, w: 7.0, h: 5.9, ...textOpts(zh), fontSize: 16, valign: 'top', fit: 'shrink' },
  );

  // The red list: every lagging indicator, worst gap first; long lists continue on more slides.
  if (lagging.length > 0) {
    const red = pptx.addSlide();
    slideTitle(red, zh ? '滞后指标清单（按差距排序）' : 'Lagging indicators, worst first', zh);
    const cols = zh
      ? ['序号', '措施', '指标', '完成%', '序时进度%', '差距', '状态', '牵头单位']
      : ['No.', 'Measure', 'Indicator', 'Done %', 'Time %', 'Gap', 'Status', 'Lead unit'];
    red.addTable(
      [
        cols.map((text) => ({ text, options: { bold: true, fill: { color: 'F2F2F2' }, fontFace: HEI } })),
        ...lagging.map(({ measure, ind }, i) =>
          [
            String(i + 1),
            zh ? measure.title : measure.titleEn,
            zh ? ind.name : ind.nameEn,
            ind.evaluation.taskProgress === null ? '—' : formatPercent(ind.evaluation.taskProgress),
            ind.evaluation.timeProgress === null ? '—' : formatPercent(ind.evaluation.timeProgress),
            gapText(ind, lang) || '—',
            statusLabel(ind.evaluation.status, lang),
            leadUnit(measure.units, lang),
          ].map((text) => ({ text, options: { fontFace: FANG } })),
        ),
      ],
      {
        x: 0.5,
        y: 1.2,
        w: 12.3,
        colW: [0.6, 2.6, 2.6, 0.9, 1.1, 2.0, 1.1, 1.4],
        fontSize: 12,
        border: { type: 'solid', pt: 0.5, color: '808080' },
        autoPage: true,
        autoPageRepeatHeader: true,
        autoPageSlideStartY: 1.2,
        newSlideStartY: 0.5,
      },
    );
  }

  // Lagging indicators in the red list's order; with every indicator chosen, plan order.
  const ordered = choice.slides === 'all' ? data.measures.flatMap((m) => m.indicators) : lagging.map((l) => l.ind);
  for (const ind of ordered) indicatorSlide(pptx, data, ind, lang);
  for (const task of urgent) milestoneSlide(pptx, task, lang);
  for (let i = 0; i < data.measures.length; i++) await options.onMeasure?.();
  const out = await pptx.write({ outputType: 'nodebuffer' });
  return out as Buffer;
}
