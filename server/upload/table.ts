// Finding the table in a sheet: the header row is the one whose labels we know (title rows,
// notes and merged cells may sit above it, and a header may take two rows), the sheet is the one
// that has such a header, and each row below becomes a raw record for the preview to check.
import type { Period } from '../../shared/period';
import { HEADER_SEARCH_ROWS, MAX_DATA_ROWS } from './limits';
import { fileNotes, refusals } from './messages';
import {
  cellText,
  matchKey,
  normalizeCode,
  readPeriod,
  readValue,
  type Cell,
  type PeriodRead,
  type ValueRead,
} from './normalize';
import { UploadRefusal } from './refusal';
import { describeShape, isMonthLabel, monthColumns, type MonthColumn } from './wide';

export interface Sheet {
  name: string;
  /** Non-empty rows only, with their 1-based row number in the file. */
  rows: { row: number; cells: (Cell | null)[] }[];
  /** More rows than any allowed table has; refused if this sheet is the one read. */
  truncated: boolean;
}

export const FIELDS = ['code', 'name', 'unit', 'convention', 'period', 'previous', 'value', 'note'] as const;
export type Field = (typeof FIELDS)[number];

/** Header labels accepted for each column (compared after matchKey, units in brackets dropped). */
const LABELS: Record<Field, string[]> = {
  code: ['指标代码', '代码', '指标编码', '编码', '指标编号', '编号', 'code', 'indicatorcode', 'id'],
  name: ['指标名称', '指标', '名称', '指标项', '指标内容', 'name', 'indicator', 'indicatorname'],
  unit: ['单位', '计量单位', 'unit'],
  convention: ['报送口径', '口径', '统计口径', 'convention', 'reporting'],
  period: ['报告期', '月份', '报送月份', '统计月份', '期间', '统计期', '时间', '年月', '月', 'period', 'month'],
  previous: ['上月数值', '上月', '上月值', '上期', '上期数值', 'previous', 'lastmonth', 'previousvalue'],
  value: [
    '本月数值',
    '本月',
    '本月值',
    '本期',
    '本期数值',
    '数值',
    '填报数值',
    '完成值',
    '完成数',
    '实际值',
    'value',
    'actual',
  ],
  note: ['备注', '说明', '情况说明', 'note', 'notes', 'remark', 'remarks', 'comment'],
};
const LABEL_FIELD = new Map<string, Field>(
  FIELDS.flatMap((field) => LABELS[field].map((label) => [matchKey(label), field] as const)),
);

/** The field a header label names: "本月数值（亩）" → value, "Value" → value. */
export function labelField(label: string): Field | null {
  // No label is long; a long cell is data (and the bracket regex below is slow on 10 MB of it).
  if (label.length > 100) return null;
  const key = matchKey(label)
    .replace(/\([^)]*\)$|\[[^\]]*\]$/, '')
    .replace(/[:：*]+$/, '');
  return LABEL_FIELD.get(key) ?? null;
}

export interface Header {
  /** Index of the last header row in `sheet.rows`. */
  last: number;
  /** First row number of the header (for the note about two-row headers). */
  row: number;
  twoRows: boolean;
  columns: Partial<Record<Field, { index: number; label: string }>>;
  /** The wide layout (wide.ts): a value column per month. Empty for the long layout. */
  months: MonthColumn[];
}

function assign(labels: (string | null)[]): Header['columns'] {
  const columns: Header['columns'] = {};
  labels.forEach((label, index) => {
    const field = label ? labelField(label) : null;
    if (field && !columns[field]) columns[field] = { index, label: label!.trim() };
  });
  return columns;
}

const usable = (c: Header['columns']) => c.value !== undefined && (c.code !== undefined || c.name !== undefined);

/** The header within the first rows of a sheet, or null. */
export function findHeader(sheet: Sheet): Header | null {
  for (let i = 0; i < sheet.rows.length && sheet.rows[i]!.row <= HEADER_SEARCH_ROWS; i++) {
    const labels = sheet.rows[i]!.cells.map(cellText);
    const columns = assign(labels);
    if (!usable(columns)) continue;
    // A second header row directly below (数值 merged over 上月 | 本月): its labels win.
    const next = sheet.rows[i + 1];
    if (next && next.row === sheet.rows[i]!.row + 1) {
      const sub = next.cells.map(cellText);
      // A code or a number in it makes it a data row, even if another of its cells says 说明.
      const looksLikeData = sub.some((t) => t !== null && (normalizeCode(t) !== null || /^[\d０-９]/.test(t)));
      if (!looksLikeData && sub.some((t) => t !== null && labelField(t) !== null)) {
        const merged = Array.from({ length: Math.max(labels.length, sub.length) }, (_, k) =>
          sub[k] && labelField(sub[k]) ? sub[k] : (labels[k] ?? null),
        );
        const both = assign(merged);
        if (usable(both)) return { last: i + 1, row: sheet.rows[i]!.row, twoRows: true, columns: both, months: [] };
      }
    }
    return { last: i, row: sheet.rows[i]!.row, twoRows: false, columns, months: [] };
  }
  return findWideHeader(sheet);
}

/**
 * A wide header: a row of month columns with a code or name column, in the same row or (merged
 * down, with the year merged across) in the row directly above. Only tried when no long header
 * is found, so a 报告期 column of months never makes a long table wide.
 */
function findWideHeader(sheet: Sheet): Header | null {
  for (let i = 0; i < sheet.rows.length && sheet.rows[i]!.row <= HEADER_SEARCH_ROWS + 1; i++) {
    const { row, cells } = sheet.rows[i]!;
    const labels = cells.map(cellText);
    if (!labels.some(isMonthLabel)) continue;
    const prev = i > 0 ? sheet.rows[i - 1]! : null;
    const above = prev && prev.row === row - 1 ? prev.cells.map(cellText) : null;
    const months = monthColumns(labels, above);
    const isMonth = new Set(months.map((m) => m.index));
    const own = assign(labels.map((l, k) => (isMonth.has(k) ? null : l)));
    let columns = own;
    let twoRows = false;
    if (own.code === undefined && own.name === undefined && above) {
      // The labels above count only over a row that holds nothing but months and labels: a data
      // row with a month in it (a long table's 报告期) under a header is no wide header.
      if (labels.some((l, k) => l !== null && !isMonth.has(k) && labelField(l) === null)) continue;
      columns = assign(above.map((l, k) => (isMonth.has(k) ? null : (labels[k] ?? l))));
      twoRows = true;
    }
    if (columns.code === undefined && columns.name === undefined) continue;
    // Years merged above the months make the header two rows too.
    if (!twoRows && above && months.some((m) => m.label !== labels[m.index])) twoRows = true;
    return { last: i, row: twoRows ? row - 1 : row, twoRows, columns, months };
  }
  return null;
}

/** What a sheet without a header looks like, for the refusal (wide.ts). */
export const shapeOf = (sheet: Sheet) => describeShape(sheet.rows.slice(0, HEADER_SEARCH_ROWS + 2), labelField);

/**
 * The refusal for sheets without a header: what the first sheet that resembles a table looks
 * like and which shapes are accepted, or plainly that no header was found.
 */
export function noTable(sheets: Sheet[]): UploadRefusal {
  for (const sheet of sheets) {
    const shape = shapeOf(sheet);
    if (shape) return new UploadRefusal('other_shape', refusals.otherShape(sheet.name, shape));
  }
  return new UploadRefusal('no_header', refusals.noHeader(sheets.map((s) => s.name).filter((n) => n !== '')));
}

export interface RawRow {
  row: number;
  code: string | null;
  name: string | null;
  /** Shared by the records of a table with the same period text: not to be changed. */
  period: Readonly<PeriodRead>;
  value: ValueRead;
  note: string | null;
  /** The wide layout: the month column the value is from ("10月"); null in the long layout. */
  column: string | null;
}

export interface Table {
  columns: Partial<Record<Field, string>>;
  rows: RawRow[];
  notes: string[];
}

const TOTAL_ROW = /^(合计|总计|小计|累计合计|total|sum)$/i;
/** Distinct texts remembered per column reading (a file of unique names just reads each once). */
const MEMO_SIZE = 10_000;

const cellAt = (cells: (Cell | null)[], column: { index: number } | undefined) =>
  column === undefined ? null : (cells[column.index] ?? null);

/** Rows handed on at a time by a streaming read (each chunk is one message from the worker). */
export const ROW_CHUNK = 2_000;

/**
 * The records below the header, fed one sheet row at a time; blank and total rows are left out
 * and mentioned in the notes. With `emit`, records leave in chunks as they are read instead of
 * being kept.
 */
export class TableReader {
  private readonly kept: RawRow[] = [];
  private pending: RawRow[] = [];
  private readonly blank: number[] = [];
  private readonly totals: number[] = [];
  private count = 0;
  private seen = 0;
  // A big file repeats its names, codes and months on every row; matchKey and the month
  // spellings are NFKC and regular expressions, so each distinct text is read once.
  private readonly totalByText = new Map<string, boolean>();
  private readonly periodByText = new Map<string, Readonly<PeriodRead>>();
  /** The wide layout: each month column's reading, once. */
  private readonly monthPeriods: Readonly<PeriodRead>[];

  constructor(
    private readonly header: Header,
    private readonly report: Period,
    private readonly decimalComma: boolean,
    private readonly emit?: (rows: RawRow[], columns: Table['columns']) => void,
  ) {
    this.monthPeriods = header.months.map((m) => readPeriod({ t: 'text', v: m.label }, report));
  }

  /** The header label of each column read. */
  get columns(): Table['columns'] {
    const columns: Table['columns'] = {};
    for (const field of FIELDS) if (this.header.columns[field]) columns[field] = this.header.columns[field].label;
    return columns;
  }

  /** One non-empty sheet row below the header. */
  add(row: number, cells: (Cell | null)[]): void {
    // As many sheet rows as any allowed table can have, counting blank and total rows.
    if (++this.seen > MAX_DATA_ROWS + HEADER_SEARCH_ROWS + 2)
      throw new UploadRefusal('too_many_rows', refusals.tooManyRows());
    if (this.header.months.length > 0) return this.addWide(row, cells);
    const col = this.header.columns;
    const code = cellText(cellAt(cells, col.code));
    const name = cellText(cellAt(cells, col.name));
    const value = readValue(cellAt(cells, col.value), this.decimalComma);
    const note = cellText(cellAt(cells, col.note));
    const period = this.periodOf(cellAt(cells, col.period));
    if (!code && !name && value.kind === 'blank' && !note) return;
    if ((name && this.isTotal(name)) || (code && this.isTotal(code))) {
      this.totals.push(row);
      return;
    }
    if (value.kind === 'blank') {
      this.blank.push(row);
      return;
    }
    this.keep({ row, code, name, period, value, note, column: null });
  }

  /**
   * A row of the wide layout: a record for each month given. Its 备注 goes with the last month
   * given (the one the row was last brought up to date for).
   */
  private addWide(row: number, cells: (Cell | null)[]): void {
    const col = this.header.columns;
    const code = cellText(cellAt(cells, col.code));
    const name = cellText(cellAt(cells, col.name));
    const note = cellText(cellAt(cells, col.note));
    const given: { value: ValueRead; at: number }[] = [];
    this.header.months.forEach((m, at) => {
      const value = readValue(cells[m.index] ?? null, this.decimalComma);
      if (value.kind !== 'blank') given.push({ value, at });
    });
    if (!code && !name && given.length === 0 && !note) return;
    if ((name && this.isTotal(name)) || (code && this.isTotal(code))) {
      this.totals.push(row);
      return;
    }
    if (given.length === 0) {
      this.blank.push(row);
      return;
    }
    given.forEach(({ value, at }, k) =>
      this.keep({
        row,
        code,
        name,
        period: this.monthPeriods[at]!,
        value,
        note: k === given.length - 1 ? note : null,
        column: this.header.months[at]!.label,
      }),
    );
  }

  private keep(record: RawRow) {
    if (++this.count > MAX_DATA_ROWS) throw new UploadRefusal('too_many_rows', refusals.tooManyRows());
    if (!this.emit) this.kept.push(record);
    else {
      this.pending.push(record);
      if (this.pending.length >= ROW_CHUNK) this.flush();
    }
  }

  private isTotal(text: string): boolean {
    let total = this.totalByText.get(text);
    if (total === undefined) {
      if (this.totalByText.size >= MEMO_SIZE) this.totalByText.clear();
      total = TOTAL_ROW.test(matchKey(text));
      this.totalByText.set(text, total);
    }
    return total;
  }

  private periodOf(cell: Cell | null): Readonly<PeriodRead> {
    if (cell?.t !== 'text') return readPeriod(cell, this.report);
    let read = this.periodByText.get(cell.v);
    if (read === undefined) {
      if (this.periodByText.size >= MEMO_SIZE) this.periodByText.clear();
      read = readPeriod(cell, this.report);
      this.periodByText.set(cell.v, read);
    }
    // Shared, not copied: a chunk of records carries each month's reading once (row-pack.ts) and
    // the main thread holds one object for it instead of one per row. Hence `Readonly` in RawRow.
    return read;
  }

  private flush() {
    if (this.pending.length > 0) this.emit?.(this.pending, this.columns);
    this.pending = [];
  }

  /** The table's columns and notes (and its records, when they were kept). */
  finish(): Table {
    this.flush();
    if (this.count === 0) throw new UploadRefusal('no_data', refusals.noData(this.header.months.length > 0));
    const col = this.header.columns;
    const notes: string[] = [];
    const months = this.header.months;
    if (this.header.twoRows) notes.push(fileNotes.twoRowHeader(this.header.row));
    if (months.length > 0) notes.push(fileNotes.wide(months.map((m) => m.label)));
    else if (!col.period) notes.push(fileNotes.noPeriodColumn(this.report));
    if (!col.note) notes.push(fileNotes.noNoteColumn());
    else if (months.length > 0) notes.push(fileNotes.wideNote());
    if (this.totals.length > 0) notes.push(fileNotes.totalRows(this.totals));
    if (this.blank.length > 0)
      notes.push(months.length > 0 ? fileNotes.wideBlankRows(this.blank) : fileNotes.blankRows(this.blank));
    return { columns: this.columns, rows: this.kept, notes };
  }
}

/** The records below the header of a sheet read whole (CSV). */
export function readRows(sheet: Sheet, header: Header, report: Period, decimalComma: boolean): Table {
  if (sheet.truncated) throw new UploadRefusal('too_many_rows', refusals.tooManyRows());
  const reader = new TableReader(header, report, decimalComma);
  for (const { row, cells } of sheet.rows.slice(header.last + 1)) reader.add(row, cells);
  return reader.finish();
}
