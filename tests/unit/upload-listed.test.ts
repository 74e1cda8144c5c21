// Which rows a dry run lists: all that need reading, and only the first few hundred quiet ones.
import { describe, expect, it } from 'vitest';
import { ERRORS_LISTED_PER_KIND, listedRows, QUIET_ROWS_LISTED, type PreviewRow } from '../../server/upload/preview';

function row(rowNumber: number, status: PreviewRow['status'], warned = false): PreviewRow {
  return {
    rowNumber,
    code: 'I-41-2',
    name: null,
    series: 'value',
    seriesName: null,
    unit: null,
    period: '2022-10',
    status,
    old: null,
    oldNote: null,
    value: 1,
    note: null,
    needsReason: false,
    problems: status === 'error' ? [{ column: '本月数值', message: '错误' }] : [],
    warnings: warned ? [{ column: '本月数值', message: '提示' }] : [],
  };
}

describe('listedRows', () => {
  it('lists a small file whole', () => {
    const rows = [row(2, 'new'), row(3, 'unchanged'), row(4, 'error')];
    expect(listedRows(rows)).toMatchObject({ rows, unlisted: 0 });
  });

  it('keeps every error, change and warning of a large file, in file order, and counts the quiet rest', () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => {
      const n = i + 2;
      if (n % 10_000 === 0) return row(n, 'error');
      if (n % 9_999 === 0) return row(n, 'changed');
      if (n % 7_777 === 0) return row(n, 'new', true);
      return row(n, i % 2 ? 'new' : 'unchanged');
    });
    const { rows: listed, unlisted } = listedRows(rows);
    const loud = rows.filter((r) => r.status === 'error' || r.status === 'changed' || r.warnings.length > 0);
    expect(loud.length).toBeGreaterThan(20);
    for (const r of loud) expect(listed).toContain(r);
    expect(listed.length).toBe(loud.length + QUIET_ROWS_LISTED);
    expect(unlisted).toBe(rows.length - listed.length);
    expect(listed.map((r) => r.rowNumber)).toEqual([...listed.map((r) => r.rowNumber)].sort((a, b) => a - b));
  });

  it('lists the first errors of each kind and counts the rest by kind', () => {
    const rows = Array.from({ length: 1_000 }, (_, i) => row(i + 2, 'error'));
    const other = { ...row(2_000, 'error'), problems: [{ column: '', kind: 'duplicate' as const, message: '重复' }] };
    const { rows: listed, unlisted, errorKinds } = listedRows([...rows, other, row(2_001, 'new')]);
    expect(listed).toEqual([
      ...rows.slice(0, ERRORS_LISTED_PER_KIND),
      other,
      expect.objectContaining({ rowNumber: 2_001 }),
    ]);
    expect(unlisted).toBe(0);
    expect(errorKinds).toEqual([
      { label: '“本月数值”列', rows: 1_000, listed: ERRORS_LISTED_PER_KIND },
      { label: '重复的行', rows: 1, listed: 1 },
    ]);
  });
});
