// The Word briefing as a 督查通报 (layout in docx-layout.ts): 版头, title, "数据截至…", then
// 一、总体情况 in prose with the change since last month, 二、存在问题 naming every lagging item
// worst first, 三、单位情况, 四、下步工作 as the staff wrote it; 附件1 one landscape table of every
// indicator, 附件2 the charts of the lagging items (or all), then the 版记. Black text only.
import {
  AlignmentType,
  BorderStyle,
  Document,
  ImageRun,
  LineRuleType,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { indicatorChartInput } from '../../shared/charts/from-detail';
import { buildIndicatorChart } from '../../shared/charts/indicator-chart';
import { formatPercent, formatPeriod, type Lang } from '../../shared/format';
import type { Status } from '../../shared/status';
import { statusLabel } from '../../shared/status-style';
import type { BriefingData, BriefingIndicator } from './collect';
import { STYLES, body, heading, imprint, masthead, section, TEXT_WIDTH_PX } from './docx-layout';
import {
  deadlineText,
  gapText,
  laggingIndicators,
  statusWord,
  targetText,
  unitRanking,
  urgentMilestones,
  valueText,
  indicatorDecimals,
  fixed,
} from './findings';
import type { BriefingHeader } from './header';
import type { BriefingChoice, BriefingNotes } from './options';
import { briefingTitle, cellText, chineseOrdinal, leadUnit } from './text';

/** Chart images: rendered at this size (×2 pixels) and shown a little larger, at the text width,
 *  so ECharts' 11–12 px labels print at 9 pt or more. */
export const DOCX_CHART_SIZE = { width: 540, height: 300 };

export interface DocxOptions {
  lang: Lang;
  /** 成文日期 (YYYY-MM-DD). */
  issuedOn: string;
  header: BriefingHeader;
  issue: { year: number; no: number } | null;
  notes: BriefingNotes;
  choice: BriefingChoice;
  /** PNG per indicator code, for the indicators of 附件2. */
  charts: Map<string, Uint8Array>;
}

/** The indicators whose charts go into 附件2. */
export function chartedIndicators(data: BriefingData, choice: BriefingChoice): BriefingIndicator[] {
  if (choice.charts === 'none') return [];
  if (choice.charts === 'all') return data.measures.flatMap((m) => m.indicators);
  return laggingIndicators(data).map((l) => l.ind);
}

const ORDER: Status[] = ['achieved', 'on_track', 'at_risk', 'behind', 'missed', 'no_data'];

function countsText(counts: Partial<Record<Status, number>>, lang: Lang): string {
  const all = [...ORDER, ...Object.keys(counts).filter((s) => !ORDER.includes(s as Status) && s !== 'not_yet_due')];
  return all
    .filter((s) => (counts[s as Status] ?? 0) > 0)
    .map((s) =>
      lang === 'zh'
        ? `${statusLabel(s as Status, 'zh')}${counts[s as Status]}个`
        : `${counts[s as Status]} ${statusLabel(s as Status, 'en').toLowerCase()}`,
    )
    .join(lang === 'zh' ? '、' : ', ');
}

function sum(counts: Partial<Record<Status, number>>): number {
  return Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
}

/** "与2022年9月相比，已完成增加2个，明显滞后减少1个" — or that nothing changed. */
function changeText(
  now: Partial<Record<Status, number>>,
  before: Partial<Record<Status, number>>,
  period: string,
  lang: Lang,
) {
  const zh = lang === 'zh';
  const parts = (['achieved', 'behind', 'missed', 'at_risk'] as Status[]).flatMap((s) => {
    const d = (now[s] ?? 0) - (before[s] ?? 0);
    if (d === 0) return [];
    return zh
      ? [`${statusLabel(s, 'zh')}${d > 0 ? '增加' : '减少'}${Math.abs(d)}个`]
      : [`${statusLabel(s, 'en').toLowerCase()} ${d > 0 ? 'up' : 'down'} ${Math.abs(d)}`];
  });
  const month = formatPeriod(period, lang);
  if (parts.length === 0) return zh ? `与${month}相比无变化` : `unchanged since ${month}`;
  return zh ? `与${month}相比，${parts.join('，')}` : `since ${month}: ${parts.join(', ')}`;
}

function overview(data: BriefingData, lang: Lang): Paragraph[] {
  const zh = lang === 'zh';
  const month = formatPeriod(data.period, lang);
  const ic = data.counts.indicators;
  const mc = data.counts.milestones;
  const prev = data.previousCounts;
  const out: Paragraph[] = [];
  out.push(
    body(
      zh
        ? `截至${month}，《${data.plan.title}》（${data.plan.docNumber}）${data.scope.kind === 'plan' ? '' : `${data.scopeLabel.zh}范围内`}共有措施${data.measures.length}条，设置量化指标${sum(ic)}个、任务节点${sum(mc)}个。`
        : `As of ${month}, the ${data.scope.kind === 'plan' ? 'plan' : `scope (${data.scopeLabel.en})`} has ${data.measures.length} measures with ${sum(ic)} numeric indicators and ${sum(mc)} milestone tasks.`,
    ),
  );
  if (sum(ic) > 0)
    out.push(
      body(
        zh
          ? `量化指标方面，${countsText(ic, 'zh')}${prev ? `；${changeText(ic, prev.indicators, prev.period, 'zh')}` : ''}。`
          : `Indicators: ${countsText(ic, 'en')}${prev ? `; ${changeText(ic, prev.indicators, prev.period, 'en')}` : ''}.`,
      ),
    );
  if (sum(mc) > 0)
    out.push(
      body(
        zh
          ? `任务节点方面，${countsText(mc, 'zh')}${prev ? `；${changeText(mc, prev.milestones, prev.period, 'zh')}` : ''}。`
          : `Milestone tasks: ${countsText(mc, 'en')}${prev ? `; ${changeText(mc, prev.milestones, prev.period, 'en')}` : ''}.`,
      ),
    );
  if (data.demo)
    out.push(
      body(
        zh
          ? '注：本通报使用示例数据，并非各责任单位实际报送的数字。'
          : 'Note: demo figures, not figures reported by the units.',
      ),
    );
  return out;
}

function problems(data: BriefingData, notes: BriefingNotes, lang: Lang): Paragraph[] {
  const zh = lang === 'zh';
  const lagging = laggingIndicators(data);
  const urgent = urgentMilestones(data);
  const analysis = new Map(notes.analysis.filter((a) => a.text.trim()).map((a) => [a.measureNo, a.text.trim()]));
  const analysed = new Set<number>();
  const out: Paragraph[] = [];
  if (lagging.length === 0 && urgent.length === 0)
    return [body(zh ? '本期所列量化指标和任务节点均无滞后。' : 'No indicator or task in scope is lagging.')];
  const item = (no: number, lead: string, rest: string, measureNo: number) => {
    const p = [
      new Paragraph({
        style: 'Body',
        children: [new TextRun({ text: `${no}．${lead}`, bold: true }), new TextRun(rest)],
      }),
    ];
    const note = analysis.get(measureNo);
    if (note && !analysed.has(measureNo)) {
      analysed.add(measureNo);
      p.push(body(`${zh ? '分析意见：' : 'Analysis: '}${note}`));
    }
    return p;
  };
  let part = 0;
  if (lagging.length > 0) {
    out.push(heading(zh ? `（${chineseOrdinal(++part)}）量化指标进度滞后` : `(${++part}) Indicators lagging`, 2));
    out.push(
      body(
        zh
          ? `共${lagging.length}个指标进度滞后，按滞后程度从重到轻列示如下。`
          : `${lagging.length} indicators are lagging, worst first.`,
      ),
    );
    lagging.forEach(({ measure, ind }, i) => {
      const ev = ind.evaluation;
      const unit = leadUnit(measure.units, lang);
      const facts = zh
        ? [
            `${ind.name}${ev.value === null ? '尚无报送数据' : `为${valueText(ind, 'zh')}`}（目标${targetText(ind, 'zh')}）`,
            ...(ev.taskProgress !== null ? [`完成${formatPercent(ev.taskProgress)}%`] : []),
            ...(gapText(ind, 'zh') ? [gapText(ind, 'zh')] : []),
          ].join('，')
        : [
            `${ind.nameEn} ${ev.value === null ? 'has no figure' : `is ${valueText(ind, 'en')}`} (target ${targetText(ind, 'en')})`,
            ...(ev.taskProgress !== null ? [`${formatPercent(ev.taskProgress)}% done`] : []),
            ...(gapText(ind, 'en') ? [gapText(ind, 'en')] : []),
          ].join(', ');
      out.push(
        ...item(
          i + 1,
          zh ? `${measure.title}（牵头单位：${unit}）` : `${measure.titleEn} (lead: ${unit})`,
          `${zh ? '：' : ': '}${facts}${statusWord(ev.status, lang)}${zh ? '。' : '.'}`,
          measure.no,
        ),
      );
    });
  }
  if (urgent.length > 0) {
    out.push(
      heading(zh ? `（${chineseOrdinal(part + 1)}）任务节点逾期或临期` : `(${part + 1}) Tasks overdue or due soon`, 2),
    );
    urgent.forEach(({ measure, ms }, i) => {
      const ev = ms.evaluation;
      const unit = leadUnit(measure.units, lang);
      const state =
        ev.state === 'in_progress'
          ? zh
            ? '正在推进'
            : 'in progress'
          : ev.state === 'not_started'
            ? zh
              ? '尚未启动'
              : 'not started'
            : zh
              ? '尚无进展报送'
              : 'no progress reported';
      const when = deadlineText(ev.daysLeft, lang);
      out.push(
        ...item(
          i + 1,
          zh ? `${measure.title}（牵头单位：${unit}）` : `${measure.titleEn} (lead: ${unit})`,
          zh
            ? `：“${ms.task}”${state}${when ? `，${when}` : ''}${statusWord(ev.status, lang)}。`
            : `: "${ms.taskEn}" ${state}${when ? `, ${when}` : ''} ${statusWord(ev.status, lang)}.`,
          measure.no,
        ),
      );
    });
  }
  return out;
}

function units(data: BriefingData, lang: Lang): Paragraph[] {
  const zh = lang === 'zh';
  const ranks = unitRanking(data);
  const named = ranks.filter((u) => u.against > 0 || u.atRisk > 0);
  const rest = ranks.length - named.length;
  if (ranks.length === 0) return [body(zh ? '本期无牵头事项。' : 'No lead unit in scope.')];
  const list = named.map((u) =>
    zh
      ? `${u.name}（牵头${u.led}项，明显滞后或未完成${u.against}项${u.atRisk > 0 ? `、略有滞后${u.atRisk}项` : ''}，滞后占比${formatPercent((u.against / u.led) * 100)}%）`
      : `${u.nameEn} (leads ${u.led}; ${u.against} behind or missed${u.atRisk > 0 ? `, ${u.atRisk} at risk` : ''})`,
  );
  const out: Paragraph[] = [];
  if (named.length > 0)
    out.push(
      body(
        zh
          ? `按牵头事项中明显滞后和未完成所占比例排序：${list.join('；')}。`
          : `Lead units ranked by the share of their items behind or missed: ${list.join('; ')}.`,
      ),
    );
  if (rest > 0)
    out.push(
      body(
        zh ? `其余${rest}个牵头单位的事项均按序时推进或已完成。` : `The other ${rest} lead units have nothing lagging.`,
      ),
    );
  return out;
}

function nextSteps(notes: BriefingNotes, header: BriefingHeader, lang: Lang): Paragraph[] {
  const text = notes.nextSteps
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (text.length > 0) return text.map((t) => body(t));
  return [
    body(
      lang === 'zh'
        ? `各牵头单位要对照本通报所列滞后事项，逐项分析原因，明确整改措施和完成时限，确保按期完成目标任务。${header.issuer}将持续跟踪督办，并在下期通报整改进展。`
        : 'Each lead unit is to analyse its lagging items, set remedies and dates, and report progress in the next briefing.',
    ),
  ];
}

const rule = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

function cell(text: string, header = false, align: 'center' | 'left' = 'center') {
  return new TableCell({
    children: [
      new Paragraph({
        style: 'Cell',
        alignment: align === 'center' ? AlignmentType.CENTER : AlignmentType.LEFT,
        children: [new TextRun({ text, bold: header, font: header ? { eastAsia: '黑体' } : undefined })],
      }),
    ],
  });
}

/** 附件1: every indicator, one row each; the header repeats on each page and no row splits. */
function indicatorTable(data: BriefingData, lang: Lang): Table {
  const zh = lang === 'zh';
  const columns = zh
    ? ['序号', '措施', '指标', '目标', '完成值', '完成%', '序时进度%', '差距', '状态', '牵头单位']
    : ['No.', 'Measure', 'Indicator', 'Target', 'Figure', 'Done %', 'Time %', 'Gap', 'Status', 'Lead unit'];
  // Twips across the landscape text block (225 mm = 12,756): status and unit names on one line.
  const widths = [560, 1800, 2000, 1300, 1300, 760, 1000, 1500, 1200, 1336];
  let n = 0;
  const rows = data.measures.flatMap((m) =>
    m.indicators.map((ind) => {
      const ev = ind.evaluation;
      const gap =
        ev.gap !== null
          ? `${ev.gap > 0 ? '+' : ''}${formatPercent(ev.gap)}${zh ? '个百分点' : ' pp'}`
          : ev.margin !== null
            ? `${ev.margin > 0 ? '+' : ''}${fixed(ev.margin, indicatorDecimals(ind))}`
            : '—';
      return new TableRow({
        cantSplit: true,
        children: [
          cell(String(++n)),
          cell(zh ? m.title : m.titleEn, false, 'left'),
          cell(zh ? ind.name : ind.nameEn, false, 'left'),
          cell(targetText(ind, lang)),
          cell(valueText(ind, lang)),
          cell(ev.taskProgress === null ? '—' : formatPercent(ev.taskProgress)),
          cell(ev.timeProgress === null ? '—' : formatPercent(ev.timeProgress)),
          cell(gap),
          cell(statusLabel(ev.status, lang)),
          cell(leadUnit(m.units, lang)),
        ],
      });
    }),
  );
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    borders: { top: rule, bottom: rule, left: rule, right: rule, insideHorizontal: rule, insideVertical: rule },
    rows: [new TableRow({ tableHeader: true, cantSplit: true, children: columns.map((c) => cell(c, true)) }), ...rows],
  });
}

/** A chart's monthly figures (附件2, by option), with the indicator's fixed decimals. */
function monthlyTable(ind: BriefingIndicator, data: BriefingData, lang: Lang): Table {
  const { table } = buildIndicatorChart(indicatorChartInput(ind, data.period, lang));
  const upTo = formatPeriod(data.period, lang);
  const last = table.rows.findIndex((r) => r[0] === upTo);
  const rows = last >= 0 ? table.rows.slice(0, last + 1) : table.rows;
  const d = indicatorDecimals(ind);
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: rule, bottom: rule, left: rule, right: rule, insideHorizontal: rule, insideVertical: rule },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: table.columns.map((c) => cell(c, true)) }),
      ...rows.map(
        (r) =>
          new TableRow({
            cantSplit: true,
            children: r.map((v, i) => cell(typeof v === 'number' && i === 1 ? fixed(v, d) : cellText(v))),
          }),
      ),
    ],
  });
}

function annexLabel(no: number, title: string, lang: Lang): Paragraph[] {
  return [
    new Paragraph({
      pageBreakBefore: false,
      keepNext: true,
      children: [new TextRun({ text: lang === 'zh' ? `附件${no}` : `Annex ${no}`, font: { eastAsia: '黑体' } })],
    }),
    new Paragraph({ heading: 'Title', children: [new TextRun(title)] }),
    new Paragraph({ keepNext: true, children: [] }),
  ];
}

export async function buildDocx(data: BriefingData, options: DocxOptions): Promise<Buffer> {
  const { lang, header, notes, choice, charts } = options;
  const zh = lang === 'zh';
  const title = briefingTitle(data.plan, data.period, lang).replace(/（截至.*）$/, '');
  const charted = chartedIndicators(data, choice);
  const annexTitles = [
    zh ? '各项指标完成情况一览表' : 'All indicators',
    ...(charted.length > 0
      ? [
          choice.charts === 'all'
            ? zh
              ? '各项指标趋势图'
              : 'Indicator charts'
            : zh
              ? '滞后指标趋势图'
              : 'Charts of lagging indicators',
        ]
      : []),
  ];
  const hasIndicators = data.measures.some((m) => m.indicators.length > 0);

  const main: (Paragraph | Table)[] = [
    ...masthead(header, options.issue, options.issuedOn, lang),
    new Paragraph({ heading: 'Title', children: [new TextRun(title)] }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      keepNext: true,
      children: [
        new TextRun({
          text: zh
            ? `（数据截至${formatPeriod(data.period, 'zh')}）`
            : `(figures as of ${formatPeriod(data.period, 'en')})`,
          font: { eastAsia: '楷体' },
        }),
      ],
    }),
    new Paragraph({ keepNext: true, children: [] }),
    heading(zh ? '一、总体情况' : '1. Overview', 1),
    ...overview(data, lang),
    heading(zh ? '二、存在问题' : '2. Problems', 1),
    ...problems(data, notes, lang),
    heading(zh ? '三、单位情况' : '3. Lead units', 1),
    ...units(data, lang),
    heading(zh ? '四、下步工作' : '4. Next steps', 1),
    ...nextSteps(notes, header, lang),
  ];
  if (hasIndicators) {
    main.push(new Paragraph({ children: [] }));
    annexTitles.forEach((t, i) =>
      main.push(
        new Paragraph({
          style: 'Body',
          indent: i === 0 ? { firstLine: 640 } : { left: 640 + 960 },
          children: [new TextRun(i === 0 ? `${zh ? '附件：' : 'Annexes: '}1．${t}` : `${i + 1}．${t}`)],
        }),
      ),
    );
  }

  if (!hasIndicators) main.push(...imprint(header, options.issuedOn, lang));
  const sections = [section(main)];
  if (hasIndicators) {
    const annex1: (Paragraph | Table)[] = [...annexLabel(1, annexTitles[0]!, lang), indicatorTable(data, lang)];
    if (charted.length === 0) annex1.push(...imprint(header, options.issuedOn, lang));
    sections.push(section(annex1, true));
  }
  if (charted.length > 0) {
    const annex2: (Paragraph | Table)[] = [...annexLabel(2, annexTitles[1]!, lang)];
    const height = Math.round((TEXT_WIDTH_PX * DOCX_CHART_SIZE.height) / DOCX_CHART_SIZE.width);
    charted.forEach((ind, i) => {
      const png = charts.get(ind.code);
      if (!png) throw new Error(`No chart image for ${ind.code}`);
      const measure = data.measures.find((m) => m.no === ind.measureNo)!;
      annex2.push(
        new Paragraph({
          style: 'H3',
          indent: { firstLine: 0 },
          children: [
            new TextRun(
              zh
                ? `图${i + 1}\u3000${measure.title}：${ind.name}（牵头单位：${leadUnit(measure.units, lang)}）`
                : `Figure ${i + 1}. ${measure.titleEn}: ${ind.nameEn} (lead: ${leadUnit(measure.units, lang)})`,
            ),
          ],
        }),
        new Paragraph({
          alignment: AlignmentType.CENTER,
          keepNext: choice.monthlyTables,
          keepLines: true,
          // An explicit rule: without one LibreOffice clips the picture to a single line.
          spacing: { before: 0, after: 240, line: 240, lineRule: LineRuleType.AUTO },
          children: [
            new ImageRun({
              type: 'png',
              data: png,
              transformation: { width: TEXT_WIDTH_PX, height },
              altText: {
                name: zh ? ind.name : ind.nameEn,
                title: zh ? ind.name : ind.nameEn,
                description: zh ? ind.sentence : ind.sentenceEn,
              },
            }),
          ],
        }),
      );
      if (choice.monthlyTables) annex2.push(monthlyTable(ind, data, lang), new Paragraph({ children: [] }));
    });
    annex2.push(...imprint(header, options.issuedOn, lang));
    sections.push(section(annex2));
  }

  const doc = new Document({
    title,
    creator: header.issuer,
    description: zh ? data.scopeLabel.zh : data.scopeLabel.en,
    evenAndOddHeaderAndFooters: true,
    styles: STYLES,
    sections,
  });
  return Packer.toBuffer(doc);
}
