// The dry run: a parsed file checked against the plan and the figures already stored, row by row
// — new, changed (old → new), unchanged or error — with what the commit would write.
import { CHECK_RULES, SeriesHistory } from '../../shared/checks';
import { formatNumber, formatPeriod } from '../../shared/format';
import type { Period } from '../../shared/period';
import { checkMessage, seriesName, seriesUnit } from '../../shared/reporting';
import type { SeriesKey } from '../../shared/status';
import type { Db } from '../db/connect';
import type { UploadFileKind } from '../db/schema';
import { listIndicatorDefs } from '../queries/indicators';
import { changeNeedsReason } from '../queries/actuals';
import { reportingUnits } from '../queries/reporting-units';
import { nextTurn } from '../next-turn';
import type { SessionUser } from '../queries/users';
import {
  IndicatorLookup,
  interpretRow,
  templateCode,
  templateName,
  withProblem,
  type Interpreted,
  type PlanIndicator,
  type Problem,
} from './interpret';
import { at, cellMessages, warningMessages } from './messages';
import type { ParsedFile, ParsedHead } from './parse';
import type { RawRow } from './table';

export type RowStatus = 'new' | 'changed' | 'unchanged' | 'error';

export interface PreviewRow {
  /** The row number in the file, as Excel shows it. */
  rowNumber: number;
  /** The indicator's code (a spread's series as I-09-1a) when found, else what the row says. */
  code: string | null;
  name: string | null;
  series: SeriesKey | null;
  seriesName: string | null;
  unit: string | null;
  period: Period | null;
  status: RowStatus;
  /** The value stored now (null: none yet). */
  old: number | null;
  oldNote: string | null;
  /** The value the file gives, in the indicator's unit (null when unreadable). */
  value: number | null;
  note: string | null;
  /** Committing this row changes an already reported value that needs a reason. */
  needsReason: boolean;
  problems: readonly Problem[];
  warnings: readonly Problem[];
}

export interface PreviewSummary {
  rows: number;
  new: number;
  changed: number;
  unchanged: number;
  errors: number;
  warnings: number;
  needsReason: number;
  /** The plan still shows demo figures, which the first real commit removes. */
  clearsDemo: boolean;
  canCommit: boolean;
}

export interface Preview {
  uploadId: string;
  planId: string;
  period: Period;
  fileName: string;
  fileKind: UploadFileKind;
  sheet: string | null;
  /** The header label found for each column the importer reads. */
  columns: ParsedFile['columns'];
  /** What the importer noticed about the file as a whole (encoding, skipped rows …). */
  notes: string[];
  /** The rows worth reading (see listedRows); `summary` counts all of them. */
  rows: PreviewRow[];
  /** Rows of the file not listed: new or unchanged rows without any remark, beyond the first few hundred. */
  unlistedRows: number;
  /** Error rows by kind, and how many of each are listed (the rest are in the error file). */
  errorKinds: ErrorKind[];
  summary: PreviewSummary;
  expiresAt: string;
}

/** What a commit writes for one row: the value, and the old value it expects to find. */
export interface PendingWrite {
  rowNumber: number;
  indicatorId: number;
  code: string;
  series: SeriesKey;
  period: Period;
  value: number;
  note: string | null;
  expected: number | null;
}

interface Stored {
  period: Period;
  value: number;
  note: string | null;
  reviewState: string;
}

/** A row of the file as read against the plan (interpretRow) and then checked here. */
type Row = Interpreted;

/** One series of the file: its rows by month (the first copy; later ones are errors). */
interface FileSeries {
  ind: PlanIndicator;
  series: SeriesKey;
  /** The template's code for the series (I-09-1a), once per series rather than per write. */
  code: string;
  months: Map<Period, Row>;
  /** The series' stored figures by month (none: undefined). */
  stored: Map<Period, Stored> | undefined;
}

/**
 * By indicator and series: nested maps, not one map keyed by `${id}|${series}|${period}`, which
 * built a string for every stored figure and again for every row, twice.
 */
class BySeries<T> {
  private readonly byId = new Map<number, Map<string, T>>();

  get(id: number, series: string): T | undefined {
    return this.byId.get(id)?.get(series);
  }

  set(id: number, series: string, value: T) {
    let bySeries = this.byId.get(id);
    if (!bySeries) this.byId.set(id, (bySeries = new Map<string, T>()));
    bySeries.set(series, value);
  }

  *values() {
    for (const bySeries of this.byId.values()) yield* bySeries.values();
  }
}

/**
 * Give the event loop a turn every few thousand rows: a 100,000-row file is checked in steps,
 * and the server answers everyone else meanwhile. (Tested inline, `if (turnDue(i)) await nextTurn()`:
 * an async helper awaited on every row cost a promise and a microtask per row.)
 */
const turnDue = (i: number) => i > 0 && i % 2_000 === 0;
/** Stored figures read at a time when a dry run starts. */
const STORED_PAGE = 5_000;

/** One kind of error (a column's, or repeated rows): how many rows have it first, how many are listed. */
export interface ErrorKind {
  label: string;
  rows: number;
  listed: number;
}

/** An error row as the downloadable error file lists it: row number, kind, code, month, messages. */
export type ErrorLine = [number, string, string | null, string | null, string];

export interface PreviewInput {
  planId: string;
  period: Period;
  approvalRequired: boolean;
  user: SessionUser;
  /** Rows checked so far, of how many (called every few thousand rows). */
  onProgress?: (done: number, total: number) => void;
}

export interface PreviewResult {
  /** The rows the preview lists (listedRows' rule), and how many it leaves out. */
  rows: PreviewRow[];
  unlisted: number;
  errorKinds: ErrorKind[];
  /** Every error row, listed or not, for the error file. */
  errorLines: ErrorLine[];
  summary: PreviewSummary;
  /**
   * What the commit would write, one per row without an error, in file order: built as they are
   * read (the kept lines are written from them), not held as 100,000 objects beside the rows.
   */
  writes: Iterable<PendingWrite>;
}

/** A parsed file checked whole (tests, and any caller holding all the records). */
export async function buildPreview(db: Db, input: PreviewInput & { parsed: ParsedFile }): Promise<PreviewResult> {
  const preview = await startPreview(db, input);
  preview.add(input.parsed.rows, input.parsed.columns);
  return preview.finish(input.parsed);
}

/**
 * A dry run fed as the file is read: what the checks need from the store is read first; each
 * chunk of records is interpreted on arrival (while the worker reads the next) and filed under its
 * series and month; `finish` runs the checks that need the whole file (duplicates, each series'
 * months in order) and counts.
 */
export async function startPreview(db: Db, input: PreviewInput) {
  const { planId, period: report, user } = input;
  // A turn after each of the plan's definition reads: each resolves in a microtask, so on a plan
  // of 1,700 indicators the three held the loop ~100 ms at a stretch (measured with
  // PM_BENCH_STALLS), and the board's requests queued behind them.
  const units = await reportingUnits(db, planId);
  await nextTurn();
  const defs = await listIndicatorDefs(db, planId);
  await nextTurn();
  const lookup = new IndicatorLookup(defs.map(({ id, def }) => ({ id, def, unit: units.indicators.get(id) })));
  await nextTurn();
  const scope =
    user.role === 'admin'
      ? { unitIds: null, unitNames: [] }
      : { unitIds: new Set(user.units.map((u) => u.id)), unitNames: user.units.map((u) => u.name) };

  // The plan's stored figures, a page at a time in id order with a turn between pages: a plan
  // with 100,000 of them read at once held the event loop for half a second. Demo figures are not
  // real reports: the first commit clears them, so they are not "old" values.
  const stored = new BySeries<Map<Period, Stored>>();
  let clearsDemo = false;
  for (let after = 0; ;) {
    const page = await db
      .selectFrom('actuals')
      .innerJoin('indicators', 'indicators.id', 'actuals.indicatorId')
      .select([
        'actuals.id',
        'actuals.indicatorId',
        'actuals.series',
        'actuals.period',
        'actuals.value',
        'actuals.note',
        'actuals.reviewState',
        'actuals.source',
      ])
      .where('indicators.planId', '=', planId)
      .where('actuals.id', '>', after)
      .orderBy('actuals.id')
      .limit(STORED_PAGE)
      .execute();
    for (const a of page) {
      if (a.source === 'demo') {
        clearsDemo = true;
        continue;
      }
      let months = stored.get(a.indicatorId, a.series);
      if (!months) stored.set(a.indicatorId, a.series, (months = new Map<Period, Stored>()));
      months.set(a.period, a satisfies Stored);
    }
    await nextTurn();
    if (page.length < STORED_PAGE) break;
    after = page[page.length - 1]!.id;
  }

  const rows: Row[] = [];
  const inFile = new BySeries<FileSeries>();
  /** A month given more than once: all its rows in file order, under the first. */
  const repeated = new Map<Row, Row[]>();
  return {
    add(records: RawRow[], columns: ParsedHead['columns']) {
      for (const raw of records) {
        const r = interpretRow(raw, columns, lookup, scope, report);
        rows.push(r);
        const { ind, series, period } = r;
        if (!ind || !series || !period) continue;
        let s = inFile.get(ind.id, series);
        if (!s) {
          const code = templateCode(ind.def, series);
          s = { ind, series, code, months: new Map(), stored: stored.get(ind.id, series) };
          inFile.set(ind.id, series, s);
        }
        const seen = s.months.get(period);
        if (!seen) s.months.set(period, r);
        else {
          const copies = repeated.get(seen);
          if (copies) copies.push(r);
          else repeated.set(seen, [seen, r]);
        }
      }
    },
    finish: (parsed: ParsedHead) => checkWhole(input, { parsed, rows, inFile, repeated, clearsDemo }),
  };
}

async function checkWhole(
  input: PreviewInput,
  {
    parsed,
    rows,
    inFile,
    repeated,
    clearsDemo,
  }: {
    parsed: ParsedHead;
    rows: Row[];
    inFile: BySeries<FileSeries>;
    repeated: Map<Row, Row[]>;
    clearsDemo: boolean;
  },
): Promise<PreviewResult> {
  const report = input.period;
  // Two passes over the rows (check, compare): progress counts both.
  const n = rows.length;
  const valueColumn = parsed.columns.value ?? '本月数值';
  // A wide file's value is in its month column (r.column).
  const fail = (r: Row, message: string) => {
    const column = r.column ?? valueColumn;
    r.problems = withProblem(r.problems, { column, message: at(r.rowNumber, column) + message });
  };
  const warn = (r: Row, column: string, message: string) => {
    r.warnings = withProblem(r.warnings, { column, message: at(r.rowNumber, column) + message });
  };

  // The same indicator, series and month twice: every copy is an error. (A file of one row
  // repeated 100,000 times is one entry here: the turns count rows, not entries.)
  let marked = 0;
  for (const copies of repeated.values())
    for (const r of copies) {
      if (turnDue(++marked)) await nextTurn();
      r.problems = withProblem(r.problems, {
        column: '',
        kind: 'duplicate',
        message:
          at(r.rowNumber) +
          cellMessages.duplicate(
            templateCode(r.ind!.def, r.series!),
            r.period!,
            copies
              .slice(0, 6)
              .filter((c) => c !== r)
              .slice(0, 5)
              .map((c) => c.rowNumber),
          ),
      });
    }

  // Each series' months as they would stand after the commit (the stored figures, with the file's
  // rows that passed so far in their place), walked once in month order: each row is checked
  // against the months before it (SeriesHistory: checkFigure's rules) and a cumulative one against
  // the month after it. A series' checks only ever mark rows of that series.
  let done = 0;
  let sinceTurn = 0;
  /** Rows whose checks need a reason (shared/checks.ts): the row's 备注 or the upload's 修改原因. */
  const askReason = new Set<Row>();
  const warnValue = (r: Row, message: string, needsReason: boolean) => {
    warn(r, r.column ?? valueColumn, message);
    if (needsReason) askReason.add(r);
  };
  for (const s of inFile.values()) {
    if (sinceTurn >= 2_000) {
      sinceTurn = 0;
      input.onProgress?.(done, 2 * n);
      await nextTurn();
    }
    done += s.months.size;
    sinceTurn += s.months.size;
    checkSeries(s, fail, warnValue);
  }

  // Every row is counted; a row object for the page is built only for the rows it lists.
  const listed: PreviewRow[] = [];
  const counts: Record<RowStatus, number> = { new: 0, changed: 0, unchanged: 0, error: 0 };
  let warned = 0;
  let needingReason = 0;
  const lister = new Lister();
  const errorLines: ErrorLine[] = [];
  /** A row against the file's series and the store: what committing it would find and write. */
  const planned = (r: Row) => {
    const inSeries = r.ind && r.series && r.period ? inFile.get(r.ind.id, r.series) : undefined;
    const old = inSeries?.stored?.get(r.period!);
    // Without a 备注 column the stored note stays as it is; so it does for a wide row's months
    // other than the one its 备注 goes with (table.ts).
    const keepNote = !parsed.columns.note || (r.column !== null && r.note === null);
    return { inSeries, old, note: keepNote ? (old?.note ?? null) : r.note };
  };
  for (let i = 0; i < rows.length; i++) {
    if (turnDue(i)) {
      input.onProgress?.(n + i, 2 * n);
      await nextTurn();
    }
    const r = rows[i]!;
    const ind = r.ind;
    const series = r.series;
    const { old, note } = planned(r);
    let status: RowStatus = 'error';
    let needsReason = false;
    if (r.problems.length === 0) {
      if (!old) status = 'new';
      else if (old.value === r.value && old.note === note) status = 'unchanged';
      else {
        status = 'changed';
        needsReason =
          old.value !== r.value && changeNeedsReason(r.period!, report, old.reviewState, input.approvalRequired);
        const unit = seriesUnit(ind!.def, series!, 'zh');
        if (needsReason)
          warn(r, r.column ?? valueColumn, warningMessages.needsReason(`${formatNumber(old.value)}${unit}`));
        else if (old.value === r.value) warn(r, parsed.columns.note ?? '备注', warningMessages.noteChanged());
      }
    }
    if (status !== 'error' && askReason.has(r) && !r.note) needsReason = true;
    counts[status]++;
    if (r.warnings.length > 0) warned++;
    if (needsReason) needingReason++;
    const code = ind ? templateCode(ind.def, series ?? 'value') : r.codeText;
    if (status === 'error')
      errorLines.push([
        r.rowNumber,
        errorKind(r.problems),
        code,
        r.period,
        r.problems.map((p) => p.message).join('\n'),
      ]);
    if (!lister.take(status, r.warnings.length > 0, r.problems)) continue;
    listed.push({
      rowNumber: r.rowNumber,
      code,
      name: ind ? templateName(ind.def, series ?? 'value') : r.nameText,
      series,
      seriesName: ind && series ? seriesName(ind.def, series, 'zh') : null,
      unit: ind ? seriesUnit(ind.def, series ?? 'value', 'zh') : null,
      period: r.period,
      status,
      old: old?.value ?? null,
      oldNote: old?.note ?? null,
      value: r.value,
      note,
      needsReason,
      problems: r.problems,
      warnings: r.warnings,
    });
  }
  const summary: PreviewSummary = {
    rows: rows.length,
    new: counts.new,
    changed: counts.changed,
    unchanged: counts.unchanged,
    errors: counts.error,
    warnings: warned,
    needsReason: needingReason,
    clearsDemo,
    canCommit: counts.error === 0,
  };
  function* writes(): Generator<PendingWrite> {
    for (const r of rows) {
      if (r.problems.length > 0) continue;
      const { inSeries, old, note } = planned(r);
      yield {
        rowNumber: r.rowNumber,
        indicatorId: r.ind!.id,
        code: inSeries!.code,
        series: r.series!,
        period: r.period!,
        value: r.value!,
        note,
        expected: old?.value ?? null,
      };
    }
  }
  return {
    rows: listed,
    unlisted: rows.length - listed.length - (counts.error - lister.errorsListed()),
    errorKinds: lister.errorKinds(),
    errorLines,
    summary,
    writes: { [Symbol.iterator]: writes },
  };
}

/** The checks on one series of the file, in one pass over its months in order (see checkWhole). */
function checkSeries(
  s: FileSeries,
  fail: (r: Row, message: string) => void,
  warn: (r: Row, message: string, needsReason: boolean) => void,
) {
  const def = s.ind.def;
  const periods = Array.from(s.months.keys());
  if (s.stored) for (const period of s.stored.keys()) if (!s.months.has(period)) periods.push(period);
  // String order is month order for YYYY-MM; each month is here once.
  periods.sort();
  const history = new SeriesHistory<Row | null>(def);
  /** A cumulative row of the file, waiting for the month after it. */
  let pending: Row | null = null;
  for (const period of periods) {
    const r = s.months.get(period);
    // A row with a problem (duplicates included) does not replace the stored figure.
    const fromFile = r !== undefined && r.problems.length === 0 && r.value !== null;
    let value: number;
    if (fromFile) value = r.value!;
    else {
      const o = s.stored?.get(period);
      if (!o) continue;
      value = o.value;
    }
    // A cumulative figure above a later month already stored makes that month fall: the same
    // warning as a fall (cumulative_decrease), seen from the earlier month.
    if (pending) {
      if (!fromFile && period <= def.periodEnd && value < pending.value!) {
        const unit = seriesUnit(def, s.series, 'zh');
        const rule = CHECK_RULES.cumulative_decrease;
        const message = cellMessages.laterCumulativeLower(
          `${formatNumber(pending.value!)}${unit}`,
          period,
          `${formatNumber(value)}${unit}`,
          '已报送',
        );
        if (rule.severity === 'error') fail(pending, message);
        else warn(pending, message, rule.needs === 'reason');
      }
      pending = null;
    }
    if (fromFile) {
      for (const check of history.check(value)) {
        // A check against an earlier month names its row when that month comes from the file.
        const source = check.comparedPeriod ? history.previousTag?.rowNumber : null;
        const message = checkMessage(def, s.series, value, check, 'zh') + (source ? `（见第${source}行）` : '');
        const rule = CHECK_RULES[check.kind];
        if (rule.severity === 'error') fail(r, message);
        else warn(r, message, rule.needs === 'reason');
      }
      if (def.reporting === 'cumulative') pending = r;
    }
    history.add(period, value, fromFile ? r : null);
  }
}

/** Quiet rows (new or unchanged, nothing to say) listed before the rest are only counted. */
export const QUIET_ROWS_LISTED = 500;
/**
 * Error rows listed per kind; the rest are counted by kind and are in the error file. A file of
 * 99,990 repeated rows previewed as all of them: a 53 MB answer and 636 MB of server memory.
 */
export const ERRORS_LISTED_PER_KIND = 100;

/** What went wrong first in a row: repeated rows, or the column of its first problem. */
export function errorKind(problems: readonly Problem[]): string {
  const first = problems[0];
  if (!first) return '';
  if (first.kind === 'duplicate') return '重复的行';
  return first.column ? `“${first.column}”列` : '未填写指标';
}

const isQuiet = (status: RowStatus, warned: boolean) => (status === 'new' || status === 'unchanged') && !warned;

/** The listing rule, row by row in file order (see listedRows). */
class Lister {
  private quiet = 0;
  private readonly kinds = new Map<string, ErrorKind>();

  take(status: RowStatus, warned: boolean, problems: readonly Problem[]): boolean {
    if (status === 'error') {
      const label = errorKind(problems);
      let kind = this.kinds.get(label);
      if (!kind) this.kinds.set(label, (kind = { label, rows: 0, listed: 0 }));
      kind.rows++;
      if (kind.listed >= ERRORS_LISTED_PER_KIND) return false;
      kind.listed++;
      return true;
    }
    if (!isQuiet(status, warned)) return true;
    if (this.quiet >= QUIET_ROWS_LISTED) return false;
    this.quiet++;
    return true;
  }

  errorKinds = () => [...this.kinds.values()];
  errorsListed = () => this.errorKinds().reduce((n, k) => n + k.listed, 0);
}

/**
 * The rows a preview lists: every row with a warning or a change, the first
 * ERRORS_LISTED_PER_KIND error rows of each kind, and the first QUIET_ROWS_LISTED of the others. A
 * 100,000-row file of new figures previews as its first rows and a count, not as 100,000 table
 * rows in the browser; errors beyond the first of their kind are counted and downloadable.
 * (buildPreview applies the same rule as it goes, without building the rows it leaves out.)
 */
export function listedRows(rows: PreviewRow[]): { rows: PreviewRow[]; unlisted: number; errorKinds: ErrorKind[] } {
  const lister = new Lister();
  const listed = rows.filter((r) => lister.take(r.status, r.warnings.length > 0, r.problems));
  const errors = rows.filter((r) => r.status === 'error').length;
  return {
    rows: listed,
    unlisted: rows.length - listed.length - (errors - lister.errorsListed()),
    errorKinds: lister.errorKinds(),
  };
}

/** "第5行（I-41-2，2022年10月）" for commit messages. */
export const describeWrite = (w: Pick<PendingWrite, 'rowNumber' | 'code' | 'period'>) =>
  `第${w.rowNumber}行（${w.code}，${formatPeriod(w.period, 'zh')}）`;
