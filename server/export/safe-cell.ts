// The one rule against formula injection in every spreadsheet we write (催报 notices, report
// templates, chart data, data exports): text a spreadsheet would read as a formula gets a leading
// apostrophe. Numbers pass through untouched, so a real −3.2 stays a number, not text.

const FORMULA_START = /^[=+\-@\t\r]/;

/** Text starting with = + - @, tab or CR is stored with a leading apostrophe; anything else as is. */
export function safeCell(value: string): string;
export function safeCell<T extends number | null>(value: T): T;
export function safeCell(value: string | number | null): string | number | null;
export function safeCell(value: string | number | null): string | number | null {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * Undo safeCell on text read back from a file we wrote (a template's 备注, re-uploaded): one
 * leading apostrophe before = + - @, tab or CR goes, so the note round-trips unchanged.
 */
export function unsafeCell(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}
