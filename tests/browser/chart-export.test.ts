// Exports from the page in Chromium against the real server: a chart's PNG and its data as .xlsx
// from the menu on a measure page, copying the image to the clipboard, and the overview's data
// export carrying the filters. Files arrive through Playwright's download event.
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from '../crash/server-process';
import { launchChromium } from './server';

let server: ServerProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function download(click: () => Promise<void>): Promise<{ file: Download; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await file.path();
  return { file, bytes: readFileSync(path) };
}

async function openMenu(code: string) {
  const button = page.locator(`[data-testid=export-menu-${code}]`);
  await button.scrollIntoViewIfNeeded();
  await button.click();
}

async function sheetRows(bytes: Buffer): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('exports in Chromium', () => {
  it('a chart of measure 41 downloads as a PNG from its export menu', async () => {
    await page.goto(`${server.url}/measures/41?period=2022-09`);
    await page.locator('[data-testid=export-menu-I-41-2]').waitFor();
    await openMenu('I-41-2');
    const { file, bytes } = await download(() => page.locator('[data-testid=export-png-I-41-2]').click());
    expect(file.suggestedFilename()).toBe('I-41-2 供应产业用地 2022年9月.png');
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(bytes.readUInt32BE(16)).toBe(1600);
  });

  it('the numbers behind it download as .xlsx, for the month shown', async () => {
    await openMenu('I-41-2');
    const { file, bytes } = await download(() => page.locator('[data-testid="export-data.xlsx-I-41-2"]').click());
    expect(file.suggestedFilename()).toBe('I-41-2 供应产业用地 2022年9月 数据.xlsx');
    const rows = await sheetRows(bytes);
    expect(rows[0]![0]).toBe('I-41-2 供应产业用地');
    expect(rows[1]![0]).toBe('单位：亩\u3000报告期：2022年9月');
    const header = rows.findIndex((r) => r[0] === '月份');
    expect(rows[header + 9]![0]).toBe('2022年9月');
    expect(typeof rows[header + 9]![1]).toBe('number');
  });

  it('copies the image to the clipboard as image/png', async () => {
    await openMenu('I-41-3');
    await page.locator('[data-testid=export-copy-I-41-3]').click();
    await page.getByText('图片已复制，可直接粘贴到文档中').waitFor();
    const types = await page.evaluate(async () => {
      const items = await navigator.clipboard.read();
      return items.flatMap((i) => [...i.types]);
    });
    expect(types).toContain('image/png');
  });

  it('the overview exports the data with its filters', async () => {
    await page.goto(`${server.url}/?period=2022-10&unit=financial-affairs-office`);
    await page.locator('[data-testid=measure-9]').waitFor();
    const { file, bytes } = await download(() => page.locator('[data-testid=data-export-xlsx]').click());
    expect(file.suggestedFilename()).toMatch(/逐月数据-2022-10-筛选\.xlsx$/);
    const rows = await sheetRows(bytes);
    expect(String(rows[2]![0])).toContain('筛选：单位 区金融办');
    const header = rows.findIndex((r) => r[0] === '措施');
    const measures = new Set(rows.slice(header + 1).map((r) => r[0]));
    expect(measures.has(9)).toBe(true);
    expect(measures.has(41)).toBe(false);
  });
});
