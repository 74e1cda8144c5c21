// Reading deadlines: 6月30日前, 2022年底, 年内, 上半年, 三季度末, 10月份, 2022年4月至12月,
// 2022年12月31日前. Each phrase gives the last day the task may be done, in the plan's year
// unless the phrase names its own. Pure functions over one sentence.
import { parseChineseNumeral } from './numbers';

export interface DeadlineHit {
  date: string;
  /** The phrase as it stands in the text given. */
  source: string;
  index: number;
  confidence: number;
  reason?: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

function lastDay(year: number, month: number): string {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(day)}`;
}

function num(text: string): number {
  return /^\d+$/.test(text) ? Number(text) : (parseChineseNumeral(text) ?? NaN);
}

const QUARTER_END: Record<string, number> = { 一: 3, 1: 3, 二: 6, 2: 6, 三: 9, 3: 9, 四: 12, 4: 12 };

interface Rule {
  re: RegExp;
  date: (m: RegExpExecArray, year: number) => string | null;
  confidence?: number;
  reason?: string;
}

const Y = '(?:(\\d{4})年)?';
const M = '(\\d{1,2}|[一二三四五六七八九十]{1,3})';

// Order matters: longer phrases first; a position taken by one rule is not read again.
const RULES: Rule[] = [
  // 2022年6月1日至12月31日, 6月1日—9月30日: the end of the span.
  {
    re: new RegExp(`${Y}${M}月(\\d{1,2})日(?:起)?[至到—\\-~～]${Y}${M}月(\\d{1,2})日`, 'g'),
    date: (m, y) => day(m[4] ?? m[1], m[5], m[6], y),
  },
  // 2022年4月至12月: the end month.
  {
    re: new RegExp(`${Y}${M}月(?:份)?[至到—\\-~～]${Y}${M}月(?:份|底|末)?`, 'g'),
    date: (m, y) => lastDay(Number(m[3] ?? m[1] ?? y), num(m[4] ?? '')),
  },
  // 2022年12月31日前, 6月30日前, 9月1日.
  {
    re: new RegExp(`${Y}${M}月(\\d{1,2})日(前|之前|以前)?`, 'g'),
    date: (m, y) => day(m[1], m[2], m[3], y),
  },
  // 6月底前, 2022年10月末, 10月份, 6月中旬前.
  {
    re: new RegExp(`${Y}${M}月(底|末|份|中旬|上旬|下旬)(前|之前)?`, 'g'),
    date: (m, y) => {
      const year = Number(m[1] ?? y);
      const month = num(m[2] ?? '');
      if (!(month >= 1 && month <= 12)) return null;
      if (m[3] === '上旬') return `${year}-${pad(month)}-10`;
      if (m[3] === '中旬') return `${year}-${pad(month)}-20`;
      return lastDay(year, month);
    },
  },
  // 6月前: before June, so the end of May.
  {
    re: new RegExp(`${Y}${M}月(前|之前|以前)`, 'g'),
    date: (m, y) => {
      const year = Number(m[1] ?? y);
      const month = num(m[2] ?? '');
      if (!(month >= 1 && month <= 12)) return null;
      return month === 1 ? lastDay(year - 1, 12) : lastDay(year, month - 1);
    },
    confidence: 0.7,
    reason: '“某月前”按上月末计',
  },
  // 上半年, 2022年下半年.
  {
    re: new RegExp(`${Y}(上|下)半年(?:前|内|底前|末)?`, 'g'),
    date: (m, y) => lastDay(Number(m[1] ?? y), m[2] === '上' ? 6 : 12),
  },
  // 三季度末, 第二季度, 2022年四季度.
  {
    re: new RegExp(`${Y}(?:第)?([一二三四1-4])季度(?:末|底)?(?:前|内)?`, 'g'),
    date: (m, y) => lastDay(Number(m[1] ?? y), QUARTER_END[m[2] ?? ''] ?? 12),
  },
  // 2022年底前, 2022年底, 2022年末.
  {
    re: /(\d{4})年(?:底|末|年底)(?:前|之前)?/g,
    date: (m) => `${m[1]}-12-31`,
  },
  // 年底前, 年内, 今年内, 年末.
  {
    re: /(?:今年|本年)?(?:年底前|年底|年末|年内)/g,
    date: (_m, y) => `${y}-12-31`,
  },
  // 2025年前: by the end of that year.
  {
    re: /(\d{4})年(?:前|以前|之前)/g,
    date: (m) => `${m[1]}-12-31`,
    confidence: 0.7,
    reason: '“某年前”按该年底计',
  },
];

function day(yearText: string | undefined, monthText: string | undefined, dayText: string | undefined, y: number) {
  const month = num(monthText ?? '');
  const d = Number(dayText);
  if (!(month >= 1 && month <= 12 && d >= 1 && d <= 31)) return null;
  return `${Number(yearText ?? y)}-${pad(month)}-${pad(d)}`;
}

/** Every deadline phrase in `text`, in order of position. `year` is the plan's own year. */
export function readDeadlines(text: string, year: number): DeadlineHit[] {
  const taken: [number, number][] = [];
  const hits: DeadlineHit[] = [];
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(text); m; m = rule.re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      const date = rule.date(m, year);
      if (!date) continue;
      taken.push([start, end]);
      hits.push({
        date,
        source: m[0],
        index: start,
        confidence: rule.confidence ?? 0.95,
        ...(rule.reason ? { reason: rule.reason } : {}),
      });
    }
  }
  return hits.sort((a, b) => a.index - b.index);
}
