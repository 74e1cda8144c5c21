// The one rule against formula injection in every spreadsheet we write (催报 notices, report
// templates, chart data, data exports): text a spreadsheet would read as a formula gets a leading
// apostrophe. Numbers pass through untouched, so a real −3.2 stays a number, not text.
// CSV needs more: a program that splits on another separator (LibreOffice with `;` or tab, a
// script splitting on newlines) starts a new cell after it, so `a;=1+1` would evaluate there.
// csvLine therefore quotes every field holding a separator and also puts the apostrophe after
// each separator that is followed by a formula character.

const FORMULA_START = /^[=+\-@\t\r]/;
const SEPARATED_FORMULA = /([,;\t\r\n])([=+\-@])/g;
const NEUTRALISED_FORMULA = /([,;\t\r\n])'([=+\-@])/g;

/** Text starting with = + - @, tab or CR is stored with a leading apostrophe; anything else as is. */
export function safeCell(value: string): string;
export function safeCell<T extends number | null>(value: T): T;
export function safeCell(value: string | number | null): string | number | null;
export function safeCell(value: string | number | null): string | number | null {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * Undo safeCell (and csvLine's apostrophes after separators) on text read back from a file we
 * wrote (a template's 备注, re-uploaded), so the note round-trips unchanged.
 */
export function unsafeCell(value: string): string {
  const inner = value.replace(NEUTRALISED_FORMULA, '$1$2');
  return inner.startsWith("'") && FORMULA_START.test(inner.slice(1)) ? inner.slice(1) : inner;
}

/** One CSV field: safeCell, an apostrophe after any separator + formula character, then quoted if it holds a separator or quote. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const s = safeCell(value).replace(SEPARATED_FORMULA, "$1'$2");
  return /[",;\t\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** UTF-8 with a BOM, so Excel opens it with the right encoding; CRLF as Excel writes. */
export function csvFile(rows: readonly (readonly (string | number | null)[])[]): Buffer {
  const lines = rows.map((fields) => fields.map(csvField).join(','));
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}
