// Reading the cells people actually type: numbers stored as text, thousands separators,
// full-width digits, stray and non-breaking spaces, "%", 万/亿, months in a dozen spellings.
// Pure functions; what a number means for a given indicator (is "%" or "万" allowed?) is decided
// later, against the indicator (preview.ts).
import { normalizeDigits, parseChineseNumeral } from '../../shared/quantity';
import { isPeriod, periodIndex, type Period } from '../../shared/period';
import { excelSerialDate } from './excel-cells';

/** One spreadsheet cell as the readers hand it over (CSV cells are all text). */
export type Cell =
  | { t: 'text'; v: string }
  /** `percent`: the cell is formatted as a percentage, and `v` is what it shows (5 for 5%). */
  | { t: 'number'; v: number; percent?: boolean }
  /** A date cell, as YYYY-MM-DD. */
  | { t: 'date'; v: string }
  | { t: 'bool'; v: boolean }
  | { t: 'error'; v: string }
  /** A formula saved without its result. */
  | { t: 'formula'; formula: string };

export type ValueRead =
  | { kind: 'blank' }
  | {
      kind: 'number';
      value: number;
      text: string;
      percent: boolean;
      multiplier: '万' | '亿' | null;
      /** Text after the number (a unit, say), NFKC-normalised. */
      suffix: string | null;
    }
  | { kind: 'not_number'; text: string }
  | { kind: 'too_big'; text: string }
  /** 1.23457E+11: what Excel writes for a long number shown in General format, digits lost. */
  | { kind: 'scientific'; text: string }
  /** More significant digits than a spreadsheet keeps (15): the value would change silently. */
  | { kind: 'too_precise'; text: string }
  | { kind: 'date'; text: string }
  | { kind: 'bool' }
  | { kind: 'formula'; formula: string }
  | { kind: 'error'; error: string };

export type PeriodRead =
  | { kind: 'blank' }
  | { kind: 'ok'; period: Period; text: string }
  | { kind: 'bad'; text: string }
  | { kind: 'ambiguous'; text: string };

const SPACES = /[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+/g;
const SPACE = /[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]/;
/**
 * Outer spaces of every kind (non-breaking, ideographic, zero-width) removed. A loop, not a
 * `\s+$` regex: that one backtracks quadratically on a long run of inner spaces (a 10 MB cell).
 */
export function clean(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && SPACE.test(text.charAt(start))) start++;
  while (end > start && SPACE.test(text.charAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** The text of a cell for codes, names and notes; null when empty. */
export function cellText(cell: Cell | null | undefined): string | null {
  if (!cell) return null;
  let text: string;
  switch (cell.t) {
    case 'text':
      text = cell.v;
      break;
    case 'number':
      text = String(cell.v);
      break;
    case 'date':
      text = cell.v;
      break;
    case 'bool':
      text = cell.v ? 'TRUE' : 'FALSE';
      break;
    case 'error':
      text = cell.v;
      break;
    case 'formula':
      return null;
  }
  const out = clean(text);
  return out === '' ? null : out;
}

/** A key for comparing labels and names: NFKC (full-width → ASCII), no spaces, lower case. */
export const matchKey = (text: string) => text.normalize('NFKC').replace(SPACES, '').toLowerCase();

const CANONICAL_CODE = /^I-\d{2}-(?:0|[1-9]\d{0,2})[AB]?$/;

/** I-41-2, i－41－2, "I-9-1", "I-09-1a" → I-41-2 / I-09-1 / I-09-1A; null when not code-like. */
export function normalizeCode(text: string): string | null {
  // Already in the form this returns (a template's own codes, every row of a big file): as is.
  if (CANONICAL_CODE.test(text)) return text;
  const t = normalizeDigits(text.normalize('NFKC')).replace(SPACES, '').toUpperCase();
  const m = /^I[-_—–]?(\d{1,2})[-_—–](\d{1,3})([AB])?$/.exec(t);
  if (!m) return null;
  return `I-${m[1]!.padStart(2, '0')}-${Number(m[2])}${m[3] ?? ''}`;
}

// "—", "/" or "无" in a value cell: nothing reported (not zero, not an error).
const PLACEHOLDER = /^(?:[-—–─/／\\]+|无|暂无|空|n\/?a)$/i;
const MAX_ABS = 1e15;
/** Longer than any number anyone types (and the regexes below need not see 10 MB of it). */
const MAX_NUMBER_CHARS = 100;
/** What Excel and a double keep exactly; more digits would be rounded without a word. */
const MAX_SIGNIFICANT_DIGITS = 15;
const SCIENTIFIC = /^[+-]?(?:\d+\.?\d*|\.\d+)e[+-]?\d+$/i;

/** Digits from the first to the last non-zero one: "001200.50" → 3, "1234.5678" → 8. */
const significantDigits = (digits: string) => digits.replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length;

/**
 * A number as written: "12,300", "１２３００", " 1.5万 ", "45%", "2500亩", "1.234,5" (with
 * `decimalComma`). The multiplier and any unit text are returned, not applied.
 */
export function readNumberText(raw: string, decimalComma = false): ValueRead {
  if (raw.length > MAX_NUMBER_CHARS) return { kind: 'not_number', text: clean(raw) };
  let t = clean(normalizeDigits(raw.normalize('NFKC')));
  if (t === '' || PLACEHOLDER.test(t)) return { kind: 'blank' };
  const text = clean(raw);
  if (SCIENTIFIC.test(t))
    return Math.abs(Number(t)) > MAX_ABS ? { kind: 'too_big', text } : { kind: 'scientific', text };
  // With decimal commas, "1.5" is still one and a half; only "1.500" reads as thousands.
  if (decimalComma && /^[+-]?\d+\.(?:\d{1,2}|\d{4,})%?$/.test(t)) decimalComma = false;
  let percent = false;
  if (t.endsWith('%')) {
    percent = true;
    t = clean(t.slice(0, -1));
  }
  // Accounting negatives: (1,234)
  let sign = 1;
  const paren = /^\((.*)\)$/.exec(t);
  if (paren) {
    sign = -1;
    t = clean(paren[1]!);
  }
  const group = decimalComma ? '.' : ',';
  const point = decimalComma ? ',' : '.';
  const g = group === '.' ? '\\.' : ',';
  const p = point === '.' ? '\\.' : ',';
  // Thousands groups (with the separator, a thin/normal space, or a Chinese full-width comma) or
  // plain digits; then decimals; then 万/亿; then whatever unit text follows.
  const pattern = new RegExp(
    `^([+-]?)((?:\\d{1,3}(?:${g}\\d{3})+|\\d{1,3}(?:[ \\u00a0\\u202f]\\d{3})+|\\d{1,3}(?:，\\d{3})+|\\d+)(?:${p}\\d+)?|${p}\\d+)\\s*([万亿])?\\s*(.*)$`,
  );
  const m = pattern.exec(t);
  if (!m) return { kind: 'not_number', text };
  const digits = m[2]!
    .replace(new RegExp(g, 'g'), '')
    .replace(/[ \u00a0\u202f，]/g, '')
    .replace(point, '.');
  let suffix: string | null = clean(m[4] ?? '');
  if (suffix.endsWith('%') && !percent) {
    percent = true;
    suffix = clean(suffix.slice(0, -1));
  }
  if (suffix === '') suffix = null;
  // Letters, digits or signs right after the number (12,3OO, 12a, 12-3) are a typo, not a unit.
  if (suffix !== null && (/\d/.test(suffix) || /^[A-Za-z.,+\-/]/.test(suffix))) return { kind: 'not_number', text };
  const value = sign * (m[1] === '-' ? -1 : 1) * Number(digits);
  if (!Number.isFinite(value)) return { kind: 'not_number', text };
  if (Math.abs(value) > MAX_ABS) return { kind: 'too_big', text };
  if (significantDigits(digits) > MAX_SIGNIFICANT_DIGITS) return { kind: 'too_precise', text };
  return { kind: 'number', value, text, percent, multiplier: (m[3] as '万' | '亿' | undefined) ?? null, suffix };
}

/** A value cell, whatever its type. */
export function readValue(cell: Cell | null | undefined, decimalComma = false): ValueRead {
  if (!cell) return { kind: 'blank' };
  switch (cell.t) {
    case 'number': {
      if (!Number.isFinite(cell.v)) return { kind: 'not_number', text: String(cell.v) };
      if (Math.abs(cell.v) > MAX_ABS) return { kind: 'too_big', text: String(cell.v) };
      const percent = cell.percent === true;
      return {
        kind: 'number',
        value: cell.v,
        text: percent ? `${cell.v}%` : String(cell.v),
        percent,
        multiplier: null,
        suffix: null,
      };
    }
    case 'text':
      return readNumberText(cell.v, decimalComma);
    case 'date':
      return { kind: 'date', text: cell.v };
    case 'bool':
      return { kind: 'bool' };
    case 'error':
      return { kind: 'error', error: cell.v };
    case 'formula':
      return { kind: 'formula', formula: cell.formula };
  }
}

const month = (year: number, m: number): Period | null =>
  m >= 1 && m <= 12 && year >= 1900 && year <= 2999 ? `${year}-${String(m).padStart(2, '0')}` : null;

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function periodFromText(raw: string, reportYear: number): PeriodRead {
  const text = clean(raw);
  const t = normalizeDigits(text.normalize('NFKC')).replace(SPACES, '').toLowerCase();
  const ok = (p: Period | null): PeriodRead => (p ? { kind: 'ok', period: p, text } : { kind: 'bad', text });
  let m: RegExpExecArray | null;
  // 2022-10, 2022/10, 2022.10, 2022年10月(份), 2022-10-01, 2022/10/1, 2022年10月1日
  if ((m = /^(\d{4})[-/.年](\d{1,2})(?:月份?|月?[-/.]\d{1,2}日?|月\d{1,2}日)?$/.exec(t)))
    return ok(month(+m[1]!, +m[2]!));
  // 202210
  if ((m = /^(\d{4})(\d{2})$/.exec(t))) return ok(month(+m[1]!, +m[2]!));
  // 2022年1-10月, 2022年1至10月 (a cumulative label: the last month counts)
  if (
    (m = /^(\d{4})年?(?:\d{1,2}|[一二三四五六七八九十]+)月?[-~—–至到](\d{1,2}|[一二三四五六七八九十]+)月份?$/.exec(t))
  )
    return ok(month(+m[1]!, /\d/.test(m[2]!) ? +m[2]! : (parseChineseNumeral(m[2]!) ?? 0)));
  // 10月, 10月份, 十月, 1-10月
  if ((m = /^(?:(?:\d{1,2}|[一二三四五六七八九十]+)月?[-~—–至到])?(\d{1,2}|[一二三四五六七八九十]+)月份?$/.exec(t)))
    return ok(month(reportYear, /\d/.test(m[1]!) ? +m[1]! : (parseChineseNumeral(m[1]!) ?? 0)));
  // Oct-22, Oct 2022, October 2022 (what Excel in English writes back into a CSV)
  if ((m = /^([a-z]{3})[a-z]*[-/.]?(\d{2}|\d{4})$/.exec(t))) {
    const index = MONTH_NAMES.indexOf(m[1]!);
    const year = m[2]!.length === 2 ? 2000 + +m[2]! : +m[2]!;
    return index < 0 ? { kind: 'bad', text } : ok(month(year, index + 1));
  }
  return { kind: 'bad', text };
}

/** The month a row is for; `report` gives the year when only the month is written ("10月"). */
export function readPeriod(cell: Cell | null | undefined, report: Period): PeriodRead {
  if (!cell) return { kind: 'blank' };
  const reportYear = Math.floor(periodIndex(report) / 12);
  switch (cell.t) {
    case 'date':
      return { kind: 'ok', period: cell.v.slice(0, 7), text: cell.v };
    case 'number': {
      const n = cell.v;
      const text = String(n);
      if (Number.isInteger(n) && n >= 1 && n <= 12) return { kind: 'ok', period: month(reportYear, n)!, text };
      if (Number.isInteger(n) && n >= 190001 && n <= 299912) {
        const p = month(Math.floor(n / 100), n % 100);
        return p ? { kind: 'ok', period: p, text } : { kind: 'bad', text };
      }
      // 2022.1 is what Excel keeps of "2022.10" as well as of "2022.1".
      if (n > 1900 && n < 3000 && !Number.isInteger(n)) {
        const decimals = text.split('.')[1] ?? '';
        if (decimals === '1') return { kind: 'ambiguous', text };
        const p = month(Math.floor(n), Number(decimals));
        return p ? { kind: 'ok', period: p, text } : { kind: 'bad', text };
      }
      // A date typed into a cell formatted as a number: Excel's day count.
      if (Number.isInteger(n) && n > 366 && n < 2_958_466) {
        const p = excelSerialDate(n)?.slice(0, 7) ?? '';
        return isPeriod(p) ? { kind: 'ok', period: p, text } : { kind: 'bad', text };
      }
      return { kind: 'bad', text };
    }
    case 'text': {
      if (clean(cell.v) === '') return { kind: 'blank' };
      return periodFromText(cell.v, reportYear);
    }
    case 'formula':
    case 'error':
    case 'bool':
      return { kind: 'bad', text: cellText(cell) ?? (cell.t === 'formula' ? `=${cell.formula}` : '') };
  }
}
