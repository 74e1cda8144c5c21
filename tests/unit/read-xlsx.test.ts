// The streaming workbook reader (server/upload/read-xlsx.ts) against exceljs' full reader, which
// it replaced: on every workbook in the fixtures, on workbooks built here with each kind of cell,
// and on worksheet XML written by hand with what Excel never writes but XML allows (the reader
// scans XML itself), both must give the same cells in the same rows of the same sheets.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_COLUMNS } from '../../server/upload/limits';
import { clean, type Cell } from '../../server/upload/normalize';
import { readXlsx } from '../../server/upload/read-xlsx';
import { UploadRefusal } from '../../server/upload/refusal';

type Rows = { row: number; cells: (Cell | null)[] }[];

const isPercentFormat = (numFmt: string | undefined) => !!numFmt && numFmt.replace(/"[^"]*"/g, '').includes('%');

/** The cell mapping the importer used with exceljs' full reader (the reference). */
function reference(value: ExcelJS.CellValue, numFmt: string | undefined): Cell | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number')
    return isPercentFormat(numFmt)
      ? { t: 'number', v: Number((value * 100).toPrecision(12)), percent: true }
      : { t: 'number', v: value };
  if (typeof value === 'string') return clean(value) === '' ? null : { t: 'text', v: value };
  if (typeof value === 'boolean') return { t: 'bool', v: value };
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? null : { t: 'date', v: value.toISOString().slice(0, 10) };
  if ('error' in value) return { t: 'error', v: String(value.error) };
  if ('richText' in value) {
    const text = value.richText.map((r) => r.text).join('');
    return clean(text) === '' ? null : { t: 'text', v: text };
  }
  if ('hyperlink' in value) return reference(value.text, numFmt);
  if ('formula' in value || 'sharedFormula' in value) {
    const formula = 'formula' in value ? value.formula : value.sharedFormula;
    const result = value.result as ExcelJS.CellValue | undefined;
    if (result === undefined || result === null) return { t: 'formula', formula: String(formula ?? '') };
    return reference(result, numFmt);
  }
  return null;
}

async function withExcelJs(bytes: Buffer): Promise<Map<string, Rows>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const out = new Map<string, Rows>();
  for (const ws of workbook.worksheets) {
    if (ws.state === 'veryHidden') continue;
    const rows: Rows = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: (Cell | null)[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        if (col <= MAX_COLUMNS) cells[col - 1] = reference(cell.value, cell.numFmt);
      });
      if (cells.some((c) => c)) rows.push({ row: rowNumber, cells: Array.from(cells, (c) => c ?? null) });
    });
    out.set(ws.name, rows);
  }
  return out;
}

async function withOurs(bytes: Buffer): Promise<Map<string, Rows>> {
  const out = new Map<string, Rows>();
  await readXlsx(bytes, (name) => {
    const rows: Rows = [];
    out.set(name, rows);
    return {
      row: (row, cells) => {
        // Trailing empty cells are not part of what a row says.
        const last = cells.findLastIndex((c) => c !== null);
        rows.push({ row, cells: cells.slice(0, last + 1) });
        return true;
      },
      end: () => {},
    };
  });
  return out;
}

const trimmed = (sheets: Map<string, Rows>) =>
  new Map(
    [...sheets].map(([name, rows]) => [
      name,
      rows.map((r) => ({ row: r.row, cells: r.cells.slice(0, r.cells.findLastIndex((c) => c !== null) + 1) })),
    ]),
  );

const fixtureDirs = ['tests/fixtures/uploads', 'tests/fixtures/bad'].map((d) => path.resolve(d));
const fixtures = fixtureDirs.flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.xlsx'))
    .map((f) => path.join(dir, f)),
);

describe('the streaming reader gives what exceljs full reader gives', () => {
  it.each(fixtures.map((f) => [path.relative(process.cwd(), f), f]))('%s', async (_name, file) => {
    const bytes = readFileSync(file);
    let expected: Map<string, Rows> | null = null;
    try {
      expected = await withExcelJs(bytes);
    } catch {
      // Not a workbook exceljs can open: ours must refuse it too (with a message), not guess.
    }
    if (expected === null) {
      await expect(withOurs(bytes)).rejects.toBeInstanceOf(UploadRefusal);
      return;
    }
    let ours: Map<string, Rows>;
    try {
      ours = await withOurs(bytes);
    } catch (err) {
      // Refused before reading (zip bomb, absurd dimension …): a refusal with a message, by design.
      expect(err).toBeInstanceOf(UploadRefusal);
      return;
    }
    expect(trimmed(ours)).toEqual(trimmed(expected));
  });

  it('every kind of cell, merged ranges, hidden sheets and the 1904 date system', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('报送');
    ws.addRow(['2022年报送表']);
    ws.mergeCells('A1:E1');
    ws.addRow(['指标代码', '指标名称', '数值', null, '备注']);
    ws.addRow([null, null, '上月', '本月', null]);
    ws.mergeCells('C2:D2');
    ws.mergeCells('A2:A3');
    ws.addRow([
      'I-41-1',
      { richText: [{ text: '供应' }, { text: '产业用地', font: { bold: true } }] },
      1200,
      1500.5,
      '正常',
    ]);
    ws.addRow(['I-41-2', '比率', 0.052, 0.0625, { formula: 'A1', result: '公式结果' }]);
    ws.getCell('C5').numFmt = '0.0%';
    ws.getCell('D5').numFmt = '0.00%';
    ws.addRow(['I-41-3', '日期', new Date(Date.UTC(2022, 9, 31)), { formula: 'C4*2', result: 2400 }, true]);
    ws.addRow(['I-41-4', '错误', { error: '#DIV/0!' }, { formula: 'X1/0' }, false]);
    ws.addRow(['I-41-5', '合并', 7, 8, '合并备注']);
    ws.addRow(['I-41-6', null, 9, 10, null]);
    ws.mergeCells('E8:E9');
    ws.mergeCells('B8:B9');
    ws.addRow([' ', '  ', null, null, null]);
    ws.addRow([{ text: '链接', hyperlink: 'https://example.org' }, 'x', 1e308, -0.5, '\u3000']);
    const hidden = wb.addWorksheet('隐藏', { state: 'hidden' });
    hidden.addRow(['指标代码', '本月数值']);
    hidden.addRow(['I-1-1', 3]);
    const veryHidden = wb.addWorksheet('很隐藏', { state: 'veryHidden' });
    veryHidden.addRow(['secret']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const ours = await withOurs(bytes);
    expect([...ours.keys()]).toEqual(['报送', '隐藏']);
    expect(trimmed(ours)).toEqual(trimmed(await withExcelJs(bytes)));
    // And what that means, spelled out for the cells that matter most.
    const rows = ours.get('报送')!;
    const cellAt = (row: number, col: number) => rows.find((r) => r.row === row)?.cells[col - 1] ?? null;
    expect(cellAt(5, 3)).toEqual({ t: 'number', v: 5.2, percent: true });
    expect(cellAt(6, 3)).toEqual({ t: 'date', v: '2022-10-31' });
    expect(cellAt(7, 4)).toEqual({ t: 'formula', formula: 'X1/0' });
    expect(cellAt(9, 5)).toEqual({ t: 'text', v: '合并备注' });
    expect(cellAt(3, 1)).toEqual({ t: 'text', v: '指标代码' });

    const wb1904 = new ExcelJS.Workbook();
    wb1904.properties.date1904 = true;
    wb1904.addWorksheet('s').addRow([new Date(Date.UTC(2022, 0, 15)), 'x']);
    const bytes1904 = Buffer.from(await wb1904.xlsx.writeBuffer());
    expect(trimmed(await withOurs(bytes1904))).toEqual(trimmed(await withExcelJs(bytes1904)));
  });
});

describe('merged cells in a sheet too large to look ahead', () => {
  it('are refused with the ranges named, not read as blanks', { timeout: 60_000 }, async () => {
    const { parseFile } = await import('../../server/upload/parse');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('报送');
    ws.addRow(['指标代码', '指标名称', '本月数值', '报告期', '备注']);
    for (let i = 0; i < 60_000; i++)
      ws.addRow([`I-41-${(i % 5) + 1}`, '供应产业用地供应产业用地', i, '2022-10', `第${i}行说明`]);
    ws.mergeCells('E100:E102');
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const refusal = await parseFile({ bytes: new Uint8Array(bytes), report: '2022-10', sheet: null }, () => {}).catch(
      (e: unknown) => e,
    );
    expect(refusal).toBeInstanceOf(UploadRefusal);
    expect((refusal as UploadRefusal).code).toBe('merged_cells');
    expect((refusal as UploadRefusal).message).toContain('E100:E102');
  });
});

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

/** A one-sheet workbook exceljs wrote, its sheet (and shared strings) replaced by the given XML. */
async function handWritten(sheetData: string, options: { sharedStrings?: string; prolog?: string } = {}) {
  const wb = new ExcelJS.Workbook();
  // A string cell, so that the workbook has a shared strings part to replace.
  wb.addWorksheet('s').addRow(['placeholder']);
  const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
  const prolog = options.prolog ?? '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  zip.file('xl/worksheets/sheet1.xml', `${prolog}<worksheet xmlns="${NS}">${sheetData}</worksheet>`);
  if (options.sharedStrings !== undefined)
    zip.file(
      'xl/sharedStrings.xml',
      `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}">${options.sharedStrings}</sst>`,
    );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

describe('worksheet XML as XML allows it, read as exceljs reads it', () => {
  const cases: [string, string, { sharedStrings?: string; prolog?: string }?][] = [
    [
      'entities and character references',
      '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#x4E2D;&#25991;&#x1F600;</t></is></c>' +
        '<c r="B1" t="str"><v>&#49;&#x32;3</v></c><c r="C1"><v>&#52;2</v></c></row></sheetData>',
    ],
    [
      'comments, processing instructions and CDATA (which exceljs leaves out)',
      '<!-- before --><sheetData><?pi data?><row r="1"><c r="A1"><v>1<!-- split -->2</v></c>' +
        '<c r="B1" t="str"><v><![CDATA[<not a tag>]]>kept</v></c><!-- <c r="C1"><v>9</v></c> --></row></sheetData>',
    ],
    [
      'attributes in any order, single quotes, white space around =',
      `<sheetData><row spans='1:3' r='1'><c t='str' s='0' r='B1'><v>q</v></c><c  r = "C1"\n\tt = "b" ><v>1</v ></c >` +
        `<c s="0" r="D1" t="e"><v>#N/A</v></c></row></sheetData>`,
    ],
    [
      'self-closing cells and rows',
      '<sheetData><row r="1"><c r="A1"/><c r="B1" s="0"/><c r="C1"><v>3</v></c><c r="D1"><v/></c></row><row r="2"/>' +
        '<row r="3"><c r="B3" t="str"><v>x</v></c></row></sheetData>',
    ],
    [
      'white space and line ends in text',
      '<sheetData>\r\n  <row r="1">\n    <c r="A1" t="inlineStr"><is><t xml:space="preserve">  two\r\nlines\rhere  </t></is></c>\n' +
        '    <c r="B1" t="str"><v>tab\there</v></c>\n  </row>\n</sheetData>\n',
    ],
    [
      'rich text runs and phonetic guides, inline and shared',
      '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><r><t>供应</t></r><r><rPr><b/></rPr><t>用地</t></r></is></c>' +
        '<c r="B1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row></sheetData>',
      {
        sharedStrings:
          '<si><r><t>甲 &amp; </t></r><r><t>乙</t></r><rPh sb="0" eb="1"><t>こう</t></rPh></si><si><t>&#x41;&lt;B</t></si>',
      },
    ],
    [
      'a doctype and a byte order mark',
      '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>',
      { prolog: '\ufeff<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE worksheet>\n' },
    ],
  ];

  it.each(cases)('%s', async (_name, sheetData, options) => {
    const bytes = await handWritten(sheetData, options);
    const expected = await withExcelJs(bytes);
    expect(expected.get('s')!.length).toBeGreaterThan(0);
    expect(trimmed(await withOurs(bytes))).toEqual(trimmed(expected));
  });

  // Where exceljs' full reader reads nothing (prefixed names) or fails (rows without `r`), or
  // loses the whole inline string to its phonetic guide: the meaning spelled out instead.
  it('prefixed element names read as unprefixed ones', async () => {
    const plain =
      '<sheetData><row r="2"><c r="B2" t="inlineStr"><is><t>前缀</t></is></c><c r="C2"><v>7</v></c></row></sheetData>';
    const prefixed = `<x:sheetData xmlns:x="${NS}">${plain.replace(/<(\/?)(\w)/g, '<$1x:$2').slice('<x:sheetData>'.length)}`;
    expect(prefixed).toContain('<x:c r="B2"');
    const ours = trimmed(await withOurs(await handWritten(prefixed)));
    expect(ours.get('s')).toEqual([{ row: 2, cells: [null, { t: 'text', v: '前缀' }, { t: 'number', v: 7 }] }]);
    expect(ours).toEqual(trimmed(await withExcelJs(await handWritten(plain))));
  });

  it('rows and cells without a reference follow the one before; phonetic guides are no part of a string', async () => {
    const bytes = await handWritten(
      '<sheetData><row r="4"><c><v>1</v></c><c/><c r="E4"><v>5</v></c><c t="str"><v>F</v></c></row>' +
        '<row><c t="inlineStr"><is><t>读</t><rPh sb="0" eb="1"><t>よ</t></rPh></is></c></row><row/>' +
        '<row><c><v>3</v></c></row></sheetData>',
    );
    expect(trimmed(await withOurs(bytes)).get('s')).toEqual([
      { row: 4, cells: [{ t: 'number', v: 1 }, null, null, null, { t: 'number', v: 5 }, { t: 'text', v: 'F' }] },
      { row: 5, cells: [{ t: 'text', v: '读' }] },
      { row: 7, cells: [{ t: 'number', v: 3 }] },
    ]);
  });

  it('a sheet larger than the pieces it is decoded in: long cells and characters cut between pieces', async () => {
    const rows = Array.from({ length: 3_000 }, (_, i) => {
      const r = i + 1;
      // Three-byte characters at every offset, a long cell now and then, entities at edges.
      const textCell = '指标'.repeat(1 + (i % 7)) + 'x'.repeat(i % 3);
      const long = i % 500 === 7 ? '长'.repeat(40_000) : `&amp;${i}&#x4E2D;`;
      return (
        `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>${textCell}</t></is></c>` +
        `<c r="B${r}"><v>${i * 1.5}</v></c><c r="C${r}" t="inlineStr"><is><t>${long}</t></is></c></row>`
      );
    }).join('');
    const bytes = await handWritten(`<sheetData>${rows}</sheetData>`);
    const ours = await withOurs(bytes);
    expect(ours.get('s')).toHaveLength(3_000);
    expect(trimmed(ours)).toEqual(trimmed(await withExcelJs(bytes)));
  });

  it.each([
    ['a mismatched end tag', '<sheetData><row r="1"><c r="A1"><v>1</c></v></row></sheetData>'],
    ['an element left open', '<sheetData><row r="1"><c r="A1"><v>1</v></c></sheetData>'],
    ['an unknown entity', '<sheetData><row r="1"><c r="A1" t="str"><v>&nbsp;</v></c></row></sheetData>'],
    [
      'an entity named as an object property',
      '<sheetData><row r="1"><c r="A1" t="str"><v>&constructor;</v></c></row></sheetData>',
    ],
    ['a bare ampersand', '<sheetData><row r="1"><c r="A1" t="str"><v>a & b</v></c></row></sheetData>'],
    ['a reference to no XML character', '<sheetData><row r="1"><c r="A1" t="str"><v>&#0;</v></c></row></sheetData>'],
    ['an unquoted attribute', '<sheetData><row r=1><c r="A1"><v>1</v></c></row></sheetData>'],
    ['an unterminated tag', '<sheetData><row r="1"><c r="A1"<v>1</v></c></row></sheetData>'],
  ])('refuses %s as an unreadable workbook', async (_name, sheetData) => {
    const refusal = await withOurs(await handWritten(sheetData)).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(UploadRefusal);
    expect((refusal as UploadRefusal).code).toBe('unreadable_xlsx');
  });

  it('refuses text outside the root element and a second root', async () => {
    for (const xml of ['<sheetData/></worksheet>stray<worksheet>', '<sheetData/></worksheet><worksheet>']) {
      const refusal = await withOurs(await handWritten(xml)).catch((e: unknown) => e);
      expect((refusal as UploadRefusal).code).toBe('unreadable_xlsx');
    }
  });
});
