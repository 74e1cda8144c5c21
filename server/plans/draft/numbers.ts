// Reading numbers as plans write them: Arabic (full-width too), Chinese numerals (两, 十二, 一百二十),
// and 万/亿 multipliers. Pure functions; the unit tests cover each form.

const DIGITS: Record<string, number> = {
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
const SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const BIG_UNITS: Record<string, number> = { 万: 1e4, 亿: 1e8 };

export const CHINESE_NUMERAL = '[零〇一二两三四五六七八九十百千]';

/** Full-width digits, percent, dot and dashes to their ASCII forms, keeping the string's length. */
export function halfWidth(text: string): string {
  return text
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/％/g, '%')
    .replace(/．/g, '.');
}

/** 十二 → 12, 两 → 2, 一百零五 → 105, 三万 → 30000; null when it is not a numeral. */
export function parseChineseNumeral(text: string): number | null {
  if (!text || !/^[零〇一二两三四五六七八九十百千万亿]+$/.test(text)) return null;
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const c of text) {
    if (c in DIGITS) {
      digit = DIGITS[c] ?? 0;
    } else if (c in SMALL_UNITS) {
      section += (digit ?? 1) * (SMALL_UNITS[c] ?? 1);
      digit = null;
    } else {
      total = (total + section + (digit ?? 0)) * (BIG_UNITS[c] ?? 1);
      section = 0;
      digit = null;
    }
  }
  return total + section + (digit ?? 0);
}

/**
 * One number as written: `1.5万` → 15000, `2.04万` → 20400, `两` → 2, `3` → 3.
 * The multiplier (万/亿) is part of the number only when given here; 万元/亿元 stay units.
 */
export function parseNumber(digits: string, multiplier = ''): number | null {
  const text = halfWidth(digits);
  const base = /^\d+(\.\d+)?$/.test(text) ? Number(text) : parseChineseNumeral(text);
  if (base === null) return null;
  const factor = multiplier === '万' ? 1e4 : multiplier === '亿' ? 1e8 : 1;
  // Round away binary noise (2.04 × 10000 = 20400.000000000004).
  return Math.round(base * factor * 1e6) / 1e6;
}
