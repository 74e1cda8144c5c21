// The wide layout many offices keep all year: one row per indicator, one column per month ("1月"
// … "10月", "2022年1月", "2022-01", or "2022年" merged over "1月 … 12月"). Finding those month
// columns in a header row, and — when a sheet has neither layout — saying what it does look like.
import { cellText, matchKey, normalizeCode, readPeriod, type Cell } from './normalize';

/** One month column of a wide header: where it is and how it reads ("2022年10月"). */
export interface MonthColumn {
  index: number;
  /** The header as the messages quote it, with the year of a merged cell above put in front. */
  label: string;
}

// Any year does to tell whether a label is a month; the report's year is applied when reading.
const SOME_MONTH = '2000-01';
const YEAR_LABEL = /^(\d{4})年度?$/;

/** Whether a header label names a month ("10月", "2022-10", "Oct-22"). */
export const isMonthLabel = (label: string | null): label is string =>
  label !== null && label.length <= 20 && readPeriod({ t: 'text', v: label }, SOME_MONTH).kind === 'ok';

const yearOf = (label: string | null) => {
  const m = label === null ? null : YEAR_LABEL.exec(matchKey(label));
  return m ? m[1]! : null;
};

/**
 * The month columns of a header row, each with the year written above it when the row above
 * holds years ("2022年" merged over its months: only its first cell has the text, so a year
 * stands for the cells to its right until the next filled cell).
 */
export function monthColumns(labels: (string | null)[], above: (string | null)[] | null): MonthColumn[] {
  const years: (string | null)[] = [];
  let year: string | null = null;
  for (let k = 0; k < labels.length; k++) {
    const a = above?.[k] ?? null;
    if (a !== null) year = yearOf(a);
    years.push(year);
  }
  const out: MonthColumn[] = [];
  labels.forEach((label, index) => {
    if (!isMonthLabel(label)) return;
    const y = years[index];
    out.push({ index, label: y && !/\d{4}/.test(label) ? `${y}年${label}` : label });
  });
  return out;
}

/** The sheet's first rows, as their labels, for describing what was found. */
export interface HeadRow {
  row: number;
  cells: (Cell | null)[];
}

const quoted = (labels: string[]) =>
  labels.length > 3
    ? `“${labels[0]}”“${labels[1]}”…“${labels[labels.length - 1]}”`
    : labels.map((l) => `“${l}”`).join('');

/**
 * What a sheet without a usable header looks like, in words ("第3行是月份…，但没有指标代码或
 * 指标名称列"), or null when nothing in it resembles a table of ours. `field` is labelField.
 */
export function describeShape(rows: HeadRow[], field: (label: string) => string | null): string | null {
  let best: { score: number; text: string } | null = null;
  const offer = (score: number, text: string) => {
    if (!best || score > best.score) best = { score, text };
  };
  for (const { row, cells } of rows) {
    const labels = cells.map(cellText);
    const known = new Map<string, string>();
    for (const l of labels) {
      const f = l === null ? null : field(l);
      if (f && l && !known.has(f)) known.set(f, l);
    }
    const months = labels.filter(isMonthLabel);
    const codes = labels.filter((l): l is string => l !== null && normalizeCode(l) !== null);
    const indicator = known.get('code') ?? known.get('name');
    if (codes.length >= 2)
      offer(
        4,
        `第${row}行是指标代码（${quoted(codes)}），即每列一个指标、每行一个月份，与系统的格式行列相反。请转置（每行一个指标）后再上传`,
      );
    else if (months.length >= 2 && !indicator)
      offer(3, `第${row}行是月份（${quoted(months)}），但没有“指标代码”或“指标名称”列，无法知道每行是哪个指标`);
    else if (known.has('value') && !indicator)
      offer(2, `第${row}行有“${known.get('value')}”列，但没有“指标代码”或“指标名称”列，无法知道每行是哪个指标`);
    else if (indicator)
      offer(1, `第${row}行有“${indicator}”列，但没有“本月数值”列，也没有按月份排列的列（如“1月”…“10月”）`);
  }
  return (best as { text: string } | null)?.text ?? null;
}
