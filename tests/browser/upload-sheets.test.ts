// A workbook with several report sheets, none of them for the chosen month: the upload page lists
// the sheets, the statistician picks one, and the check runs again on it.
import ExcelJS from 'exceljs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from '../crash/server-process';
import { launchChromium } from './server';

let server: ServerProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop('SIGTERM');
});

describe('choosing a sheet on the upload page', { timeout: 120_000 }, () => {
  it('offers the candidate sheets and checks the one chosen', async () => {
    const book = new ExcelJS.Workbook();
    for (const [name, value] of [
      ['甲表', 1111],
      ['乙表', 2222],
    ] as const) {
      const ws = book.addWorksheet(name);
      ws.addRow(['指标代码', '指标名称', '本月数值']);
      ws.addRow(['I-41-2', '供应产业用地', value]);
    }
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'plan-monitor-sheets-')), '两张表.xlsx');
    writeFileSync(file, Buffer.from(await book.xlsx.writeBuffer()));

    await page.goto(`${server.url}/login`);
    await page.getByLabel('用户名').fill('stat-finance');
    await page.getByLabel('密码').fill('demo1234');
    await page.locator('button[type=submit]').click();
    await page.locator('[data-testid=user-area]').waitFor();
    await page.goto(`${server.url}/report?period=2022-10`);
    await page.locator('[data-testid=upload-file]').setInputFiles(file);
    await page.locator('[data-testid=upload-preview]').click();

    await page.locator('[data-testid=sheet-choice]').waitFor();
    expect(await page.locator('[data-testid=upload-error]').textContent()).toContain('请选择要导入的工作表后重新检查');
    const offered = await page.locator('[data-testid=sheet-select] option').allTextContents();
    expect(offered).toEqual(['甲表', '乙表']);
    await page.locator('[data-testid=sheet-select]').selectOption('乙表');
    await page.locator('[data-testid=sheet-recheck]').click();

    const result = page.locator('[data-testid=upload-preview-result]');
    await result.waitFor();
    const text = await result.textContent();
    expect(text).toContain('两张表.xlsx · 乙表');
    expect(text).toContain('2,222');
    expect(await page.locator('[data-testid=sheet-choice]').count()).toBe(0);
    expect(await page.locator('[data-testid=upload-error]').count()).toBe(0);
  });
});
