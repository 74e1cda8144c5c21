// Property tests (fast-check) on the upload normalisers (numbers and months as people write them)
// and the status engine. Defined here, outside any *.test.ts, so both the Vitest file
// (tests/unit/properties.test.ts, ~1,000 runs each) and the bench (`runProperties`, 100,000+
// cases in all) run the same properties.
import fc from 'fast-check';
import { readNumberText, readPeriod, readValue, type Cell } from '../../server/upload/normalize';
import { addMonths, elapsedShare, periodFromIndex, periodIndex } from '../../shared/period';
import type { IndicatorDef } from '../../shared/plan-schema';
import {
  evaluateIndicator,
  evaluateMilestone,
  milestoneStates,
  plannedShare,
  statuses,
  type Observation,
  type Status,
} from '../../shared/status';

type Kind<K extends IndicatorDef['kind']> = Extract<IndicatorDef, { kind: K }>;

// ---------------------------------------------------------------------------------------------
// Numbers

const DIGIT_SETS = {
  ascii: '0123456789',
  fullWidth: '０１２３４５６７８９',
  arabicIndic: '٠١٢٣٤٥٦٧٨٩',
  extendedArabicIndic: '۰۱۲۳۴۵۶۷۸۹',
} as const;
const GROUPS = ['', ',', ' ', '\u00a0', '\u202f', '，'] as const;
const PADS = ['', ' ', '\u3000', '\u00a0', '\t', '\ufeff'] as const;

/** A decimal with at most 15 significant digits, as [sign, integer digits, fraction digits]. */
const decimal = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 999_999_999_999n }), fc.stringMatching(/^[0-9]{0,3}$/))
  .map(([negative, int, frac]) => ({ negative, int: int.toString(), frac }));

function group(int: string, separator: string): string {
  if (separator === '') return int;
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

const written = fc.record({
  n: decimal,
  digits: fc.constantFrom(...(Object.keys(DIGIT_SETS) as (keyof typeof DIGIT_SETS)[])),
  group: fc.constantFrom(...GROUPS),
  point: fc.constantFrom('.', '．'),
  minus: fc.constantFrom('-', '－', '−', '()'),
  before: fc.constantFrom(...PADS),
  after: fc.constantFrom(...PADS),
  percent: fc.boolean(),
});

/** Any number written with separators, look-alike digits, spaces, a sign or brackets reads back as itself. */
const numbersReadBack = fc.property(written, (w) => {
  const set = DIGIT_SETS[w.digits];
  const digits = (s: string) => s.replace(/\d/g, (d) => set[Number(d)]!);
  const body = digits(group(w.n.int, w.group)) + (w.n.frac ? w.point + digits(w.n.frac) : '');
  const signed = !w.n.negative ? body : w.minus === '()' ? `(${body})` : `${w.minus}${body}`;
  const text = `${w.before}${signed}${w.percent ? '%' : ''}${w.after}`;
  const expected = Number(`${w.n.negative ? '-' : ''}${w.n.int}.${w.n.frac || '0'}`);
  const read = readNumberText(text);
  if (read.kind !== 'number') throw new Error(`${JSON.stringify(text)} read as ${read.kind}`);
  if (read.value !== expected && !(read.value === 0 && expected === 0))
    throw new Error(`${JSON.stringify(text)} read as ${read.value}, expected ${expected}`);
  if (read.percent !== w.percent) throw new Error(`${JSON.stringify(text)}: percent ${read.percent}`);
});

/** In a ;-separated file the roles swap: 1.234.567,89 is a million and a bit. */
const decimalCommasReadBack = fc.property(decimal, fc.constantFrom('', '.'), (n, separator) => {
  const text = `${n.negative ? '-' : ''}${group(n.int, separator)}${n.frac ? `,${n.frac}` : ''}`;
  const expected = Number(`${n.negative ? '-' : ''}${n.int}.${n.frac || '0'}`);
  const read = readNumberText(text, true);
  if (read.kind !== 'number' || read.value !== expected)
    throw new Error(`${JSON.stringify(text)} read as ${JSON.stringify(read)}, expected ${expected}`);
});

/** Characters numbers are made of, and the ones that break them: any mix never yields NaN or ∞. */
const numberish = fc.string({
  unit: fc.constantFrom(...'0123456789０９٣۵.,．，٫٬ -－+%％()eE万亿∞NaInfity\u00a0\u3000'.split('')),
  maxLength: 40,
});
const neverNonFinite = fc.property(fc.oneof(numberish, fc.string({ unit: 'grapheme', maxLength: 40 })), (text) => {
  for (const decimalComma of [false, true]) {
    const read = readNumberText(text, decimalComma);
    if (read.kind === 'number' && (!Number.isFinite(read.value) || Math.abs(read.value) > 1e15))
      throw new Error(`${JSON.stringify(text)} read as ${read.value}`);
  }
});

/** A typed number cell, whatever double it holds (NaN, ±∞, −0, subnormals), never passes as a non-finite value. */
const numberCellsFinite = fc.property(fc.double(), fc.boolean(), (v, percent) => {
  const read = readValue({ t: 'number', v, percent });
  if (read.kind === 'number' && !Number.isFinite(read.value)) throw new Error(`${v} read as ${read.value}`);
  if (read.kind === 'number' && read.value !== v) throw new Error(`${v} read as ${read.value}`);
});

// ---------------------------------------------------------------------------------------------
// Months

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September'];
const CN_MONTHS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

const yearMonth = fc.record({
  year: fc.integer({ min: 1900, max: 2999 }),
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
});
const pad = (n: number) => String(n).padStart(2, '0');

/** Every accepted way of writing year Y month M, as text (digits as typed). */
function spellings({ year, month, day }: { year: number; month: number; day: number }): string[] {
  const y = String(year);
  const out = [
    `${y}-${pad(month)}`,
    `${y}-${month}`,
    `${y}/${month}`,
    `${y}年${month}月`,
    `${y}年${pad(month)}月份`,
    `${y} 年 ${month} 月`,
    `${y}${pad(month)}`,
    `${y}-${pad(month)}-${pad(day)}`,
    `${y}/${month}/${day}`,
    `${y}年${month}月${day}日`,
    `${y}年1-${month}月`,
    `${y}年1至${month}月`,
    `${y}年一至${CN_MONTHS[month - 1]}月`,
    `${MONTHS_EN[month - 1]} ${y}`,
  ];
  if (month <= MONTHS_LONG.length) out.push(`${MONTHS_LONG[month - 1]} ${y}`);
  if (year >= 2000 && year <= 2099) out.push(`${MONTHS_EN[month - 1]}-${y.slice(2)}`);
  // 2022.1 is the one spelling Excel makes ambiguous as a number; as text it is January.
  if (month !== 10) out.push(`${y}.${month}`);
  return out;
}

const fullWidth = (text: string) => text.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));

/** Year and month in each accepted form (text, full-width, number cell, date cell) read as the same month. */
const periodsReadBack = fc.property(yearMonth, fc.constantFrom(...PADS), (ym, space) => {
  const want = `${ym.year}-${pad(ym.month)}`;
  const cells: Cell[] = [
    ...spellings(ym).flatMap((t) => [
      { t: 'text' as const, v: `${space}${t}${space}` },
      { t: 'text' as const, v: fullWidth(t) },
    ]),
    { t: 'number', v: ym.year * 100 + ym.month },
    { t: 'date', v: `${want}-${pad(ym.day)}` },
  ];
  for (const cell of cells) {
    const read = readPeriod(cell, '2022-10');
    if (read.kind !== 'ok' || read.period !== want)
      throw new Error(`${JSON.stringify(cell)} read as ${JSON.stringify(read)}, expected ${want}`);
  }
});

/** A month alone (10月, 十月, 1-10月, the number 10) takes the report month's year. */
const monthOnlyTakesReportYear = fc.property(yearMonth, fc.integer({ min: 1, max: 12 }), (report, month) => {
  const reportPeriod = `${report.year}-${pad(report.month)}`;
  const want = `${report.year}-${pad(month)}`;
  const cells: Cell[] = [
    { t: 'text', v: `${month}月` },
    { t: 'text', v: `${CN_MONTHS[month - 1]}月份` },
    { t: 'text', v: `1-${month}月` },
    { t: 'number', v: month },
  ];
  for (const cell of cells) {
    const read = readPeriod(cell, reportPeriod);
    if (read.kind !== 'ok' || read.period !== want)
      throw new Error(`${JSON.stringify(cell)} read as ${JSON.stringify(read)}, expected ${want}`);
  }
});

/** Anything typed into a month cell is read as a valid month, or refused; never a month 00 or 13. */
const periodsNeverInvalid = fc.property(
  fc.oneof(
    fc.string({ unit: fc.constantFrom(...'0123456789-/.年月日份至一二十Octo 　'.split('')), maxLength: 16 }),
    fc.string({ maxLength: 16 }),
  ),
  (text) => {
    const read = readPeriod({ t: 'text', v: text }, '2022-10');
    if (read.kind === 'ok' && !/^\d{4}-(0[1-9]|1[0-2])$/.test(read.period))
      throw new Error(`${JSON.stringify(text)} read as ${read.period}`);
  },
);

const period = fc.integer({ min: 1900 * 12, max: 2999 * 12 + 11 }).map(periodFromIndex);

/** Month arithmetic: index and back, adding and taking away months. */
const periodArithmetic = fc.property(period, fc.integer({ min: -600, max: 600 }), (p, k) => {
  if (periodFromIndex(periodIndex(p)) !== p) throw new Error(`${p} does not round-trip`);
  const q = addMonths(p, k);
  if (addMonths(q, -k) !== p || periodIndex(q) - periodIndex(p) !== k) throw new Error(`${p} + ${k} = ${q}`);
});

// ---------------------------------------------------------------------------------------------
// Status engine

const RANK: Partial<Record<Status, number>> = { missed: 0, behind: 1, at_risk: 2, on_track: 3, achieved: 4 };
// Subnormal targets (1e-320) overflow value ÷ target to Infinity in the engine; no plan states one.
const finite = fc
  .double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 })
  .map((x) => (Math.abs(x) < 1e-9 ? 0 : x));
const amount = fc.double({ noNaN: true, noDefaultInfinity: true, min: 0, max: 1e9 });

/** A target period of 1–36 months somewhere in 2020–2025. */
const window = fc
  .tuple(fc.integer({ min: 2020 * 12, max: 2025 * 12 }), fc.integer({ min: 1, max: 36 }))
  .map(([start, months]) => ({ start: periodFromIndex(start), end: periodFromIndex(start + months - 1), months }));

const base = {
  measure: 1,
  name: '指标',
  nameEn: 'Indicator',
  unit: '个',
  unitEn: 'items',
  source: '指标',
} as const;

/** A cumulative target, with or without a phased schedule that rises to the target. */
const cumulative = fc
  .tuple(
    window,
    fc.double({ noNaN: true, min: 1, max: 1e9 }),
    fc.boolean(),
    fc.array(fc.double({ noNaN: true, min: 0, max: 1, maxExcluded: true }), { maxLength: 6 }),
  )
  .map(([w, target, phased, shares]): Kind<'cumulative'> => {
    const months = [...new Set(shares.map((s) => Math.floor(s * (w.months - 1))))].sort((a, b) => a - b);
    const values = shares.map((s) => s * target).sort((a, b) => a - b);
    const schedule = [
      ...months.map((m, i) => ({ period: addMonths(w.start, m), value: values[i]! })),
      { period: w.end, value: target },
    ].filter((p, i, all) => all.findIndex((q) => q.period === p.period) === i);
    return {
      ...base,
      code: 'I-01-1',
      kind: 'cumulative',
      reporting: 'cumulative',
      periodStart: w.start,
      periodEnd: w.end,
      target,
      ...(phased ? { schedule } : {}),
    };
  });

/** A month from a year before the target period to a year after it. */
const around = (ind: IndicatorDef) =>
  fc.integer({ min: periodIndex(ind.periodStart) - 12, max: periodIndex(ind.periodEnd) + 12 }).map(periodFromIndex);

/** More reported never makes a cumulative indicator's status worse. */
const monotoneInValue = fc.property(
  cumulative.chain((ind) => fc.tuple(fc.constant(ind), around(ind), amount, amount)),
  ([ind, report, a, b]) => {
    const [low, high] = a <= b ? [a, b] : [b, a];
    const at = (value: number) => evaluateIndicator(ind, [{ period: ind.periodStart, value }], report).status;
    const [s1, s2] = [at(low), at(high)];
    if (s1 === 'not_yet_due' && s2 === 'not_yet_due') return;
    if ((RANK[s1] ?? -1) > (RANK[s2] ?? -1)) throw new Error(`${low} → ${s1} but ${high} → ${s2} at ${report}`);
  },
);

/** 序时进度 stays within 0–1 and never goes back as the months pass, with or without a schedule. */
const plannedShareBounded = fc.property(cumulative, (ind) => {
  let previous = -Infinity;
  for (let i = periodIndex(ind.periodStart); i <= periodIndex(ind.periodEnd) + 6; i++) {
    const share = plannedShare(ind, periodFromIndex(i));
    if (!(share >= 0 && share <= 1 + 1e-12)) throw new Error(`share ${share} at ${periodFromIndex(i)}`);
    if (share < previous - 1e-12) throw new Error(`share fell to ${share} at ${periodFromIndex(i)}`);
    previous = share;
  }
});

/** The linear 序时进度 likewise, for any window and month (before the start it is 0, after the end 1). */
const elapsedShareBounded = fc.property(period, period, period, (a, b, report) => {
  const [start, end] = a <= b ? [a, b] : [b, a];
  const share = elapsedShare(start, end, report);
  const next = elapsedShare(start, end, addMonths(report, 1));
  if (!(share >= 0 && share <= 1 && next >= share)) throw new Error(`${start}–${end} at ${report}: ${share}, ${next}`);
});

/** Any kind, any finite targets and figures: a known status, finite numbers, progress in bounds. */
const anyIndicator = fc
  .tuple(
    window,
    fc.constantFrom('cumulative', 'ceiling', 'floor', 'spread', 'range'),
    fc.constantFrom('cumulative', 'monthly', 'level'),
    finite,
    finite,
    fc.double({ noNaN: true, min: 0, max: 1e6 }),
  )
  .map(([w, kind, reporting, x, y, tolerance]): IndicatorDef => {
    const common = { ...base, code: 'I-02-1', reporting, periodStart: w.start, periodEnd: w.end };
    switch (kind) {
      case 'cumulative':
        return { ...common, kind, target: Math.abs(x) };
      case 'ceiling':
      case 'floor':
        return { ...common, kind, target: x, tolerance };
      case 'spread':
        return {
          ...common,
          kind,
          target: x,
          tolerance,
          seriesA: { name: 'A', nameEn: 'A' },
          seriesB: { name: 'B', nameEn: 'B' },
        };
      case 'range':
        return { ...common, kind, min: Math.min(x, y), max: Math.max(x, y) };
    }
  });

const observations = (ind: IndicatorDef) =>
  fc.array(
    fc.record({
      period: around(ind),
      value: finite,
      series: fc.constantFrom<Observation['series']>('value', 'a', 'b'),
    }),
    { maxLength: 12 },
  );

const engineTotal = fc.property(
  anyIndicator.chain((ind) => fc.tuple(fc.constant(ind), observations(ind), around(ind))),
  ([ind, obs, report]) => {
    const e = evaluateIndicator(ind, obs, report);
    if (!statuses.includes(e.status)) throw new Error(`status ${e.status}`);
    for (const [name, n] of Object.entries({
      value: e.value,
      taskProgress: e.taskProgress,
      timeProgress: e.timeProgress,
      gap: e.gap,
      margin: e.margin,
    }))
      if (n !== null && !Number.isFinite(n)) throw new Error(`${name} is ${n}`);
    if (e.timeProgress !== null && !(e.timeProgress >= 0 && e.timeProgress <= 100))
      throw new Error(`timeProgress ${e.timeProgress}`);
    if (e.asOf !== null && (e.asOf > report || e.asOf < ind.periodStart)) throw new Error(`asOf ${e.asOf}`);
  },
);

/** A milestone: any updates, any month — a known status, time elapsed within 0–100 %. */
const milestoneTotal = fc.property(
  fc.integer({ min: 2020 * 12, max: 2025 * 12 }).map(periodFromIndex),
  fc.integer({ min: 0, max: 1000 }),
  fc.array(
    fc.record({
      period: fc.integer({ min: 2019 * 12, max: 2027 * 12 }).map(periodFromIndex),
      state: fc.constantFrom(...milestoneStates),
    }),
    { maxLength: 6 },
  ),
  fc.integer({ min: 2019 * 12, max: 2027 * 12 }).map(periodFromIndex),
  (start, days, updates, report) => {
    const windowStart = `${start}-01`;
    const deadline = new Date(Date.parse(`${windowStart}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    const e = evaluateMilestone({ deadline }, updates, report, windowStart);
    if (!statuses.includes(e.status)) throw new Error(`status ${e.status}`);
    if (!(e.timeProgress >= 0 && e.timeProgress <= 100)) throw new Error(`timeProgress ${e.timeProgress}`);
    if (
      updates.some((u) => u.period <= report && u.state === 'done') &&
      e.status !== 'achieved' &&
      e.status !== 'not_yet_due'
    ) {
      const last = updates.filter((u) => u.period <= report).sort((a, b) => (a.period < b.period ? 1 : -1))[0];
      if (last?.state === 'done') throw new Error(`done but ${e.status}`);
    }
  },
);

const entry = <Ts>(name: string, property: fc.IProperty<Ts>, weight = 1) => ({
  name,
  weight,
  check: (numRuns: number) => fc.assert(property, { numRuns }),
});

/** Every property, by name. `weight` scales its share of the runs (the slow ones get fewer). */
export const properties = [
  entry('numbers written any accepted way read back as themselves', numbersReadBack),
  entry('decimal commas in ;-separated files read back', decimalCommasReadBack),
  entry('no text ever reads as NaN, Infinity or beyond 10^15', neverNonFinite),
  entry('typed number cells never pass as non-finite', numberCellsFinite),
  entry('a month in each accepted form reads as that month', periodsReadBack, 0.2),
  entry('a month alone takes the report year', monthOnlyTakesReportYear),
  entry('no text ever reads as an impossible month', periodsNeverInvalid),
  entry('month arithmetic round-trips', periodArithmetic),
  entry('status is monotone in the reported total (cumulative)', monotoneInValue),
  entry('planned share stays in [0, 1] and never falls', plannedShareBounded, 0.5),
  entry('linear elapsed share stays in [0, 1] and never falls', elapsedShareBounded),
  entry('the engine gives a status and finite numbers for any finite input', engineTotal),
  entry('milestones: a status and time elapsed within 0–100 %', milestoneTotal),
];

/** Runs of one property for `perProperty` runs per unit of weight; at least 10. */
export const runsFor = (weight: number, perProperty: number) => Math.max(10, Math.round(weight * perProperty));

/**
 * The bench entry: every property with `numRuns` runs per unit of weight (10,000 gives about
 * 120,000 cases in all). Throws on the first counterexample, with the seed to replay it.
 */
export function runProperties(numRuns: number): Promise<{ cases: number; ms: number }> {
  const started = performance.now();
  let cases = 0;
  for (const { check, weight } of properties) {
    const runs = runsFor(weight, numRuns);
    check(runs);
    cases += runs;
  }
  return Promise.resolve({ cases, ms: performance.now() - started });
}
