// The workbook's small XML parts, read whole with saxes (the parser exceljs itself uses): which
// sheets there are, in order, with the part each lives in (xl/workbook.xml and its relationships),
// and whether dates count from 1904. The zip check (zip-guard.ts, for its messages) and the reader
// (read-xlsx.ts) both ask here.
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { unreadable } from './xml-scan';

export const local = (name: string) => name.slice(name.indexOf(':') + 1);

/** Parse a small XML part whole, calling `open` and `close` for each element. */
export function walk(xml: string, on: { open?: (tag: SaxesTagPlain) => void; close?: (name: string) => void }) {
  const parser = new SaxesParser<{ xmlns: false; position: false }>({ xmlns: false, position: false });
  if (on.open) parser.on('opentag', on.open);
  if (on.close) parser.on('closetag', (tag) => on.close!(local(tag.name)));
  try {
    parser.write(xml).close();
  } catch {
    throw unreadable();
  }
}

export interface WorkbookSheet {
  name: string;
  /** The worksheet's part in the zip, e.g. xl/worksheets/sheet1.xml. */
  path: string;
  /** state="veryHidden": only a macro can show it; the reader leaves it out. */
  veryHidden: boolean;
}

/** The sheets of xl/workbook.xml in order, each with its part from xl/_rels/workbook.xml.rels. */
export function workbookSheets(workbook: string, rels: string | null): { sheets: WorkbookSheet[]; date1904: boolean } {
  const targets = new Map<string, string>();
  walk(rels ?? '<Relationships/>', {
    open: (tag) => {
      if (local(tag.name) !== 'Relationship') return;
      const { Id: id, Target: target } = tag.attributes;
      if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`);
    },
  });
  const sheets: WorkbookSheet[] = [];
  let date1904 = false;
  walk(workbook, {
    open: (tag) => {
      const name = local(tag.name);
      const a = tag.attributes;
      if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
      if (name !== 'sheet') return;
      const rid = Object.entries(a).find(([k]) => local(k) === 'id' && k !== 'sheetId')?.[1];
      const path = rid ? targets.get(rid) : undefined;
      if (path) sheets.push({ name: a.name ?? '', path, veryHidden: a.state === 'veryHidden' });
    },
  });
  return { sheets, date1904 };
}
