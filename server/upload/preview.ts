// The dry run: a parsed file checked against the plan and the figures already stored, row by row
// — new, changed (old → new), unchanged or error — with what the commit would write.
import { checkFigure } from '../../shared/checks';
import { formatNumber, formatPeriod } from '../../shared/format';
import type { Period } from '../../shared/period';
import { checkMessage, seriesName, seriesUnit } from '../../shared/reporting';
import type { Observation, SeriesKey } from '../../shared/status';
import type { Db } from '../db/connect';
import type { UploadFileKind } from '../db/schema';
import { listIndicatorDefs } from '../queries/indicators';
import { changeNeedsReason } from '../queries/actuals';
import { reportingUnits } from '../queries/reporting-units';
import type { SessionUser } from '../queries/users';
import { IndicatorLookup, interpretRow, templateCode, templateName, type Interpreted, type Problem } from './interpret';
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
  problems: Problem[];
  warnings: Problem[];
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
  value: number;
  note: string | null;
  reviewState: string;
}

const key = (id: number, series: string, period: string) => `${id}|${series}|${period}`;

/**
 * Give the event loop a turn every few thousand rows: checking a 100,000-row file takes seconds,
 * and the server answers everyone else meanwhile.
 */
async function breathe(i: number, onTurn?: () => void) {
  if (i > 0 && i % 2_000 === 0) {
    onTurn?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

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
  summary: PreviewSummary;
  writes: PendingWrite[];
}

/** A parsed file checked whole (tests, and any caller holding all the records). */
export async function buildPreview(db: Db, input: PreviewInput & { parsed: ParsedFile }): Promise<PreviewResult> {
  const preview = await startPreview(db, input);
  preview.add(input.parsed.rows, input.parsed.columns);
  return preview.finish(input.parsed);
}

/**
 * A dry run fed as the file is read: what the checks need from the store is read first; each
 * chunk of records is interpreted on arrival (while the worker reads the next); `finish` runs the
 * checks that need the whole file (duplicates, each series' months in order) and counts.
 */
export async function startPreview(db: Db, input: PreviewInput) {
  const { planId, period: report, user } = input;
  const units = await reportingUnits(db, planId);
  const indicators = (await listIndicatorDefs(db, planId)).map(({ id, def }) => ({
    id,
    def,
    unit: units.indicators.get(id),
  }));
  const lookup = new IndicatorLookup(indicators);
  const scope =
    user.role === 'admin'
      ? { unitIds: null, unitNames: [] }
      : { unitIds: new Set(user.units.map((u) => u.id)), unitNames: user.units.map((u) => u.name) };

  // Demo figures are not real reports: the first commit clears them, so they are not "old" values.
  const actuals = await db
    .selectFrom('actuals')
    .innerJoin('indicators', 'indicators.id', 'actuals.indicatorId')
    .select([
      'actuals.indicatorId',
      'actuals.series',
      'actuals.period',
      'actuals.value',
      'actuals.note',
      'actuals.reviewState',
      'actuals.source',
    ])
    .where('indicators.planId', '=', planId)
    .execute();
  const stored = new Map<string, Stored>();
  for (const a of actuals)
    if (a.source !== 'demo') stored.set(key(a.indicatorId, a.series, a.period), a satisfies Stored);
  const clearsDemo = actuals.some((a) => a.source === 'demo');

  const rows: (Interpreted & { raw: RawRow })[] = [];
  return {
    add(records: RawRow[], columns: ParsedHead['columns']) {
      for (const raw of records) {
        // The interpretation itself gets the record (a spread into a new object per row, at
        // 100,000 rows, was garbage the event loop paid for).
        const r = interpretRow(raw, columns, lookup, scope, report) as Interpreted & { raw: RawRow };
        r.raw = raw;
        rows.push(r);
      }
    },
    finish: (parsed: ParsedHead) => checkWhole(input, { parsed, rows, actuals, stored, clearsDemo }),
  };
}

async function checkWhole(
  input: PreviewInput,
  {
    parsed,
    rows,
    actuals,
    stored,
    clearsDemo,
  }: {
    parsed: ParsedHead;
    rows: (Interpreted & { raw: RawRow })[];
    actuals: { indicatorId: number; series: string; period: string; value: number; source: string }[];
    stored: Map<string, Stored>;
    clearsDemo: boolean;
  },
): Promise<PreviewResult> {
  const report = input.period;
  // Two passes over the rows (check, compare): progress counts both.
  const n = rows.length;
  const passed = (pass: number, i: number) => () => input.onProgress?.(pass * n + i, 2 * n);
  const valueColumn = parsed.columns.value ?? '本月数值';
  const fail = (r: (typeof rows)[number], message: string) =>
    r.problems.push({ column: valueColumn, message: at(r.raw.row, valueColumn) + message });

  // The same indicator, series and month twice: every copy is an error. (Each loop over all the
  // rows gives the event loop a turn every few thousand: a 100,000-row file is checked in steps.)
  const first = new Map<string, (typeof rows)[number]>();
  const repeated = new Map<string, (typeof rows)[number][]>();
  for (let i = 0; i < rows.length; i++) {
    await breathe(i);
    const r = rows[i]!;
    if (!r.ind || !r.series || !r.period) continue;
    const k = key(r.ind.id, r.series, r.period);
    const seen = first.get(k);
    if (!seen) first.set(k, r);
    else repeated.set(k, [...(repeated.get(k) ?? [seen]), r]);
  }
  for (const copies of repeated.values())
    for (const r of copies)
      r.problems.push({
        column: '',
        message:
          at(r.raw.row) +
          cellMessages.duplicate(
            templateCode(r.ind!.def, r.series!),
            r.period!,
            copies
              .slice(0, 6)
              .filter((c) => c !== r)
              .slice(0, 5)
              .map((c) => c.raw.row),
          ),
      });
  first.clear();

  // Each series' months as they would stand after the commit: stored values, then the file's.
  type Months = Map<Period, { value: number; row: number | null }>;
  const merged = new Map<string, Months>();
  const seriesKey = (id: number, series: string) => `${id}|${series}`;
  const monthsOf = (k: string) => {
    let m = merged.get(k);
    if (!m) merged.set(k, (m = new Map() as Months));
    return m;
  };
  for (let i = 0; i < actuals.length; i++) {
    await breathe(i);
    const a = actuals[i]!;
    if (a.source !== 'demo') monthsOf(seriesKey(a.indicatorId, a.series)).set(a.period, { value: a.value, row: null });
  }
  const valid = rows.filter((r) => r.problems.length === 0 && r.ind && r.series && r.period && r.value !== null);
  for (let i = 0; i < valid.length; i++) {
    await breathe(i);
    const r = valid[i]!;
    monthsOf(seriesKey(r.ind!.id, r.series!)).set(r.period!, { value: r.value!, row: r.raw.row });
  }
  // Each series' months in order, built once: a 100,000-row file has ~60 rows per series, and
  // rebuilding the history for every row made the dry run quadratic in practice.
  const ordered = new Map<string, { period: Period; value: number; row: number | null }[]>();
  let series = 0;
  for (const [k, months] of merged) {
    await breathe(series++ * 50); // a turn every 40 series (some 2,400 months)
    ordered.set(
      k,
      Array.from(months, ([period, o]) => ({ period, value: o.value, row: o.row })).sort((a, b) =>
        a.period < b.period ? -1 : 1,
      ),
    );
  }
  for (let i = 0; i < valid.length; i++) {
    await breathe(i, passed(0, Math.round((i / valid.length) * n)));
    const r = valid[i]!;
    const { def } = r.ind!;
    const k = seriesKey(r.ind!.id, r.series!);
    const months = merged.get(k)!;
    const history: Observation[] = ordered.get(k)!;
    for (const check of checkFigure(def, r.value!, r.period!, history)) {
      const message = checkMessage(def, r.series!, r.value!, check, 'zh');
      const source = check.comparedPeriod ? months.get(check.comparedPeriod)?.row : null;
      if (check.kind === 'unusual_jump')
        r.warnings.push({ column: valueColumn, message: at(r.raw.row, valueColumn) + message });
      else fail(r, source ? `${message}（见第${source}行）` : message);
    }
    // A cumulative figure may not exceed a later month already stored (that would make it fall).
    if (def.reporting === 'cumulative') {
      const later = ordered.get(k)!.find((o) => o.period > r.period! && o.period <= def.periodEnd);
      if (later && later.row === null && later.value < r.value!) {
        const unit = seriesUnit(def, r.series!, 'zh');
        fail(
          r,
          cellMessages.laterCumulativeLower(
            `${formatNumber(r.value!)}${unit}`,
            later.period,
            `${formatNumber(later.value)}${unit}`,
            '已报送',
          ),
        );
      }
    }
  }

  // One code string per indicator and series, not one per row.
  const codes = new Map<string, string>();
  const codeOf = (ind: NonNullable<Interpreted['ind']>, series: SeriesKey) => {
    const k = `${ind.id}|${series}`;
    let code = codes.get(k);
    if (code === undefined) codes.set(k, (code = templateCode(ind.def, series)));
    return code;
  };
  // Every row is counted; a row object for the page is built only for the rows it lists.
  const listed: PreviewRow[] = [];
  const counts: Record<RowStatus, number> = { new: 0, changed: 0, unchanged: 0, error: 0 };
  let warned = 0;
  let needingReason = 0;
  let quiet = 0;
  const writes: PendingWrite[] = [];
  for (let i = 0; i < rows.length; i++) {
    await breathe(i, passed(1, i));
    const r = rows[i]!;
    const ind = r.ind;
    const series = r.series;
    const old = ind && series && r.period ? stored.get(key(ind.id, series, r.period)) : undefined;
    // Without a 备注 column the stored note stays as it is.
    const note = parsed.columns.note ? r.note : (old?.note ?? null);
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
          r.warnings.push({
            column: valueColumn,
            message: at(r.raw.row, valueColumn) + warningMessages.needsReason(`${formatNumber(old.value)}${unit}`),
          });
        else if (old.value === r.value)
          r.warnings.push({
            column: parsed.columns.note ?? '备注',
            message: at(r.raw.row, parsed.columns.note ?? '备注') + warningMessages.noteChanged(),
          });
      }
      writes.push({
        rowNumber: r.raw.row,
        indicatorId: ind!.id,
        code: codeOf(ind!, series!),
        series: series!,
        period: r.period!,
        value: r.value!,
        note,
        expected: old?.value ?? null,
      });
    }
    counts[status]++;
    if (r.warnings.length > 0) warned++;
    if (needsReason) needingReason++;
    if (!isListed(status, r.warnings.length > 0, quiet)) continue;
    if (isQuiet(status, r.warnings.length > 0)) quiet++;
    listed.push({
      rowNumber: r.raw.row,
      code: ind ? templateCode(ind.def, series ?? 'value') : r.raw.code,
      name: ind ? templateName(ind.def, series ?? 'value') : r.raw.name,
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
  return { rows: listed, unlisted: rows.length - listed.length, summary, writes };
}

/** Quiet rows (new or unchanged, nothing to say) listed before the rest are only counted. */
export const QUIET_ROWS_LISTED = 500;

const isQuiet = (status: RowStatus, warned: boolean) => (status === 'new' || status === 'unchanged') && !warned;

/** Whether a row is listed, given how many quiet rows already are. */
const isListed = (status: RowStatus, warned: boolean, quietListed: number) =>
  !isQuiet(status, warned) || quietListed < QUIET_ROWS_LISTED;

/**
 * The rows a preview lists: every row with an error, a warning or a change, and the first
 * QUIET_ROWS_LISTED of the others. A 100,000-row file of new figures previews as its first rows and
 * a count, not as 100,000 table rows in the browser; nothing that needs reading is left out.
 * (buildPreview applies the same rule as it goes, without building the rows it leaves out.)
 */
export function listedRows(rows: PreviewRow[]): { rows: PreviewRow[]; unlisted: number } {
  let quiet = 0;
  const listed = rows.filter((r) => {
    const warned = r.warnings.length > 0;
    if (!isListed(r.status, warned, quiet)) return false;
    if (isQuiet(r.status, warned)) quiet++;
    return true;
  });
  return { rows: listed, unlisted: rows.length - listed.length };
}

/** "第5行（I-41-2，2022年10月）" for commit messages. */
export const describeWrite = (w: Pick<PendingWrite, 'rowNumber' | 'code' | 'period'>) =>
  `第${w.rowNumber}行（${w.code}，${formatPeriod(w.period, 'zh')}）`;
