// A file that is all errors (issue 17, item 6): the dry run lists the first errors of each kind and
// counts the rest, keeps no writes (it can never be committed), and the full list comes as a file
// built when asked for. One user checks one file at a time.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect } from 'vitest';
import { ERRORS_LISTED_PER_KIND } from '../../server/upload/preview';
import { TEMPLATE_HEADER } from '../../server/upload/template';
import { test } from './upload-helpers';

const DUPLICATES = 2_000;
const UNKNOWN = 300;
const NOT_NUMBERS = 5;

/** The same indicator and month again and again, unknown codes, then values that are not numbers. */
function errorFile(duplicates = DUPLICATES) {
  const lines = [TEMPLATE_HEADER.join(',')];
  for (let i = 0; i < duplicates; i++) lines.push(`I-41-2,,,,2022-10,,${i},`);
  for (let i = 0; i < UNKNOWN; i++) lines.push(`X-99-${i},,,,2022-10,,1,`);
  for (let i = 0; i < NOT_NUMBERS; i++) lines.push(`I-41-3,,,,2022-10,,abc,`);
  return Buffer.from(lines.join('\n'), 'utf8');
}

describe('an upload full of errors', () => {
  test('lists the first errors of each kind, counts the rest and keeps no writes', async ({ server }) => {
    const cookie = await server.login('admin');
    const { status, body } = await server.upload(cookie, errorFile(), '全是错误.csv');
    expect(status).toBe(200);
    expect(body.summary).toMatchObject({ errors: DUPLICATES + UNKNOWN + NOT_NUMBERS, canCommit: false });
    expect(body.errorKinds).toEqual([
      { label: '重复的行', rows: DUPLICATES, listed: ERRORS_LISTED_PER_KIND },
      { label: '“指标代码”列', rows: UNKNOWN, listed: ERRORS_LISTED_PER_KIND },
      { label: '“本月数值”列', rows: NOT_NUMBERS, listed: NOT_NUMBERS },
    ]);
    expect(body.rows).toHaveLength(2 * ERRORS_LISTED_PER_KIND + NOT_NUMBERS);
    expect(body.unlistedRows).toBe(0);
    // Nothing kept that a commit would need: it can never be committed.
    const kept = await server.db.selectFrom('uploadLines').select('uploadId').execute();
    expect(kept).toEqual([]);
    const commit = await server.trpc(cookie, 'upload.commit', { uploadId: body.uploadId }, true);
    expect(commit.status).toBe(400);
  });

  test('the full error list downloads as .csv and .xlsx, for its uploader only', async ({ server }) => {
    const cookie = await server.login('admin');
    const { body } = await server.upload(cookie, errorFile(), '全是错误.csv');
    const total = DUPLICATES + UNKNOWN + NOT_NUMBERS;

    const csvRes = await fetch(`${server.base}/api/uploads/${body.uploadId}/errors.csv`, { headers: { cookie } });
    expect(csvRes.status).toBe(200);
    expect(csvRes.headers.get('content-disposition')).toContain(encodeURIComponent('全是错误-错误清单.csv'));
    const csv: string[][] = parse(Buffer.from(await csvRes.arrayBuffer()).toString('utf8'), { bom: true });
    expect(csv[0]).toEqual(['行号', '问题类别', '指标代码', '月份', '问题说明']);
    expect(csv).toHaveLength(total + 1);
    expect(csv[1]!.slice(0, 4)).toEqual(['2', '重复的行', 'I-41-2', '2022-10']);
    expect(csv.at(-1)!.slice(0, 3)).toEqual([String(total + 1), '“本月数值”列', 'I-41-3']);
    expect(csv.at(-1)![4]).toContain('不是数字');

    const xlsxRes = await fetch(`${server.base}/api/uploads/${body.uploadId}/errors.xlsx`, { headers: { cookie } });
    expect(xlsxRes.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsxRes.arrayBuffer());
    expect(book.worksheets[0]!.rowCount).toBe(total + 1);

    const other = await server.login('stat-finance');
    const refused = await fetch(`${server.base}/api/uploads/${body.uploadId}/errors.csv`, {
      headers: { cookie: other },
    });
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/错误清单/);
  });

  test('a second file from the same user is refused while the first is being checked', async ({ server }) => {
    const cookie = await server.login('admin');
    const big = errorFile(30_000);
    const [a, b] = await Promise.all([server.upload(cookie, big, 'a.csv'), server.upload(cookie, big, 'b.csv')]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 429]);
    const refused = a.status === 429 ? a : b;
    expect(refused.body.error.code).toBe('checking');
    expect(refused.body.error.message).toMatch(/还在检查中/);
    // Another user is not held up, and the same user may upload again once the first is done.
    expect((await server.upload(await server.login('stat-finance'), errorFile(10), 'c.csv')).status).toBe(200);
    expect((await server.upload(cookie, errorFile(10), 'd.csv')).status).toBe(200);
  });
});
