// Excel's cell conventions, read once: column letters (A1 references) and day numbers (dates).

/**
 * The 1-based column of the letters at the start of `s` (from `from` to `to`): A → 1, AA → 27,
 * either case; 0 when there are none. -1 when an XML entity (`&`) stands among the letters: decode
 * the text first.
 */
export function columnNumber(s: string, from = 0, to = s.length): number {
  let col = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + c - 64;
    else if (c >= 97 && c <= 122) col = col * 26 + c - 96;
    else if (c === 38) return -1;
    else break;
  }
  return col;
}

/**
 * Excel's day number → YYYY-MM-DD, as Excel (and exceljs' excelToDate) reads it: day 25569 is
 * 1970-01-01, a fraction is the time of day, and the 1904 date system (a workbook setting) counts
 * 1462 days later. null when it is no date.
 */
export function excelSerialDate(serial: number, date1904 = false): string | null {
  const date = new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
  return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10);
}
