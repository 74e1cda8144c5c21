// The Word briefing, laid out like a government briefing (GB/T 9704 margins on A4): title and
// issuer line, 一、总体情况 with the status counts and the lagging indicators' sentences, then
// 二、分项进展 section by section, measure by measure — lead unit, status, sentences, the chart
// image and a small table of the monthly figures against the target. All text stays text.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  HeadingLevel,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IFontAttributesProperties,
} from 'docx';
import { indicatorChartInput } from '../../shared/charts/from-detail';
import { buildIndicatorChart } from '../../shared/charts/indicator-chart';
import type { ChartTable } from '../../shared/charts/types';
import { formatPeriod, type Lang } from '../../shared/format';
import type { BriefingData, BriefingIndicator } from './collect';
import { sentenceOf } from './collect';
import {
  FONTS,
  LAGGING,
  briefingTitle,
  cellText,
  chineseOrdinal,
  countsPhrase,
  issuerLine,
  leadUnit,
  statusColor,
  statusText,
  total,
} from './text';

const HEI: IFontAttributesProperties = {
  eastAsia: FONTS.heading.eastAsia,
  ascii: FONTS.heading.latin,
  hAnsi: FONTS.heading.latin,
  cs: FONTS.heading.latin,
  hint: 'eastAsia',
};
const FANG: IFontAttributesProperties = {
  eastAsia: FONTS.body.eastAsia,
  ascii: FONTS.body.latin,
  hAnsi: FONTS.body.latin,
  cs: FONTS.body.latin,
  hint: 'eastAsia',
};

// A4 in twentieths of a point, and the GB/T 9704 margins (37 / 35 / 28 / 26 mm).
const mm = (v: number) => Math.round((v / 25.4) * 1440);
export const A4 = { width: 11906, height: 16838 };
const MARGIN = { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) };
/** The text width in CSS pixels (96 per inch): the width charts are placed at. */
const TEXT_WIDTH_PX = Math.floor(((A4.width - MARGIN.left - MARGIN.right) / 1440) * 96);

/** Chart images: rendered at this size (×2 pixels) and shown at the text width. */
export const DOCX_CHART_SIZE = { width: 680, height: 320 };

function body(text: string, options: { bold?: boolean; color?: string; indent?: boolean } = {}) {
  return new Paragraph({
    style: 'BriefingBody',
    indent: options.indent === false ? undefined : { firstLine: 640 },
    children: [new TextRun({ text, bold: options.bold, color: options.color })],
  });
}

function heading(text: string, level: 1 | 2 | 3) {
  const levels = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
  return new Paragraph({ heading: levels[level], children: [new TextRun(text)] });
}

const thin = { style: BorderStyle.SINGLE, size: 4, color: '808080' };

function figuresTable(table: ChartTable, upTo: string): Table {
  // Months after the report month are empty: the table stops at the report month.
  const last = table.rows.findIndex((r) => r[0] === upTo);
  const rows = last >= 0 ? table.rows.slice(0, last + 1) : table.rows;
  const cell = (text: string, header: boolean) =>
    new TableCell({
      shading: header ? { type: ShadingType.CLEAR, color: 'auto', fill: 'F2F2F2' } : undefined,
      children: [
        new Paragraph({
          style: 'BriefingTable',
          alignment: AlignmentType.CENTER,
          children: [new TextRun({ text, bold: header })],
        }),
      ],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: thin, bottom: thin, left: thin, right: thin, insideHorizontal: thin, insideVertical: thin },
    rows: [
      new TableRow({ tableHeader: true, children: table.columns.map((c) => cell(c, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((v) => cell(cellText(v), false)) })),
    ],
  });
}

function indicatorBlock(ind: BriefingIndicator, data: BriefingData, png: Uint8Array, lang: Lang) {
  const zh = lang === 'zh';
  const { table } = buildIndicatorChart(indicatorChartInput(ind, data.period, lang));
  const status = ind.evaluation.status;
  const name = zh ? ind.name : ind.nameEn;
  const height = Math.round((TEXT_WIDTH_PX * DOCX_CHART_SIZE.height) / DOCX_CHART_SIZE.width);
  return [
    new Paragraph({
      style: 'BriefingBody',
      indent: { firstLine: 640 },
      children: [
        new TextRun({ text: `${ind.code} ${name}`, bold: true }),
        new TextRun({ text: `（${statusText(status, lang)}）`, color: statusColor(status) }),
      ],
    }),
    body(sentenceOf(ind, lang)),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      // An explicit rule: without one LibreOffice clips the picture to a single line.
      spacing: { before: 120, after: 120, line: 240, lineRule: LineRuleType.AUTO },
      children: [
        new ImageRun({
          type: 'png',
          data: png,
          transformation: { width: TEXT_WIDTH_PX, height },
          altText: { name: ind.code, title: name, description: sentenceOf(ind, lang) },
        }),
      ],
    }),
    figuresTable(table, formatPeriod(data.period, lang)),
    new Paragraph({ style: 'BriefingTable', children: [] }),
  ];
}

export interface DocxOptions {
  lang: Lang;
  /** The day the briefing is issued (YYYY-MM-DD, China time). */
  date: string;
  /** PNG per indicator code. */
  charts: Map<string, Uint8Array>;
}

export async function buildDocx(data: BriefingData, options: DocxOptions): Promise<Buffer> {
  const { lang, charts } = options;
  const zh = lang === 'zh';
  const title = briefingTitle(data.plan, data.period, lang);
  const indicators = data.measures.flatMap((m) => m.indicators);
  const milestones = data.measures.flatMap((m) => m.milestones);
  const lagging = indicators.filter((i) => LAGGING.has(i.evaluation.status));

  const children: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun(title)] }),
    new Paragraph({
      style: 'BriefingBody',
      alignment: AlignmentType.CENTER,
      children: [new TextRun(issuerLine(data.plan, options.date, lang))],
    }),
    new Paragraph({
      style: 'BriefingTable',
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [
        new TextRun(
          zh
            ? `依据：${data.plan.docNumber}\u3000范围：${data.scopeLabel.zh}\u3000报告期：${formatPeriod(data.period, 'zh')}`
            : `Plan: ${data.plan.docNumber} · Scope: ${data.scopeLabel.en} · Report month: ${formatPeriod(data.period, 'en')}`,
        ),
      ],
    }),
  ];
  if (data.demo)
    children.push(
      body(
        zh
          ? '注：本简报使用示例数据，并非各责任单位实际报送的数字。'
          : 'Note: this briefing uses demo figures, not figures reported by the units.',
        { color: 'A8071A' },
      ),
    );

  children.push(heading(zh ? '一、总体情况' : '1. Overview', 1));
  const measuresLine = zh
    ? `本期简报涵盖措施${data.measures.length}条。`
    : `This briefing covers ${data.measures.length} measures.`;
  const indicatorLine =
    indicators.length === 0
      ? ''
      : zh
        ? `量化指标${total(data.counts.indicators)}个，其中${countsPhrase(data.counts.indicators, 'zh')}。`
        : ` ${total(data.counts.indicators)} numeric indicators: ${countsPhrase(data.counts.indicators, 'en')}.`;
  const milestoneLine =
    milestones.length === 0
      ? ''
      : zh
        ? `任务节点${total(data.counts.milestones)}个，其中${countsPhrase(data.counts.milestones, 'zh')}。`
        : ` ${total(data.counts.milestones)} milestone tasks: ${countsPhrase(data.counts.milestones, 'en')}.`;
  children.push(body(measuresLine + indicatorLine + milestoneLine));
  if (lagging.length > 0) {
    children.push(
      body(zh ? `滞后或未完成的指标（${lagging.length}个）：` : `Indicators lagging or missed (${lagging.length}):`),
    );
    for (const ind of lagging)
      children.push(body(`${zh ? `第${ind.measureNo}条` : `Measure ${ind.measureNo}:`} ${sentenceOf(ind, lang)}`));
  } else if (indicators.length > 0) {
    children.push(body(zh ? '所列量化指标均无滞后。' : 'No indicator in scope is lagging.'));
  }

  children.push(heading(zh ? '二、分项进展' : '2. Measure by measure', 1));
  let section = -1;
  for (const m of data.measures) {
    if (m.section.no !== section) {
      section = m.section.no;
      children.push(
        heading(zh ? `（${chineseOrdinal(section)}）${m.section.title}` : `2.${section} ${m.section.titleEn}`, 2),
      );
    }
    children.push(heading(`${m.no}. ${zh ? m.title : m.titleEn}`, 3));
    children.push(
      new Paragraph({
        style: 'BriefingBody',
        indent: { firstLine: 640 },
        children: [
          new TextRun(
            zh
              ? `牵头单位：${leadUnit(m.units, lang)}\u3000状态：`
              : `Lead unit: ${leadUnit(m.units, lang)} · Status: `,
          ),
          new TextRun({ text: statusText(m.status, lang), color: statusColor(m.status) }),
        ],
      }),
    );
    for (const ind of m.indicators) {
      const png = charts.get(ind.code);
      if (!png) throw new Error(`No chart image for ${ind.code}`);
      children.push(...indicatorBlock(ind, data, png, lang));
    }
    for (const ms of m.milestones)
      children.push(
        new Paragraph({
          style: 'BriefingBody',
          indent: { firstLine: 640 },
          children: [
            new TextRun(sentenceOf(ms, lang)),
            new TextRun({
              text: `（${statusText(ms.evaluation.status, lang)}）`,
              color: statusColor(ms.evaluation.status),
            }),
          ],
        }),
      );
    if (m.indicators.length === 0 && m.milestones.length === 0)
      children.push(
        body(zh ? '本条措施无量化指标和任务节点。' : 'This measure has no numeric indicator or milestone task.'),
      );
  }

  const doc = new Document({
    title,
    creator: zh ? '方案监测' : 'Plan Monitor',
    description: zh ? data.scopeLabel.zh : data.scopeLabel.en,
    styles: {
      default: {
        document: { run: { font: FANG, size: 32 }, paragraph: { spacing: { line: 360, lineRule: LineRuleType.AUTO } } },
        title: {
          run: { font: HEI, size: 44, bold: false, color: '000000' },
          paragraph: {
            alignment: AlignmentType.CENTER,
            spacing: { before: 240, after: 240, line: 360, lineRule: LineRuleType.AUTO },
          },
        },
        heading1: {
          run: { font: HEI, size: 32, bold: false, color: '000000' },
          paragraph: { spacing: { before: 240, after: 120 } },
        },
        heading2: {
          run: { font: HEI, size: 30, bold: false, color: '000000' },
          paragraph: { spacing: { before: 200, after: 100 } },
        },
        heading3: {
          run: { font: HEI, size: 30, bold: false, color: '000000' },
          paragraph: { spacing: { before: 160, after: 80 } },
        },
      },
      paragraphStyles: [
        { id: 'BriefingBody', name: 'Briefing Body', basedOn: 'Normal', run: { font: FANG, size: 32 } },
        {
          id: 'BriefingTable',
          name: 'Briefing Table',
          basedOn: 'Normal',
          run: { font: FANG, size: 21 },
          paragraph: { spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 0, after: 0 } },
        },
      ],
    },
    sections: [
      {
        properties: { page: { size: A4, margin: MARGIN } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ font: FANG, size: 28, children: ['— ', PageNumber.CURRENT, ' —'] })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
