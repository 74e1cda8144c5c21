// One upload committed twice at once (a double click, a retry while the first is still saving):
// one commit writes, the other gets the "已提交过" conflict, never a 500.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { uploadsDir } from '../fixtures/uploads/make';
import { count } from '../fixtures';
import { test, type Outputs } from './upload-helpers';

describe('committing one upload twice at once', { timeout: 30_000 }, () => {
  test('one commit writes; the other is told it was already committed', async ({ server }) => {
    const cookie = await server.login('stat-finance');
    const preview = await server.upload(cookie, readFileSync(path.join(uploadsDir, 'messy.xlsx')), '10月报表.xlsx');
    expect(preview.status).toBe(200);
    const commit = () =>
      server.trpc<Outputs['upload']['commit']>(cookie, 'upload.commit', { uploadId: preview.body.uploadId }, true);
    const answers = await Promise.all([commit(), commit(), commit()]);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 409, 409]);
    for (const refused of answers.filter((a) => a.status === 409))
      expect(refused.error.message).toMatch(/已于 .+提交过/);
    expect(answers.find((a) => a.status === 200)?.data).toMatchObject({ inserted: 6 });
    expect(await count(server.db, 'actuals')).toBe(6);
  });
});
