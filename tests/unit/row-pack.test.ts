// Records packed by column in the parse worker and rebuilt on the main thread (row-pack.ts) must
// come back exactly as they left, through the same v8 serialisation the worker's messages use.
import fc from 'fast-check';
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import type { PeriodRead, ValueRead } from '../../server/upload/normalize';
import { packRows, unpackRows, type PackedRows } from '../../server/upload/row-pack';
import type { RawRow } from '../../server/upload/table';

const acrossThreads = (rows: RawRow[]) => unpackRows(deserialize(serialize(packRows(rows))) as PackedRows);

const october: PeriodRead = { kind: 'ok', period: '2022-10', text: '2022年10月' };
const number = (value: number, text: string, more: Partial<Extract<ValueRead, { kind: 'number' }>> = {}) =>
  ({ kind: 'number', value, text, percent: false, multiplier: null, suffix: null, ...more }) as const;

describe('packRows / unpackRows', () => {
  it('keeps every field and every kind of reading, nulls included', () => {
    const rows: RawRow[] = [
      {
        row: 2,
        code: 'I-41-2',
        name: '供应产业用地',
        period: october,
        value: number(2300, '2,300'),
        note: '含补录',
        column: null,
      },
      {
        row: 3,
        code: null,
        name: '新增保障性租赁住房',
        period: { kind: 'bad', text: '十月' },
        value: number(1.5, '1.5万', { multiplier: '万', suffix: '套' }),
        note: null,
        column: '10月',
      },
      {
        row: 4,
        code: 'I-57-1',
        name: null,
        period: october,
        value: number(2.1, '2.1%', { percent: true }),
        note: null,
        column: null,
      },
      {
        row: 5,
        code: 'x',
        name: 'y',
        period: { kind: 'blank' },
        value: number(3e8, '3亿', { multiplier: '亿' }),
        note: '',
        column: '2022年10月',
      },
      {
        row: 6,
        code: 'I-1-1',
        name: null,
        period: october,
        value: { kind: 'not_number', text: '暂无' },
        note: null,
        column: null,
      },
      {
        row: 7,
        code: 'I-1-1',
        name: null,
        period: october,
        value: { kind: 'formula', formula: 'A1+B1' },
        note: null,
        column: null,
      },
      {
        row: 8,
        code: 'I-1-1',
        name: null,
        period: october,
        value: { kind: 'error', error: '#DIV/0!' },
        note: null,
        column: null,
      },
      { row: 9, code: 'I-1-1', name: null, period: october, value: { kind: 'bool' }, note: null, column: null },
      { row: 10, code: 'I-1-1', name: null, period: october, value: number(-0, '-0'), note: null, column: null },
    ];
    const back = acrossThreads(rows);
    expect(back).toEqual(rows);
    expect(Object.is(back[8]!.value.kind === 'number' && back[8]!.value.value, -0)).toBe(true);
  });

  it('keeps one month reading per distinct reading, shared by its rows', () => {
    const rows: RawRow[] = [2, 3, 4].map((row) => ({
      row,
      code: 'I-41-2',
      name: null,
      period: october,
      value: number(row, String(row)),
      note: null,
      column: null,
    }));
    const packed = packRows(rows);
    expect(packed.periods).toHaveLength(1);
    expect(packed.strings).toEqual(['I-41-2', '2', '3', '4']);
    const back = acrossThreads(rows);
    expect(back[0]!.period).toBe(back[2]!.period);
    expect(back[0]!.period).toEqual(october);
  });

  it('an empty chunk stays empty', () => {
    expect(acrossThreads([])).toEqual([]);
  });

  it('round-trips any records (property)', () => {
    const text = fc.option(fc.string({ maxLength: 12 }), { nil: null });
    const period: fc.Arbitrary<PeriodRead> = fc.oneof(
      fc.constant({ kind: 'blank' as const }),
      fc.record({ kind: fc.constant('ok' as const), period: fc.constantFrom('2022-01', '2022-12'), text: fc.string() }),
      fc.record({ kind: fc.constantFrom('bad' as const, 'ambiguous' as const), text: fc.string() }),
    );
    const value: fc.Arbitrary<ValueRead> = fc.oneof(
      fc.record({
        kind: fc.constant('number' as const),
        value: fc.double({ noNaN: true }),
        text: fc.string(),
        percent: fc.boolean(),
        multiplier: fc.constantFrom('万' as const, '亿' as const, null),
        suffix: text,
      }),
      fc.record({
        kind: fc.constantFrom('not_number' as const, 'too_big' as const, 'date' as const),
        text: fc.string(),
      }),
      fc.record({ kind: fc.constant('formula' as const), formula: fc.string() }),
    );
    const row = fc.record({ row: fc.nat(), code: text, name: text, period, value, note: text, column: text });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), (rows) => {
        expect(acrossThreads(rows)).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });
});
