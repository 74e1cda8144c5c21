// Records cross from the parse worker to the main thread packed by column: row numbers and number
// values in typed arrays, texts once each in a string table with an index per row, the month
// readings once each. V8's structured clone of 2,000 record objects writes every property name and
// string again per row (~160 bytes a record) and rebuilds each object property by property, which
// for a 100,000-row file cost more on the main thread than checking the rows; typed arrays and one
// array of distinct strings are copied as blocks, and the main thread rebuilds the records with
// plain object literals. Readings other than a number (blank never arrives; errors, texts, dates,
// formulas are rare) travel as they are.
import type { PeriodRead, ValueRead } from './normalize';
import type { RawRow } from './table';

export interface PackedRows {
  row: Float64Array;
  /** Distinct texts; the index columns below hold position + 1, 0 for null. */
  strings: string[];
  code: Uint32Array;
  name: Uint32Array;
  note: Uint32Array;
  /** The wide layout's month column of each record (RawRow.column). */
  column: Uint32Array;
  /** Distinct month readings (each shared by its rows, as in the worker) and each row's index. */
  periods: Readonly<PeriodRead>[];
  period: Uint32Array;
  /** A number reading: its value, text, suffix and flags (1 percent, 2 万, 4 亿). */
  number: Float64Array;
  numberText: Uint32Array;
  suffix: Uint32Array;
  flags: Uint8Array;
  /** Any other reading, at its row's position (null where the reading is a number). */
  other: (ValueRead | null)[];
}

const PERCENT = 1;
const WAN = 2;
const YI = 4;

export function packRows(rows: readonly RawRow[]): PackedRows {
  const n = rows.length;
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const text = (s: string | null) => {
    if (s === null) return 0;
    let i = stringIndex.get(s);
    if (i === undefined) {
      i = strings.push(s);
      stringIndex.set(s, i);
    }
    return i;
  };
  const periods: Readonly<PeriodRead>[] = [];
  const periodIndex = new Map<Readonly<PeriodRead>, number>();
  const packed: PackedRows = {
    row: new Float64Array(n),
    strings,
    code: new Uint32Array(n),
    name: new Uint32Array(n),
    note: new Uint32Array(n),
    column: new Uint32Array(n),
    periods,
    period: new Uint32Array(n),
    number: new Float64Array(n),
    numberText: new Uint32Array(n),
    suffix: new Uint32Array(n),
    flags: new Uint8Array(n),
    other: new Array<ValueRead | null>(n).fill(null),
  };
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    packed.row[i] = r.row;
    packed.code[i] = text(r.code);
    packed.name[i] = text(r.name);
    packed.note[i] = text(r.note);
    packed.column[i] = text(r.column);
    let p = periodIndex.get(r.period);
    if (p === undefined) {
      p = periods.push(r.period) - 1;
      periodIndex.set(r.period, p);
    }
    packed.period[i] = p;
    const v = r.value;
    if (v.kind === 'number') {
      packed.number[i] = v.value;
      packed.numberText[i] = text(v.text);
      packed.suffix[i] = text(v.suffix);
      packed.flags[i] = (v.percent ? PERCENT : 0) | (v.multiplier === '万' ? WAN : v.multiplier === '亿' ? YI : 0);
    } else packed.other[i] = v;
  }
  return packed;
}

export function unpackRows(p: PackedRows): RawRow[] {
  const n = p.row.length;
  const { strings } = p;
  const text = (i: number) => (i === 0 ? null : strings[i - 1]!);
  const out = new Array<RawRow>(n);
  for (let i = 0; i < n; i++) {
    const flags = p.flags[i]!;
    out[i] = {
      row: p.row[i]!,
      code: text(p.code[i]!),
      name: text(p.name[i]!),
      period: p.periods[p.period[i]!]!,
      value: p.other[i] ?? {
        kind: 'number',
        value: p.number[i]!,
        text: strings[p.numberText[i]! - 1]!,
        percent: (flags & PERCENT) !== 0,
        multiplier: flags & WAN ? '万' : flags & YI ? '亿' : null,
        suffix: text(p.suffix[i]!),
      },
      note: text(p.note[i]!),
      column: text(p.column[i]!),
    };
  }
  return out;
}
