// One raw row read against the plan: which indicator (by code or exact name) and series, whether
// the uploader reports it, which month, and what the value means in the indicator's unit. Every
// problem names its row and column and says what to do.
import { unsafeCell } from '../export/safe-cell';
import { isPercentagePoints } from '../../shared/format';
import type { Period } from '../../shared/period';
import type { IndicatorDef } from '../../shared/plan-schema';
import { MULTIPLIERS, tidy, toUnit, unitScale } from '../../shared/quantity';
import { seriesName, seriesUnit } from '../../shared/reporting';
import type { SeriesKey } from '../../shared/status';
import { MAX_NOTE_CHARS } from './limits';
import { at, cellMessages as m, warningMessages } from './messages';
import { matchKey, normalizeCode, type ValueRead } from './normalize';
import type { Field, RawRow } from './table';

export interface Problem {
  column: string;
  message: string;
  /** Set where the column alone does not say what went wrong (a repeated row): see errorKind. */
  kind?: 'duplicate';
}

export interface PlanIndicator {
  id: number;
  def: IndicatorDef;
  /** The unit that reports it (lead unit of its measure). */
  unit: { id: number; name: string } | undefined;
}

/** How to find an indicator from what a row says. */
export class IndicatorLookup {
  private readonly byCode = new Map<string, PlanIndicator>();
  private readonly byName = new Map<string, { ind: PlanIndicator; series: SeriesKey | null }[]>();

  constructor(indicators: PlanIndicator[]) {
    const add = (name: string, ind: PlanIndicator, series: SeriesKey | null) => {
      const key = matchKey(name);
      const list = this.byName.get(key) ?? [];
      if (!list.some((e) => e.ind === ind && e.series === series)) list.push({ ind, series });
      this.byName.set(key, list);
    };
    for (const ind of indicators) {
      this.byCode.set(ind.def.code, ind);
      if (ind.def.kind !== 'spread') add(ind.def.name, ind, 'value');
      else
        for (const series of ['a', 'b'] as const) {
          const sname = seriesName(ind.def, series, 'zh')!;
          add(templateName(ind.def, series), ind, series);
          add(`${ind.def.name}-${sname}`, ind, series);
          add(sname, ind, series);
          add(ind.def.name, ind, null);
        }
    }
  }

  code(code: string) {
    return this.byCode.get(code);
  }

  /** What each name the file wrote meant: a file repeats a name on every one of its months. */
  private readonly named = new Map<string, { ind: PlanIndicator; series: SeriesKey | null } | undefined>();

  /** The one indicator (and series) an exact name means; undefined when none or ambiguous. */
  name(name: string) {
    if (this.named.has(name)) return this.named.get(name);
    const found = this.byName.get(matchKey(name));
    const meant = found?.length === 1 ? found[0] : undefined;
    this.named.set(name, meant);
    return meant;
  }
}

/** The name a template writes for a row: a spread's series in brackets. */
export function templateName(def: IndicatorDef, series: SeriesKey): string {
  const sname = seriesName(def, series, 'zh');
  return sname ? `${def.name}（${sname}）` : def.name;
}

/** The code a template writes for a row: a spread's series as a suffix (I-09-1a). */
export const templateCode = (def: IndicatorDef, series: SeriesKey) =>
  series === 'value' ? def.code : `${def.code}${series}`;

export interface Interpreted {
  /**
   * The row number in the file, and what its code and name cells said (shown for a row whose
   * indicator was not found). Not the record itself: a dry run keeps every row until its end,
   * and the record with its value reading was two more objects per row. All fields are in the
   * object literal from the start (one added later gives each of 100,000 rows a second,
   * out-of-object property store).
   */
  rowNumber: number;
  /** The wide layout's month column the value is from (RawRow.column); null in the long layout. */
  column: string | null;
  codeText: string | null;
  nameText: string | null;
  ind: PlanIndicator | null;
  series: SeriesKey | null;
  period: Period | null;
  value: number | null;
  note: string | null;
  /** NO_PROBLEMS until the first is added (withProblem): most rows of a big file have none. */
  problems: readonly Problem[];
  warnings: readonly Problem[];
}

/** Shared and frozen: 100,000 rows need not carry 200,000 empty arrays. */
export const NO_PROBLEMS: readonly Problem[] = Object.freeze([]);

/** `list` with `p` added: the shared empty list is never written to, a list of one's own is. */
export function withProblem(list: readonly Problem[], p: Problem): readonly Problem[] {
  if (list === NO_PROBLEMS) return [p];
  (list as Problem[]).push(p);
  return list;
}

export interface Scope {
  /** null: any unit (admin). */
  unitIds: Set<number> | null;
  unitNames: string[];
}

// Module functions rather than closures inside interpretRow: those were two closures and their
// context for every row of a 100,000-row file.
const label = (columns: Partial<Record<Field, string>>, field: Field, fallback: string) => columns[field] ?? fallback;

function problem(out: Interpreted, column: string, message: string) {
  out.problems = withProblem(out.problems, { column, message: at(out.rowNumber, column) + message });
}

export function interpretRow(
  raw: RawRow,
  columns: Partial<Record<Field, string>>,
  lookup: IndicatorLookup,
  scope: Scope,
  report: Period,
): Interpreted {
  const out: Interpreted = {
    rowNumber: raw.row,
    column: raw.column,
    codeText: raw.code,
    nameText: raw.name,
    ind: null,
    series: null,
    period: null,
    value: null,
    note: null,
    problems: NO_PROBLEMS,
    warnings: NO_PROBLEMS,
  };
  const codeColumn = label(columns, 'code', '指标代码');
  const nameColumn = label(columns, 'name', '指标名称');
  // In the wide layout the month and the value are both the month column's.
  const periodColumn = raw.column ?? label(columns, 'period', '报告期');

  // Which indicator: a code-like code first, else the exact name (the 编号 column may hold 1, 2, 3).
  const code = raw.code ? normalizeCode(raw.code) : null;
  const byName = raw.name ? lookup.name(raw.name) : undefined;
  if (code) {
    const last = code.charAt(code.length - 1);
    const suffix = last === 'A' || last === 'B' ? last : undefined;
    const ind = lookup.code(suffix ? code.slice(0, -1) : code);
    if (!ind) problem(out, codeColumn, m.unknownCode(raw.code!));
    else if (suffix && ind.def.kind !== 'spread') problem(out, codeColumn, m.noSeries(ind.def.code));
    else {
      out.ind = ind;
      out.series = suffix ? (suffix === 'A' ? 'a' : 'b') : ind.def.kind === 'spread' ? null : 'value';
      if (byName && (byName.ind !== ind || (byName.series !== null && out.series && byName.series !== out.series)))
        problem(
          out,
          nameColumn,
          m.codeNameMismatch(
            raw.name!,
            templateCode(ind.def, out.series ?? 'value'),
            templateName(ind.def, out.series ?? 'value'),
          ),
        );
      if (out.series === null && byName?.ind === ind) out.series = byName.series;
    }
  } else if (raw.name) {
    if (!byName) problem(out, nameColumn, m.unknownName(raw.name));
    else {
      out.ind = byName.ind;
      out.series = byName.series;
    }
  } else if (raw.code) problem(out, codeColumn, m.unknownCode(raw.code));
  else out.problems = withProblem(out.problems, { column: '', message: at(raw.row) + m.noIndicator() });

  const ind = out.ind;
  if (ind && ind.def.kind === 'spread' && out.series === null) {
    const d = ind.def;
    problem(out, codeColumn, m.seriesRequired(d.code, d.seriesA.name, d.seriesB.name));
  }
  if (ind && scope.unitIds && !(ind.unit && scope.unitIds.has(ind.unit.id)))
    problem(
      out,
      raw.code ? codeColumn : nameColumn,
      m.outOfScope(ind.def.code, ind.def.name, ind.unit?.name ?? '其他单位', scope.unitNames),
    );

  // Which month.
  const p = raw.period;
  if (p.kind === 'blank') out.period = report;
  else if (p.kind === 'ok') out.period = p.period;
  else problem(out, periodColumn, p.kind === 'ambiguous' ? m.ambiguousPeriod(p.text) : m.badPeriod(p.text));
  if (out.period && out.period > report) problem(out, periodColumn, m.periodAfterReport(out.period, report));
  else if (ind && out.period && (out.period < ind.def.periodStart || out.period > ind.def.periodEnd))
    problem(out, periodColumn, m.periodOutsideIndicator(out.period, ind.def.periodStart, ind.def.periodEnd));

  // What the value means.
  const unit = ind ? seriesUnit(ind.def, out.series ?? 'value', 'zh') : null;
  const read = valueIn(raw.value, unit);
  const valueColumn = raw.column ?? label(columns, 'value', '本月数值');
  if ('problem' in read) problem(out, valueColumn, read.problem);
  else {
    out.value = read.value;
    if (read.warning)
      out.warnings = withProblem(out.warnings, {
        column: valueColumn,
        message: at(raw.row, valueColumn) + read.warning,
      });
  }

  if (raw.note && raw.note.length > MAX_NOTE_CHARS) problem(out, label(columns, 'note', '备注'), m.noteTooLong());
  // Notes of our own templates come back with safeCell's apostrophe; it is not part of the note.
  out.note = raw.note === null ? null : unsafeCell(raw.note);
  return out;
}

const isPercentUnit = (unit: string) => unit === '%' || isPercentagePoints(unit);
/**
 * A read value in the indicator's unit. A "%" is fine for a rate; 万/亿 are converted for a unit
 * that is itself 万-based (万元) and otherwise refused with both readings — a guess here would be
 * a silent 10,000-fold error. Without an indicator (unknown code) only the number is checked.
 */
export function valueIn(
  read: ValueRead,
  unit: string | null,
): { value: number; warning?: string } | { problem: string } {
  switch (read.kind) {
    case 'blank':
      return { problem: m.notNumber('') };
    case 'not_number':
      return { problem: m.notNumber(read.text) };
    case 'too_big':
      return { problem: m.tooBig(read.text) };
    case 'scientific':
      return { problem: m.scientific(read.text) };
    case 'too_precise':
      return { problem: m.tooPrecise(read.text) };
    case 'date':
      return { problem: m.dateNotNumber(read.text) };
    case 'bool':
      return { problem: m.boolNotNumber() };
    case 'formula':
      return { problem: m.formulaNoValue(read.formula) };
    case 'error':
      return { problem: m.errorCell(read.error) };
    case 'number':
      break;
  }
  if (unit === null) return { value: read.value };
  if (read.percent && !isPercentUnit(unit)) return { problem: m.percentWrongUnit(read.text, unit) };
  let value = read.value;
  let warning: string | undefined;
  if (read.multiplier) {
    const scale = MULTIPLIERS[read.multiplier]!;
    if (unitScale(unit) === 1)
      return {
        problem: m.multiplierWrongUnit(
          read.text,
          read.multiplier,
          unit,
          toUnit(value, scale, unit),
          // Quoted as written ("1.356万" → 1.356), not rounded for display.
          read.text.slice(0, read.text.indexOf(read.multiplier)).trim(),
        ),
      };
    value = toUnit(value, scale, unit);
    if (read.multiplier !== unit.charAt(0)) warning = warningMessages.converted(read.text, value, unit);
  }
  if (read.suffix) {
    const s = matchKey(read.suffix);
    const fits =
      s === matchKey(unit) ||
      matchKey(`${read.multiplier ?? ''}${read.suffix}`) === matchKey(unit) ||
      (read.multiplier !== null && s === matchKey(unit.slice(1))) ||
      (isPercentUnit(unit) && (s === '%' || s === matchKey('个百分点')));
    if (!fits) return { problem: m.suffixWrongUnit(read.text, read.suffix, unit) };
  }
  return warning ? { value: tidy(value), warning } : { value: tidy(value) };
}
