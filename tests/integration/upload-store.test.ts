// A dry run's kept rows (server/upload/store.ts): written a line of 2,000 writes at a time
// (upload_lines) and read back whole, exactly, then dropped at the commit; a dry run kept in the
// earlier one-object format still reads.
import { describe, expect } from 'vitest';
import type { PendingWrite } from '../../server/upload/preview';
import { findUpload, markCommitted, openPreview, recordUpload } from '../../server/upload/store';
import { test } from '../fixtures';

const writes: PendingWrite[] = Array.from({ length: 4_321 }, (_, i) => ({
  rowNumber: i + 2,
  indicatorId: 1 + (i % 7),
  code: `I-41-${1 + (i % 7)}`,
  series: i % 3 === 0 ? 'a' : 'value',
  period: `2022-${String(1 + (i % 12)).padStart(2, '0')}`,
  // Values JSON must carry exactly: fractions, large and tiny numbers, negative zero's sibling.
  value: i === 0 ? 0.1 + 0.2 : i === 1 ? 1e21 : i === 2 ? 5e-324 : i * 1.5 - 7,
  note: i % 5 === 0 ? `第${i}行\n换行与"引号"` : null,
  expected: i % 4 === 0 ? null : i / 3,
}));

describe('kept dry runs', () => {
  test('thousands of writes come back exactly, in order', async ({ accountsDb: db }) => {
    const user = await db.selectFrom('users').select('id').executeTakeFirstOrThrow();
    const preview = await recordUpload(db, {
      planId: 'changping-2022',
      userId: user.id,
      period: '2022-10',
      fileName: 'big.csv',
      fileSize: 1,
      sha256: 'x',
      parsed: { columns: { code: '指标代码', value: '本月数值' }, notes: [], fileKind: 'csv', sheet: null, rows: [] },
      rows: [],
      unlisted: writes.length,
      errorKinds: [],
      errorLines: [],
      summary: {
        rows: writes.length,
        new: writes.length,
        changed: 0,
        unchanged: 0,
        errors: 0,
        warnings: 0,
        needsReason: 0,
        clearsDemo: false,
        canCommit: true,
      },
      writes,
      now: new Date(),
    });
    const stored = (await findUpload(db, preview.uploadId))!.stored!;
    expect(stored.preview).toEqual(preview);
    expect(await stored.writes()).toEqual(writes);
    // A commit reads them a line at a time.
    expect(stored.count).toBe(writes.length);
    const sizes: number[] = [];
    for await (const line of stored.lines()) sizes.push(line.length);
    expect(sizes).toEqual([2_000, 2_000, 321]);
    // Kept a line per 2,000 writes beside the upload's record, and dropped once committed.
    const lines = () =>
      db.selectFrom('uploadLines').select('line').where('uploadId', '=', preview.uploadId).orderBy('line').execute();
    expect((await lines()).map((l) => l.line)).toEqual([0, 1, 2]);
    expect(await openPreview(db, preview.uploadId, user.id)).toEqual({ ...preview, committedAt: null, expired: false });
    expect(await markCommitted(db, preview.uploadId, { at: new Date(), reason: null, written: 0 })).toBe(true);
    expect(await lines()).toEqual([]);
    expect((await findUpload(db, preview.uploadId))!.stored).toBeNull();
  });

  test('a dry run kept as one JSON object (before lines) reads the same', async ({ accountsDb: db }) => {
    const user = await db.selectFrom('users').select('id').executeTakeFirstOrThrow();
    const preview = await recordUpload(db, {
      planId: 'changping-2022',
      userId: user.id,
      period: '2022-10',
      fileName: 'old.csv',
      fileSize: 1,
      sha256: 'x',
      parsed: { columns: {}, notes: [], fileKind: 'csv', sheet: null, rows: [] },
      rows: [],
      unlisted: 0,
      errorKinds: [],
      errorLines: [],
      summary: {
        rows: 3,
        new: 3,
        changed: 0,
        unchanged: 0,
        errors: 0,
        warnings: 0,
        needsReason: 0,
        clearsDemo: false,
        canCommit: true,
      },
      writes: writes.slice(0, 3),
      now: new Date(),
    });
    // The format that landed before upload_lines (the interim ones never left this branch).
    for (const format of [{ writes: writes.slice(0, 3) }]) {
      await db
        .updateTable('uploads')
        .set({ preview: JSON.stringify({ preview, ...format }) })
        .where('id', '=', preview.uploadId)
        .execute();
      const stored = (await findUpload(db, preview.uploadId))!.stored!;
      expect(stored.preview).toEqual(preview);
      expect(await stored.writes()).toEqual(writes.slice(0, 3));
    }
  });
});
