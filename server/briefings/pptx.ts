// The PowerPoint briefing: a title slide, a summary slide, then one slide per indicator with a
// native PowerPoint line chart (editable in PowerPoint/WPS, data in the embedded workbook) built
// from the same option-builder as the board, its progress sentence and status.
import PptxGenJS from 'pptxgenjs';
import { indicatorChartInput } from '../../shared/charts/from-detail';
import { buildIndicatorChart } from '../../shared/charts/indicator-chart';
import type { ChartOption } from '../../shared/charts/types';
import { sourceLine } from '../../shared/charts/export-frame';
import { formatPeriod, type Lang } from '../../shared/format';
import {
  STATUS_ORDER,
  FONTS,
  LAGGING,
  briefingTitle,
  countsPhrase,
  issuerLine,
  leadUnit,
  statusColor,
  statusText,
  total,
} from './text';
import { sentenceOf, type BriefingData, type BriefingIndicator } from './collect';
import { statusLabel } from '../../shared/status-style';

const HEI = FONTS.heading.eastAsia;
const FANG = FONTS.body.eastAsia;

interface NativeSeries {
  name: string;
  labels: string[];
  values: (number | null)[];
  color: string;
}

/**
 * The named line series of a board option, as chart data: the months up to the report month
 * (empty months later in the target period would be blank points in PowerPoint), the values and
 * the colours. Helper series (the transparent base of stacked bars, the marks) are left out.
 */
export function nativeSeries(option: ChartOption, reportPeriod: string, lang: Lang): NativeSeries[] {
  const axis = Array.isArray(option.xAxis) ? option.xAxis[0] : option.xAxis;
  const months = ((axis as { data?: unknown[] } | undefined)?.data ?? []).map(String);
  const upTo = months.filter((m) => m <= reportPeriod).length;
  const labels = months.slice(0, upTo).map((m) => formatPeriod(m, lang));
  const series = Array.isArray(option.series) ? option.series : option.series ? [option.series] : [];
  return series.flatMap((s) => {
    if (s.type !== 'line' || !s.name || !Array.isArray(s.data) || s.data.length === 0) return [];
    const values = (s.data as unknown[]).slice(0, upTo).map((d) => {
      const v = typeof d === 'object' && d !== null && 'value' in d ? d.value : d;
      return typeof v === 'number' ? v : null;
    });
    const color = (s.lineStyle as { color?: string } | undefined)?.color ?? '#595959';
    return [{ name: String(s.name), labels, values, color: color.replace('#', '').toUpperCase() }];
  });
}

function indicatorSlide(pptx: PptxGenJS, data: BriefingData, ind: BriefingIndicator, lang: Lang) {
  const zh = lang === 'zh';
  const measure = data.measures.find((m) => m.no === ind.measureNo)!;
  const slide = pptx.addSlide();
  const status = ind.evaluation.status;
  slide.addText(`${measure.no}. ${zh ? measure.title : measure.titleEn} — ${zh ? ind.name : ind.nameEn}`, {
    x: 0.5,
    y: 0.3,
    w: 10.3,
    h: 0.7,
    fontFace: HEI,
    fontSize: 24,
    color: '000000',
    lang: zh ? 'zh-CN' : 'en-US',
  });
  slide.addText(statusText(status, lang), {
    x: 10.9,
    y: 0.35,
    w: 1.9,
    h: 0.6,
    fontFace: HEI,
    fontSize: 18,
    bold: true,
    color: statusColor(status),
    align: 'right',
  });
  slide.addText(`${zh ? '牵头单位' : 'Lead unit'}：${leadUnit(measure.units, lang)}\u3000${ind.code}`, {
    x: 0.5,
    y: 0.95,
    w: 12.3,
    h: 0.4,
    fontFace: FANG,
    fontSize: 14,
    color: '595959',
  });
  const { option } = buildIndicatorChart(indicatorChartInput(ind, data.period, lang));
  const series = nativeSeries(option, data.period, lang);
  if (series.length > 0) {
    slide.addChart(
      pptx.ChartType.line,
      series.map(({ name, labels, values }) => ({ name, labels, values })),
      {
        x: 0.5,
        y: 1.45,
        w: 12.3,
        h: 4.3,
        chartColors: series.map((s) => s.color),
        lineSize: 2,
        lineDataSymbol: 'circle',
        lineDataSymbolSize: 6,
        showLegend: true,
        legendPos: 'b',
        legendFontFace: FANG,
        legendFontSize: 12,
        catAxisLabelFontFace: FANG,
        catAxisLabelFontSize: 11,
        valAxisLabelFontFace: FANG,
        valAxisLabelFontSize: 11,
        showTitle: true,
        title: `${zh ? ind.name : ind.nameEn}（${zh ? ind.unit : ind.unitEn}）`,
        titleFontFace: HEI,
        titleFontSize: 14,
        lang: zh ? 'zh-CN' : 'en-US',
      },
    );
  }
  slide.addText(sentenceOf(ind, lang), {
    x: 0.5,
    y: 5.85,
    w: 12.3,
    h: 1.0,
    fontFace: FANG,
    fontSize: 16,
    color: '000000',
    valign: 'top',
    lang: zh ? 'zh-CN' : 'en-US',
  });
  slide.addText(sourceLine(measure.units.map((u) => (zh ? u.name : u.nameEn)).slice(0, 3), lang), {
    x: 0.5,
    y: 6.9,
    w: 12.3,
    h: 0.35,
    fontFace: FANG,
    fontSize: 10,
    color: '737373',
  });
}

export interface PptxOptions {
  lang: Lang;
  date: string;
  /** Called after each measure's slides are added. */
  onMeasure?: () => Promise<void>;
}

export async function buildPptx(data: BriefingData, options: PptxOptions): Promise<Buffer> {
  const { lang } = options;
  const zh = lang === 'zh';
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_WIDE';
  const title = briefingTitle(data.plan, data.period, lang);
  pptx.title = title;
  pptx.author = zh ? '方案监测' : 'Plan Monitor';

  const cover = pptx.addSlide();
  cover.addText(title, {
    x: 0.8,
    y: 2.2,
    w: 11.7,
    h: 1.6,
    fontFace: HEI,
    fontSize: 34,
    align: 'center',
    color: '000000',
    lang: zh ? 'zh-CN' : 'en-US',
  });
  cover.addText(issuerLine(data.plan, options.date, lang), {
    x: 0.8,
    y: 4.0,
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
    { x: 0.8, y: 4.7, w: 11.7, h: 0.5, fontFace: FANG, fontSize: 14, align: 'center', color: '595959' },
  );

  const indicators = data.measures.flatMap((m) => m.indicators);
  const summary = pptx.addSlide();
  summary.addText(zh ? '总体情况' : 'Overview', { x: 0.5, y: 0.3, w: 12.3, h: 0.7, fontFace: HEI, fontSize: 28 });
  const header = [zh ? '状态' : 'Status', zh ? '量化指标' : 'Indicators', zh ? '任务节点' : 'Milestones'].map(
    (text) => ({
      text,
      options: { bold: true, fill: { color: 'F2F2F2' }, fontFace: HEI },
    }),
  );
  const rows = STATUS_ORDER.filter((s) => (data.counts.indicators[s] ?? 0) + (data.counts.milestones[s] ?? 0) > 0).map(
    (s) => [
      { text: `${statusText(s, lang)}`, options: { color: statusColor(s), fontFace: FANG } },
      { text: String(data.counts.indicators[s] ?? 0), options: { fontFace: FANG } },
      { text: String(data.counts.milestones[s] ?? 0), options: { fontFace: FANG } },
    ],
  );
  summary.addTable([header, ...rows], {
    x: 0.5,
    y: 1.2,
    w: 5.5,
    fontSize: 14,
    border: { type: 'solid', pt: 0.5, color: '808080' },
    align: 'center',
  });
  const lagging = indicators.filter((i) => LAGGING.has(i.evaluation.status));
  const lines = [
    zh
      ? `措施${data.measures.length}条；量化指标${total(data.counts.indicators)}个（${countsPhrase(data.counts.indicators, 'zh') || '无'}）。`
      : `${data.measures.length} measures; ${total(data.counts.indicators)} indicators (${countsPhrase(data.counts.indicators, 'en') || 'none'}).`,
    ...lagging.slice(0, 6).map((i) => `${statusLabel(i.evaluation.status, lang)}：${sentenceOf(i, lang)}`),
    ...(lagging.length > 6
      ? [
          zh
            ? `另有${lagging.length - 6}个滞后指标，详见后页。`
            : `${lagging.length - 6} more lagging, see the following slides.`,
        ]
      : []),
  ];
  summary.addText(
    lines.map((text) => ({ text, options: { bullet: true, breakLine: true } })),
    { x: 6.3, y: 1.2, w: 6.5, h: 5.8, fontFace: FANG, fontSize: 13, valign: 'top', lang: zh ? 'zh-CN' : 'en-US' },
  );

  for (const m of data.measures) {
    for (const ind of m.indicators) indicatorSlide(pptx, data, ind, lang);
    await options.onMeasure?.();
  }
  const out = await pptx.write({ outputType: 'nodebuffer' });
  return out as Buffer;
}
