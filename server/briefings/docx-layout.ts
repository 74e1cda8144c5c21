// The GB/T 9704-2012 frame of a Word briefing: A4 with the standard margins, 3号仿宋 body at a
// fixed 28 pt pitch (22 lines of 28 characters), the heading fonts per level, page numbers
// "— 1 —" in 4号 on the outer side (odd right, even left), the 版头 (name, 期号, 编发单位 and
// 成文日期 above a red rule) and the 版记 (报/送 and the printing line between black rules).
import {
  AlignmentType,
  BorderStyle,
  Footer,
  LineRuleType,
  PageNumber,
  PageOrientation,
  Paragraph,
  Tab,
  TabStopType,
  TextRun,
  type IFontAttributesProperties,
  type ISectionOptions,
  type IStylesOptions,
} from 'docx';
import { formatDate, type Lang } from '../../shared/format';
import type { BriefingHeader } from './header';

/** Font names per level; each with the Latin font Word uses for digits and Latin letters. */
export const DOCX_FONTS = {
  /** 小标宋: the title. Machines without it (LibreOffice here) fall back to SimSun via the font table. */
  title: '方正小标宋简体',
  titleFallback: 'SimSun',
  hei: '黑体',
  kai: '楷体',
  fang: '仿宋',
  song: '宋体',
} as const;

function font(eastAsia: string, latin = 'Times New Roman'): IFontAttributesProperties {
  return { eastAsia, ascii: latin, hAnsi: latin, cs: latin, hint: 'eastAsia' };
}

export const FONT = {
  title: font(DOCX_FONTS.title, DOCX_FONTS.titleFallback),
  hei: font(DOCX_FONTS.hei),
  kai: font(DOCX_FONTS.kai),
  fang: font(DOCX_FONTS.fang),
  song: font(DOCX_FONTS.song),
};

/** Sizes in half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt, 5号 10.5 pt. */
export const SIZE = { er: 44, san: 32, si: 28, wu: 21 } as const;
/** The fixed line pitch of the body: 28 pt. */
export const PITCH = 560;
const exact = (line: number) => ({ line, lineRule: LineRuleType.EXACT, before: 0, after: 0 });

const mm = (v: number) => Math.round((v / 25.4) * 1440);
export const A4 = { width: 11906, height: 16838 };
/** GB/T 9704: 天头 37 mm, 订口 28 mm; the text block 156 × 225 mm. */
const MARGIN = { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26), footer: mm(20) };
export const TEXT_WIDTH_TWIPS = A4.width - MARGIN.left - MARGIN.right;
/** The text width in CSS pixels (96 per inch): the width charts are placed at. */
export const TEXT_WIDTH_PX = Math.floor((TEXT_WIDTH_TWIPS / 1440) * 96);

export const STYLES: IStylesOptions = {
  default: {
    document: {
      run: { font: FONT.fang, size: SIZE.san, color: '000000' },
      paragraph: { spacing: exact(PITCH) },
    },
    title: {
      run: { font: FONT.title, size: SIZE.er, bold: false, color: '000000' },
      paragraph: {
        alignment: AlignmentType.CENTER,
        keepNext: true,
        spacing: { line: 700, lineRule: LineRuleType.EXACT, before: PITCH, after: 0 },
      },
    },
  },
  paragraphStyles: [
    { id: 'Body', name: 'Briefing Body', basedOn: 'Normal', paragraph: { indent: { firstLine: 640 } } },
    {
      id: 'H1',
      name: 'Briefing 一、',
      basedOn: 'Normal',
      next: 'Body',
      run: { font: FONT.hei },
      paragraph: { keepNext: true, keepLines: true, indent: { firstLine: 640 }, outlineLevel: 0 },
    },
    {
      id: 'H2',
      name: 'Briefing （一）',
      basedOn: 'Normal',
      next: 'Body',
      run: { font: FONT.kai },
      paragraph: { keepNext: true, keepLines: true, indent: { firstLine: 640 }, outlineLevel: 1 },
    },
    {
      id: 'H3',
      name: 'Briefing 1.',
      basedOn: 'Normal',
      next: 'Body',
      run: { font: FONT.fang, bold: true },
      paragraph: { keepNext: true, keepLines: true, indent: { firstLine: 640 }, outlineLevel: 2 },
    },
    {
      id: 'Cell',
      name: 'Briefing Table',
      basedOn: 'Normal',
      run: { font: FONT.fang, size: SIZE.wu },
      paragraph: { spacing: exact(300), alignment: AlignmentType.CENTER },
    },
    {
      id: 'Mark',
      name: 'Briefing 版记',
      basedOn: 'Normal',
      run: { font: FONT.fang, size: SIZE.si },
      paragraph: { keepNext: true, keepLines: true, indent: { left: 280, right: 280 } },
    },
  ],
};

export function body(text: string, options: { bold?: boolean } = {}): Paragraph {
  return new Paragraph({ style: 'Body', children: [new TextRun({ text, bold: options.bold })] });
}

export function heading(text: string, level: 1 | 2 | 3): Paragraph {
  return new Paragraph({ style: `H${level}`, children: [new TextRun(text)] });
}

/** The page number "— 1 —" in 4号 宋体, 1 character in from the outer edge. */
function pageFooter(side: 'odd' | 'even'): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: 280 } : { left: 280 },
        spacing: exact(360),
        children: [new TextRun({ font: FONT.song, size: SIZE.si, children: ['— ', PageNumber.CURRENT, ' —'] })],
      }),
    ],
  });
}

/** A section of the briefing: portrait or landscape A4, the outer page numbers, continuing numbering. */
export function section(children: ISectionOptions['children'], landscape = false): ISectionOptions {
  return {
    properties: {
      page: {
        size: landscape ? { ...A4, orientation: PageOrientation.LANDSCAPE } : A4,
        margin: landscape
          ? { top: MARGIN.left, bottom: MARGIN.right, left: MARGIN.top, right: MARGIN.bottom, footer: MARGIN.footer }
          : MARGIN,
      },
    },
    footers: { default: pageFooter('odd'), even: pageFooter('even') },
    children,
  };
}

const RED = 'C00000';

/** The 版头: name in red 小标宋, 期号, then 编发单位 left and 成文日期 right above the red rule. */
export function masthead(
  header: BriefingHeader,
  issue: { year: number; no: number } | null,
  issuedOn: string,
  lang: Lang,
) {
  const zh = lang === 'zh';
  const big = header.name.length <= 12 ? 60 : SIZE.er;
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: big * 20 * 1.2, lineRule: LineRuleType.EXACT, before: 0, after: 120 },
      // The masthead is the one red text GB/T 9704 asks for (发文机关标志); the body stays black.
      children: [new TextRun({ text: header.name, font: FONT.title, size: big, color: RED })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun(issue ? (zh ? `第${issue.no}期` : `No. ${issue.no} (${issue.year})`) : '')],
    }),
    new Paragraph({
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH_TWIPS }],
      indent: { left: 280, right: 280 },
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 6 } },
      children: [new TextRun(header.issuer), new TextRun({ children: [new Tab(), formatDate(issuedOn, lang)] })],
    }),
  ];
}

/** The 版记 after the last annex: 报/送 lines and "编发单位 成文日期印发" between black rules. */
export function imprint(header: BriefingHeader, issuedOn: string, lang: Lang): Paragraph[] {
  const zh = lang === 'zh';
  const thick = { style: BorderStyle.SINGLE, size: 8, color: '000000', space: 4 };
  const thin = { style: BorderStyle.SINGLE, size: 4, color: '000000', space: 4 };
  const lines = [
    ...(header.reportTo ? [`${zh ? '报：' : 'To: '}${header.reportTo}`] : []),
    ...(header.copyTo ? [`${zh ? '送：' : 'Copy: '}${header.copyTo}`] : []),
  ];
  return [
    new Paragraph({ style: 'Mark', spacing: exact(PITCH), children: [] }),
    ...lines.map(
      (text, i) =>
        new Paragraph({
          style: 'Mark',
          border: i === 0 ? { top: thick } : undefined,
          children: [new TextRun(text)],
        }),
    ),
    new Paragraph({
      style: 'Mark',
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH_TWIPS - 560 }],
      border: { top: lines.length === 0 ? thick : thin, bottom: thick },
      keepNext: false,
      children: [
        new TextRun(header.printedBy),
        new TextRun({ children: [new Tab(), `${formatDate(issuedOn, lang)}${zh ? '印发' : ' printed'}`] }),
      ],
    }),
  ];
}
