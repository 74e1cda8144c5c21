// The workbook zip check (server/upload/zip-guard.ts, yauzl underneath) on hand-built zips: every
// part, not only worksheets, is held to its declared size; stored parts read; what cannot be a
// workbook's zip is refused with its own code. Whole files through the upload: bad-inputs and
// upload-files tests.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readXlsx } from '../../server/upload/read-xlsx';
import { UploadRefusal } from '../../server/upload/refusal';
import { checkWorkbookZip } from '../../server/upload/zip-guard';
import { unzip, uploadsDir, zip, type ZipPart } from '../fixtures/uploads/make';

const parts = unzip(readFileSync(path.join(uploadsDir, 'several-sheets.xlsx')));
const withPart = (name: string, change: (part: ZipPart) => ZipPart) =>
  zip(parts.map((p) => (p.name === name ? change(p) : p)));

async function refusal(bytes: Buffer): Promise<string> {
  try {
    await checkWorkbookZip(bytes);
  } catch (err) {
    if (err instanceof UploadRefusal) return `${err.code}: ${err.message}`;
    throw err;
  }
  return 'accepted';
}

async function rowCount(bytes: Buffer): Promise<number> {
  let rows = 0;
  await readXlsx(bytes, () => ({ row: () => (rows++, true), end: () => {} }));
  return rows;
}

describe('workbook zip check', () => {
  it('accepts the workbook rebuilt as it is, deflated or stored, and reads the same rows', async () => {
    const rows = await rowCount(zip(parts));
    expect(rows).toBeGreaterThan(0);
    expect(await refusal(zip(parts.map((p) => ({ ...p, store: true }))))).toBe('accepted');
    expect(await rowCount(zip(parts.map((p) => ({ ...p, store: true }))))).toBe(rows);
  });

  it('a small part holding more or fewer bytes than it declares is refused, naming it', async () => {
    for (const declared of [(n: number) => n - 1, (n: number) => n + 1]) {
      const bytes = withPart('xl/styles.xml', (p) => ({ ...p, declaredSize: declared(p.data.length) }));
      expect(await refusal(bytes)).toMatch(/^zip_mismatch: .*部件“xl\/styles\.xml”解压后的大小与文件声明不符/);
    }
  });

  it('a worksheet longer than declared passes the check (only its head is read) and is refused when read', async () => {
    const sheet = parts.find((p) => /^xl\/worksheets\/.+\.xml$/.test(p.name))!;
    const bytes = withPart(sheet.name, (p) => ({ ...p, declaredSize: p.data.length - 10 }));
    await expect(readXlsx(bytes, () => ({ row: () => true, end: () => {} }))).rejects.toMatchObject({
      code: 'zip_mismatch',
    });
  });

  it('an unknown compression method, a cut directory and random bytes are a corrupt file', async () => {
    const bzip = zip(parts);
    // The first part's method in its central directory record and local header: 12 (bzip2).
    const central = bzip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bzip.writeUInt16LE(12, central + 10);
    bzip.writeUInt16LE(12, 8);
    expect(await refusal(bzip)).toMatch(/^zip_corrupt: /);
    const whole = zip(parts);
    expect(await refusal(whole.subarray(0, whole.length - 30))).toMatch(/^zip_corrupt: /);
    expect(await refusal(Buffer.from('PK\u0003\u0004 not really a zip at all'))).toMatch(/^zip_corrupt: /);
  });
});
