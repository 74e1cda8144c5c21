// Reading quantities the way Chinese plans and spreadsheets write them: full-width digits,
// thousands separators, 万/亿 multipliers, simple Chinese numerals (两批, 十三).

const FULL_WIDTH_DIGIT = /[０-９]/g;
const ARABIC_INDIC_DIGIT = /[٠-٩]/g;
const EXTENDED_ARABIC_INDIC_DIGIT = /[۰-۹]/g;
const NON_ASCII = /[\u0080-\uffff]/;

/**
 * ASCII digits and punctuation for the look-alikes people type (０-９, ٠-٩, ．, ٫ ٬, ％, －). The
 * full-width comma ， is left alone: in Chinese text it separates clauses, not thousands.
 */
export function normalizeDigits(text: string): string {
  // Every look-alike is outside ASCII: most text (codes, numbers, months) needs none of the seven
  // passes below.
  if (!NON_ASCII.test(text)) return text;
  return text
    .replace(FULL_WIDTH_DIGIT, (d) => String(d.charCodeAt(0) - 0xff10))
    .replace(ARABIC_INDIC_DIGIT, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(EXTENDED_ARABIC_INDIC_DIGIT, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[．٫]/g, '.')
    .replace(/٬/g, ',')
    .replace(/％/g, '%')
    .replace(/[－−]/g, '-');
}

export const MULTIPLIERS: Readonly<Record<string, number>> = { 万: 1e4, 亿: 1e8 };

/** The multiplier a unit carries: 万元 → 10⁴, 亿元 → 10⁸, 亩 → 1. */
export function unitScale(unit: string): number {
  return MULTIPLIERS[unit.charAt(0)] ?? 1;
}

/**
 * The one rule for binary floating-point noise: rounded to 12 significant digits, far beyond any
 * reported precision. 16.4 − 6.4 is 9.999999999999998, 1.13 × 10⁴ is 11299.999999999998 and
 * 0.1 + 0.2 is 0.30000000000000004, but whoever reads 10, 11300 or 0.3 expects those. A whole
 * number of sixteenths below 10⁸ (every count, and halves and quarters) has at most 12 significant
 * digits and is returned as is: the string round trip cost a 100,000-row import some 10% of its
 * dry run. -0 becomes 0.
 */
export function tidy(n: number): number {
  if (n === 0) return 0;
  if (Number.isInteger(n * 16) && Math.abs(n) < 1e8) return n;
  return Number(n.toPrecision(12));
}

/** Convert `value` written with multiplier `scale` (1, 10⁴, 10⁸) into `unit`: 2.04万 in 亩 → 20400. */
export function toUnit(value: number, scale: number, unit: string): number {
  return tidy((value * scale) / unitScale(unit));
}

const CN_DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** Simple Chinese numerals up to 九十九 (一, 两, 十, 十三, 二十, 四十五); null otherwise. */
export function parseChineseNumeral(text: string): number | null {
  const m = /^([一二两三四五六七八九]?)(十?)([一二三四五六七八九]?)$/.exec(text);
  if (!m || text === '') return null;
  const [, tens = '', ten = '', ones = ''] = m;
  if (!ten) return tens && !ones ? (CN_DIGITS[tens] ?? null) : null;
  return (tens ? (CN_DIGITS[tens] ?? 0) : 1) * 10 + (ones ? (CN_DIGITS[ones] ?? 0) : 0);
}

/**
 * Every number a phrase states, converted into `unit`: "粮食播种面积达到2.04万亩" in 亩 → [20400];
 * "发放第二批2000万元" in 万元 → [2, 2000]; "年内分两批" → [2]; "10%—20%" → [10, 20].
 */
export function numbersInPhrase(phrase: string, unit: string): number[] {
  const text = normalizeDigits(phrase);
  const out: number[] = [];
  const pattern = /(\d[\d,]*(?:\.\d+)?)([万亿]?)|([零〇一二两三四五六七八九十]+)([万亿]?)/g;
  for (const m of text.matchAll(pattern)) {
    if (m[1] !== undefined) {
      const scale = m[2] ? (MULTIPLIERS[m[2]] ?? 1) : 1;
      out.push(toUnit(Number(m[1].replace(/,/g, '')), scale, unit));
    } else if (m[3] !== undefined) {
      const n = parseChineseNumeral(m[3]);
      // A bare Chinese numeral counts things (两批, 三所); only 两万 / 三亿 are amounts to convert.
      if (n !== null) out.push(m[4] ? toUnit(n, MULTIPLIERS[m[4]] ?? 1, unit) : n);
    }
  }
  return out;
}

/** Units that count whole things (批, 个, 条, 所, 处, 套, 间, 名, 项, 家, 户, 人…): "套（间）" too. */
const COUNT_UNIT = /^(套|间|名|个|项|条|处|批|所|家|户|人|座|栋|宗|场|次|台|辆|张|件|只|门|幢)/;

/** Whether an indicator's unit counts whole things: whole-number axes and planned values. */
export function isCountUnit(unit: string): boolean {
  return COUNT_UNIT.test(unit) && !unit.startsWith('个百分点');
}
